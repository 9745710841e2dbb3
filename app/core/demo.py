"""The demo project: four short synthetic studies, imported and coded with the capitals.

The studies are invented for the demo; their sentences echo the factors of a review of
personalised disability funding so that the coding has something to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.project import Project
from app.pdf.compose import PageComposer, PdfComposer


@dataclass(frozen=True)
class DemoStudy:
    filename: str
    title: str
    authors: str
    sections: tuple[tuple[str, str], ...]
    two_column: bool = False
    scanned_page: bool = False


STUDIES = (
    DemoStudy(
        "Hall-2021-personal-budgets.pdf",
        "Personal budgets and the families who make them work",
        "A. Hall, M. Ortiz. Journal of Disability Policy 14(2), 2021",
        (
            (
                "Abstract",
                "We interviewed 24 parents of disabled children who held a personal "
                "budget. Parents with a university degree described planning meetings as "
                "negotiations they could win, while others felt the plan was decided for them. "
                "Families with a higher household income could top up support when the budget "
                "ran short.",
            ),
            (
                "Findings",
                "Several mothers acted as a fierce advocate for their child, "
                "writing letters and attending every review. One father with full-time "
                "employment said he could not take the time off to attend reviews, and his "
                "son's plan was cut. Where parents knew where to find information, through "
                "online forums or a local disability service, they asked for supports that "
                "others did not know existed.",
            ),
            (
                "Discussion",
                "Informal networks mattered: friends and family who had been "
                "through the scheme explained what to say. A few families paid a private "
                "advocate to prepare for the review; a paid advocate cost more than many "
                "could afford. The capacity to self-manage funds depended on time, "
                "numeracy and confidence with paperwork.",
            ),
        ),
    ),
    DemoStudy(
        "Nguyen-2020-self-management.pdf",
        "Self-management of individual funding: who benefits?",
        "T. Nguyen, R. Patel. Social Policy Review 31, 2020",
        (
            (
                "Method",
                "A survey of 412 participants in an individual funding scheme, "
                "followed by 30 interviews. Participants who managed their own budget were "
                "compared with those whose funds were managed by an agency.",
            ),
            (
                "Results",
                "Participants who managed their own budget were more likely to hold "
                "a university degree and to report stable employment. Household income "
                "predicted self-management even after adjusting for age and impairment. "
                "People described the scheme as a maze of forms; those able to navigate "
                "the planning process had learnt its language at work.",
            ),
            (
                "Conclusion",
                "Peer support groups helped newcomers: informal networks passed "
                "on knowledge of where to find information. Without an advocate, people "
                "with intellectual disability were often left with the default plan.",
            ),
        ),
        two_column=True,
    ),
    DemoStudy(
        "Okafor-2019-navigating.pdf",
        "Navigating the scheme: an ethnography of planning meetings",
        "C. Okafor. Disability & Society 34(7), 2019",
        (
            (
                "Setting",
                "Eighteen months of observation in planning meetings in two "
                "regions. Planners used terms that only some families understood.",
            ),
            (
                "Observations",
                "Families who could navigate the planning process brought "
                "reports, quotes and a list of goals. A not-for-profit advocate often sat "
                "beside people who came alone. Appeals were lodged mostly by parents with "
                "a university degree. The handwritten field notes on the next page record "
                "one such meeting.",
            ),
        ),
        scanned_page=True,
    ),
    DemoStudy(
        "Lindqvist-2022-rural-access.pdf",
        "Rural access to personalised support",
        "E. Lindqvist, J. Moore. Rural Health Studies 9, 2022",
        (
            (
                "Background",
                "Personalised funding assumes a market of providers; in rural "
                "towns there may be none.",
            ),
            (
                "Findings",
                "Informal networks filled gaps: friends and family drove people to "
                "appointments. Household income decided whether a family could buy services "
                "in the city. Few knew where to find information about the scheme, and the "
                "nearest advocate was three hours away.",
            ),
        ),
    ),
)

# Phrase, factor: every occurrence is coded, as a researcher would with "code every hit".
AUTOCODE = (
    ("university degree", "Education"),
    ("full-time employment", "Being employed"),
    ("stable employment", "Being employed"),
    ("household income", "Household income"),
    ("managed their own budget", "Capacity to self-manage funds"),
    ("capacity to self-manage funds", "Capacity to self-manage funds"),
    (
        "navigate the planning process",
        "Knowledge and skills in navigating complex bureaucratic systems",
    ),
    ("where to find information", "Knowledge of where to access information"),
    ("informal networks", "Informal networks and support"),
    ("friends and family", "Informal networks and support"),
    ("advocate", "Advocacy (self, familial, not-for-profit, paid)"),
    ("paid advocate", "Paid advocacy"),
)


def _one_column(page: PageComposer, study: DemoStudy) -> None:
    top = page.paragraph(72, 72, 451, study.title, size=16, bold=True)
    top = page.paragraph(72, top, 451, study.authors, size=10)
    for heading, body in study.sections:
        top = page.text(72, top + 6, heading, size=12, bold=True)
        top = page.paragraph(72, top, 451, body)


def _two_columns(page: PageComposer, study: DemoStudy) -> None:
    top = page.paragraph(56, 60, 483, study.title, size=16, bold=True)
    top = page.paragraph(56, top, 483, study.authors, size=10)
    columns = [(56.0, top + 8), (307.0, top + 8)]
    half = (len(study.sections) + 1) // 2
    for column, sections in enumerate((study.sections[:half], study.sections[half:])):
        x, y = columns[column]
        for heading, body in sections:
            y = page.text(x, y + 6, heading, size=12, bold=True)
            y = page.paragraph(x, y, 232, body, size=10)


def write_study_pdf(study: DemoStudy, folder: Path) -> Path:
    pdf = PdfComposer()
    page = pdf.page()
    (_two_columns if study.two_column else _one_column)(page, study)
    if study.scanned_page:
        scan = pdf.page()
        scan.rect(72, 90, 451, 260, grey=0.82)
        scan.rect(96, 120, 300, 14, grey=0.45)
        scan.rect(96, 150, 380, 14, grey=0.45)
        scan.rect(96, 180, 340, 14, grey=0.45)
    return pdf.save(folder / study.filename)


# The invented studies' records, as a reference manager would give them: what the studies
# table, Table 1 and the PRISMA diagram show.
RECORDS: dict[str, dict[str, object]] = {
    "Hall-2021-personal-budgets.pdf": {
        "authors": ["Hall, A.", "Ortiz, M."],
        "year": 2021,
        "journal": "Journal of Disability Policy",
        "volume": "14",
        "issue": "2",
        "design": "Qualitative interviews",
        "sample_size": 24,
        "sample": "24 parents of disabled children",
        "country": "Australia",
        "setting": "Personal budgets",
        "groups": ["(a) explicitly about inequality"],
    },
    "Nguyen-2020-self-management.pdf": {
        "authors": ["Nguyen, T.", "Patel, R."],
        "year": 2020,
        "journal": "Social Policy Review",
        "volume": "31",
        "design": "Mixed methods",
        "sample_size": 112,
        "sample": "112 budget holders, survey and interviews",
        "country": "United Kingdom",
        "setting": "Direct payments",
        "groups": ["(a) explicitly about inequality", "(b) good outcomes"],
    },
    "Okafor-2019-navigating.pdf": {
        "authors": ["Okafor, C."],
        "year": 2019,
        "journal": "Disability & Society",
        "volume": "34",
        "issue": "7",
        "design": "Ethnography",
        "sample": "18 planning meetings observed",
        "country": "Australia",
        "setting": "NDIS",
        "groups": ["(b) good outcomes"],
    },
    "Lindqvist-2022-rural-access.pdf": {
        "authors": ["Lindqvist, E.", "Moore, J."],
        "year": 2022,
        "journal": "Rural Health Studies",
        "volume": "9",
        "design": "Case study",
        "sample_size": 9,
        "sample": "9 families in two rural towns",
        "country": "Sweden",
        "setting": "Personal assistance",
        "groups": ["(b) good outcomes"],
    },
}


def build_demo(folder: Path) -> Path:
    """Write the demo PDFs and a coded project into `folder`; returns the project path."""
    folder.mkdir(parents=True, exist_ok=True)
    pdfs = folder / "studies"
    pdfs.mkdir(exist_ok=True)
    for study in STUDIES:
        write_study_pdf(study, pdfs)
    path = folder / "demo.habitus"
    if path.exists():
        path.unlink()
    with Project.create(path, framework="capitals") as project:
        project.import_pdfs([pdfs])
        by_file = {s.filename: s.id for s in project.studies.list()}
        project.records.update_many(
            {
                by_file[name]: {**fields, "status": "included", "guessed": ()}
                for name, fields in RECORDS.items()
                if name in by_file
            },
            create_groups=True,
        )
        for phrase, factor in AUTOCODE:
            code = project.codebook.find(factor)
            if code is not None:
                project.autocode(phrase, code.id, ignore_case=True)
        okafor = next(s for s in project.studies.list() if s.name.startswith("Okafor"))
        notes = project.codebook.find(
            "Knowledge and skills in navigating complex bureaucratic systems"
        )
        region = project.passages.add_region(
            okafor.id, 1, (72, 90, 523, 350), (notes.id,) if notes else ()
        )
        project.memos.set(
            "passage", region.id, "Field notes: the family brought a folder of reports."
        )
        project.memos.set(
            "project",
            None,
            "Demo review: which forms of capital shape who benefits from personalised funding?",
        )
    return path
