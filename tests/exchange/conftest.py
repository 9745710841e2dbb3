"""A hand-built review for the exchange tests: two studies (one a scan), nested factors, a
factor under two themes, records, memos, and a quote that looks like a formula."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.project import Project
from app.core.reporting.records import set_screening
from tests.conftest import make_pdf, make_scan_pdf

HALL = [
    "=SUM(A1:A9) of the parents held a university degree.",
    "Household income decided who could top up support.",
    "Informal networks and support helped with forms.",
]
HALL_2 = ["A paid advocate cost more than many could afford."]


@dataclass
class Review:
    project: Project
    hall: int
    scan: int
    education: int
    income: int
    advocacy: int
    paid: int
    formula: int  # the passage quoting "=SUM(A1:A9)..."
    income_passage: int
    across: int  # a passage from page 1 to page 2
    region: int


def build_review(tmp_path: Path) -> Review:
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "Hall 2021.pdf", [HALL, HALL_2])
    make_scan_pdf(folder / "Okafor 2019.pdf")
    project = Project.create(tmp_path / "review.habitus", framework="capitals")
    report = project.import_pdfs([folder / "Hall 2021.pdf", folder / "Okafor 2019.pdf"])
    assert not report.failures
    hall, scan = (s.id for s in project.studies.list())
    codes = {c.name: c.id for c in project.codebook.list()}
    education = codes["Education"]
    income = codes["Household income"]
    advocacy = codes["Advocacy (self, familial, not-for-profit, paid)"]
    paid = codes["Paid advocacy"]
    text = project.studies.text(hall, 0)
    line2 = text.index("Household income")
    formula = project.passages.add_text(hall, 0, 0, 0, len(HALL[0]), (education,))
    income_passage = project.passages.add_text(
        hall, 0, line2, 0, line2 + len("Household income"), (income, education)
    )
    last = text.index("Informal")
    across = project.passages.add_text(hall, 0, last, 1, len("A paid advocate"), (advocacy, paid))
    region = project.passages.add_region(scan, 0, (80.0, 90.0, 300.0, 250.0), (income,))
    project.memos.set("passage", income_passage.id, "Top-ups came from savings.")
    project.memos.set("study", hall, "Interviews with 24 parents.")
    project.memos.set("code", education, "Degrees only.")
    project.memos.set("project", None, "Review of personal budgets.")
    # Design, sample and country are fields of the record; funding is an attribute.
    project.records.update(
        hall, {"design": "Interviews", "sample_size": 24, "country": "Australia"}
    )
    project.studies.set_attribute(hall, "Funding", "ARC")
    project.records.update(scan, {"design": "Survey"})
    set_screening(project, hall, "included", "", "group (a)")
    set_screening(project, scan, "excluded", "wrong population", "group (b)")
    return Review(
        project,
        hall,
        scan,
        education,
        income,
        advocacy,
        paid,
        formula.id,
        income_passage.id,
        across.id,
        region.id,
    )


@pytest.fixture(scope="session")
def review_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Review]:
    """Built once; every test gets its own copy of the file."""
    built = build_review(tmp_path_factory.mktemp("review"))
    built.project.close()
    return built.project.path, built


@pytest.fixture
def review(review_template: tuple[Path, Review], tmp_path: Path) -> Iterator[Review]:
    path, built = review_template
    copy = tmp_path / "review.habitus"
    shutil.copyfile(path, copy)
    with Project.open(copy) as project:
        yield dataclasses.replace(built, project=project)
