"""A small review built by hand, whose right answers the synthesis tests write down.

Three studies (generated PDFs), the capitals framework, and thirteen passages:

    hall (4 pages, Australia, included, group (a))
      p0  P1 "university degree" Education; P2 line 2 Household income
      p1  P3 "Informal networks and support" Informal networks; P4 "Self-management of funds"
          Capacity to self-manage funds (memo: "hard for some")
      p2  P5 "A paid advocate prepared the family" Paid advocacy (a sub-factor of Advocacy);
          P6 "a fierce advocate for their child" Advocacy + Informal networks
      p3  "They traced the race to the bottom in the scheme." (no passage)
    nguyen (3 pages, United Kingdom, included, group (b))
      p0  P7 "Household income predicted selfmanagement" Household income + Capacity;
          P8 "stable employment" Being employed
      p1  P9 "Peer networks passed on knowledge" Informal networks; P10 "knowledge of where
          to find information" Knowledge of where to access information (overlaps P9);
          the page ends "The financial"
      p2  starts with the running head "Nguyen and Patel 2020", then "burden fell on ..."
    okafor (2 pages, Australia, excluded, no group)
      p0  P11 "navigate the planning process" Knowledge navigating; P12 "process with an
          advocate" Advocacy (overlaps P11)
      p1  a scan: P13 a region, Being employed
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from app.core.project import Project
from app.pdf.compose import PdfComposer
from app.store.models import Page
from tests.conftest import make_pdf

HALL = [
    [
        "Parents with a university degree negotiated their plans.",
        "Household income decided who could top up support.",
    ],
    [
        "Informal networks and support helped with forms.",
        "Self-management of funds was hard for some.",
    ],
    [
        "A paid advocate prepared the family for the review.",
        "Mothers acted as a fierce advocate for their child.",
    ],
    ["They traced the race to the bottom in the scheme."],
]
NGUYEN = [
    [
        "Household income predicted selfmanagement in the survey.",
        "Participants with stable employment managed budgets.",
    ],
    [
        "Peer networks passed on knowledge of where to find information.",
        "The financial",
    ],
    ["Nguyen and Patel 2020", "burden fell on mothers of disabled children."],
]
OKAFOR = ["Families could navigate the planning process with an advocate."]
RUNNING_HEAD = "Nguyen and Patel 2020"

SHORT = {
    "education": "Education",
    "employed": "Being employed",
    "income": "Household income",
    "capacity": "Capacity to self-manage funds",
    "navigating": "Knowledge and skills in navigating complex bureaucratic systems",
    "where": "Knowledge of where to access information",
    "informal": "Informal networks and support",
    "advocacy": "Advocacy (self, familial, not-for-profit, paid)",
    "paid": "Paid advocacy",
}


@dataclass
class Review:
    project: Project
    studies: dict[str, int]
    codes: dict[str, int]
    themes: dict[str, int]
    passages: dict[str, int]
    framework_id: int


def _okafor(path: Path) -> Path:
    pdf = PdfComposer()
    page = pdf.page()
    page.text(72, 72, OKAFOR[0], size=11)
    scan = pdf.page()
    scan.rect(72, 72, 400, 300)
    return pdf.save(path)


def make_pdfs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "hall": make_pdf(folder / "hall.pdf", HALL),
        "nguyen": make_pdf(folder / "nguyen.pdf", NGUYEN),
        "okafor": _okafor(folder / "okafor.pdf"),
    }


def text_span(project: Project, study_id: int, page: int, fragment: str) -> tuple[int, int]:
    text = project.studies.text(study_id, page)
    start = text.index(fragment)
    return start, start + len(fragment)


def build_review(path: Path) -> Review:
    """The project at `path`, built and coded; the caller closes it."""
    pdfs = make_pdfs(path.parent / "review-pdfs")
    project = Project.create(path, framework="capitals")
    report = project.import_pdfs([pdfs["hall"], pdfs["nguyen"], pdfs["okafor"]])
    assert not report.failures
    studies = {Path(s.filename).stem: s.id for s in project.studies.list()}
    codes = {key: project.codebook.find(name).id for key, name in SHORT.items()}  # type: ignore[union-attr]
    themes = {t.name.split()[0].lower(): t.id for t in project.frameworks.themes()}
    framework_id = project.frameworks.list()[0].id

    # The running head of nguyen's third page is page furniture; the index skips it.
    with project.database.transaction() as session:
        nguyen = studies["nguyen"]
        session.execute(
            update(Page)
            .where(Page.study_id == nguyen, Page.page_index == 2)
            .values(furniture=json.dumps([[0, len(RUNNING_HEAD) + 1]]))
        )
    for key, status, group in (
        ("hall", "included", "(a)"),
        ("nguyen", "included", "(b)"),
        ("okafor", "excluded", ""),
    ):
        fields: dict[str, object] = {"status": status, "groups": (group,) if group else ()}
        project.records.update(studies[key], fields, create_groups=True)
    project.search_index.forget_study(studies["nguyen"])
    project.search_index.update_studies([studies["nguyen"]])
    # Design, sample and country are fields of a study's record; "region" and "approach"
    # are attributes the researcher defined.
    project.records.update(
        studies["hall"], {"country": "Australia", "design": "Interviews", "sample": "24 parents"}
    )
    project.records.update(studies["nguyen"], {"country": "United Kingdom", "design": "Survey"})
    project.records.update(studies["okafor"], {"country": "Australia"})
    project.studies.set_attribute(studies["hall"], "region", "Australia")
    project.studies.set_attribute(studies["hall"], "approach", "Interviews")
    project.studies.set_attribute(studies["hall"], "funding", "public")
    project.studies.set_attribute(studies["nguyen"], "region", "United Kingdom")
    project.studies.set_attribute(studies["nguyen"], "approach", "Survey")
    project.studies.set_attribute(studies["okafor"], "region", "Australia")

    plan = {
        "P1": ("hall", 0, "university degree", ["education"]),
        "P2": ("hall", 0, HALL[0][1], ["income"]),
        "P3": ("hall", 1, "Informal networks and support", ["informal"]),
        "P4": ("hall", 1, "Self-management of funds", ["capacity"]),
        "P5": ("hall", 2, "A paid advocate prepared the family", ["paid"]),
        "P6": ("hall", 2, "a fierce advocate for their child", ["advocacy", "informal"]),
        "P7": ("nguyen", 0, "Household income predicted selfmanagement", ["income", "capacity"]),
        "P8": ("nguyen", 0, "stable employment", ["employed"]),
        "P9": ("nguyen", 1, "Peer networks passed on knowledge", ["informal"]),
        "P10": ("nguyen", 1, "knowledge of where to find information", ["where"]),
        "P11": ("okafor", 0, "navigate the planning process", ["navigating"]),
        "P12": ("okafor", 0, "process with an advocate", ["advocacy"]),
    }
    passages: dict[str, int] = {}
    for key, (study, page, fragment, factors) in plan.items():
        start, end = text_span(project, studies[study], page, fragment)
        passage = project.passages.add_text(
            studies[study], page, start, page, end, tuple(codes[f] for f in factors)
        )
        passages[key] = passage.id
    region = project.passages.add_region(
        studies["okafor"], 1, (80, 80, 300, 200), (codes["employed"],)
    )
    passages["P13"] = region.id
    project.memos.set("passage", passages["P4"], "Funds were hard for some to manage.")
    return Review(project, studies, codes, themes, passages, framework_id)
