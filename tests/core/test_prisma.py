"""PRISMA 2020 numbers follow from the records; the diagram shows them."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from app.core.prisma import ImportedReference, ScreenedStudy, prisma_counts, project_prisma
from app.core.project import Project
from app.core.reference_import import apply, propose
from app.exchange.prisma import prisma_csv, prisma_svg, write_prisma
from app.exchange.references import read_references

# 12 studies: 6 excluded on title and abstract (no full text), 2 excluded on full text,
# 2 included with full text, 1 included whose PDF never came, 1 not yet screened.
STUDIES = [
    *(ScreenedStudy(i, "excluded", False) for i in range(1, 7)),
    ScreenedStudy(7, "excluded", True, "Wrong population"),
    ScreenedStudy(8, "excluded", True, "Not a primary study"),
    ScreenedStudy(9, "included", True),
    ScreenedStudy(10, "included", True),
    ScreenedStudy(11, "included", False),
    ScreenedStudy(12, "unscreened", False),
]
# 10 from two databases (3 of them second copies), studies 11 and 12 from PDFs alone.
REFERENCES = [
    *(ImportedReference(i, "scopus.ris", False) for i in range(1, 8)),
    ImportedReference(8, "wos.bib", False),
    ImportedReference(9, "wos.bib", False),
    ImportedReference(10, "wos.bib", False),
    *(ImportedReference(i, "wos.bib", True) for i in (1, 2, 9)),
    ImportedReference(99, "wos.bib", False),  # its study was deleted: not counted
]


def test_counts_from_a_known_set_of_records() -> None:
    counts = prisma_counts(STUDIES, REFERENCES, ["Wrong population", "Not a primary study"])
    assert counts.sources == (
        ("scopus.ris", 7),
        ("wos.bib", 6),
        ("Full texts imported without a reference", 2),
    )
    assert (counts.identified, counts.duplicates) == (15, 3)
    assert (counts.screened, counts.awaiting_screening, counts.excluded_at_screening) == (
        11,
        1,
        6,
    )
    assert (counts.sought, counts.not_retrieved, counts.assessed) == (5, 1, 4)
    assert counts.excluded_reasons == (("Wrong population", 1), ("Not a primary study", 1))
    assert counts.included == 2
    # The flow adds up: identified - duplicates = studies; assessed = excluded + included.
    assert counts.identified - counts.duplicates == len(STUDIES)
    assert counts.assessed == counts.excluded_full_text + counts.included
    assert len(counts.notes) == 2


def test_the_diagram_and_the_table_carry_every_number(tmp_path: Path) -> None:
    counts = prisma_counts(STUDIES, REFERENCES)
    svg = prisma_svg(counts, "Review & <friends>")
    root = ElementTree.fromstring(svg)
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for phrase in [
        "scopus.ris (n = 7)",
        "Duplicate records (n = 3)",
        "Records screened (n = 11)",
        "Records excluded (n = 6)",
        "Reports sought for retrieval (n = 5)",
        "Reports not retrieved (n = 1)",
        "Reports assessed for eligibility (n = 4)",
        "Wrong population (n = 1)",
        "Studies included in review (n = 2)",
        "Review & <friends>",
    ]:
        assert phrase in texts
    table = prisma_csv(counts)
    assert "Screening,Records excluded,6\n" in table
    write_prisma(counts, tmp_path / "flow.json")
    assert '"included": 2' in (tmp_path / "flow.json").read_text()


def test_a_projects_imports_and_screening_give_its_counts(
    project: Project, pdf_folder: Path, tmp_path: Path
) -> None:
    project.import_pdfs([pdf_folder])  # three full texts, no references
    ris = tmp_path / "refs.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - A record never obtained\nAU  - Lee, K.\nPY  - 2019\nER  -\n\n"
        "TY  - JOUR\nTI  - A record never obtained\nAU  - Lee, K.\nPY  - 2019\nDB  - X\nER  -\n"
    )
    apply(project, propose(project, "refs.ris", read_references(ris)))
    ids = {r.name: r.id for r in project.records.list()}
    project.records.update(ids["alpha"], {"status": "included"})
    project.records.update(ids["beta"], {"reason": "Wrong population"})
    project.records.update(ids["A record never obtained"], {"status": "excluded"})
    counts = project_prisma(project)
    assert counts.sources == (("refs.ris", 2), ("Full texts imported without a reference", 3))
    assert (counts.identified, counts.duplicates, counts.screened) == (5, 1, 4)
    assert (counts.excluded_at_screening, counts.assessed, counts.awaiting_assessment) == (
        1,
        2,
        1,
    )
    assert counts.sought == counts.not_retrieved + counts.awaiting_assessment + counts.assessed
    assert (counts.excluded_reasons, counts.included) == ((("Wrong population", 1),), 1)
