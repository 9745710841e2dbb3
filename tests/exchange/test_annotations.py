"""Highlights both ways: a PDF annotated elsewhere imports as passages, and a study exported
with its passages as highlights imports back as the same passages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from app.core.highlights import SKIP, colour_table, set_colour_table
from app.core.project import Project
from app.core.types import Word
from app.exchange.annotated_pdf import (
    colours_in,
    export_annotated_pdf,
    import_annotations,
    read_highlights,
)
from app.exchange.errors import ExchangeError
from tests.conftest import make_pdf, make_scan_pdf
from tests.exchange.conftest import Review
from tests.pdfgen import Page, write_pdf

ZOTERO_YELLOW = (1.0, 0.831, 0.0)  # #ffd400
RED = (1.0, 0.4, 0.4)  # #ff6666


def _quads(words: list[Word], height: float) -> list[float]:
    points: list[float] = []
    for w in words:
        top, bottom = height - w.top, height - w.bottom
        points += [w.x0, top, w.x1, top, w.x0, bottom, w.x1, bottom]
    return points


def annotate(
    data: bytes, marks: list[tuple[int, str, tuple[float, ...], list[float], str]]
) -> bytes:
    """Add markup the way reference managers do: /QuadPoints in user space, /C, /Contents."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page, subtype, colour, quads, comment in marks:
        xs, ys = quads[0::2] or [100.0], quads[1::2] or [700.0]
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(subtype),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(v) for v in (min(xs), min(ys), max(xs) + 20, max(ys) + 20)]
                ),
                NameObject("/C"): ArrayObject([FloatObject(c) for c in colour]),
                NameObject("/Contents"): TextStringObject(comment),
            }
        )
        if quads:
            annotation[NameObject("/QuadPoints")] = ArrayObject([FloatObject(v) for v in quads])
        writer.add_annotation(page_number=page, annotation=annotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def zotero(tmp_path: Path) -> tuple[Project, int, int]:
    """A study whose PDF came annotated: a yellow highlight, a red underline, a note,
    and a highlight drawn over a scanned page."""
    make_pdf(tmp_path / "plain.pdf", [["Parents with a university degree negotiated plans."]])
    make_pdf(tmp_path / "second.pdf", [["Household income decided who could top up."]])
    project = Project.create(tmp_path / "z.habitus", framework="capitals")
    project.import_pdfs([tmp_path / "plain.pdf"])
    study = project.studies.list()[0].id
    text = project.studies.text(study, 0)
    start = text.index("university")
    words = [w for w in project.studies.words(study, 0) if start <= w.start < start + 17]
    assert [text[w.start : w.end] for w in words] == ["university", "degree"]
    neg = [w for w in project.studies.words(study, 0) if text[w.start : w.end] == "negotiated"]
    data, _, _ = project.studies.pdf(study)
    annotated = annotate(
        data,
        [
            (0, "/Highlight", ZOTERO_YELLOW, _quads(words, 842), "Key finding"),
            (0, "/Underline", RED, _quads(neg, 842), ""),
            (0, "/Text", ZOTERO_YELLOW, [], "Check the sample size"),
        ],
    )
    (tmp_path / "annotated.pdf").write_bytes(annotated)
    make_scan_pdf(tmp_path / "scan.pdf")
    scan_data = (tmp_path / "scan.pdf").read_bytes()
    scan_quads = [80.0, 742.0, 300.0, 742.0, 80.0, 600.0, 300.0, 600.0]
    (tmp_path / "scan-annotated.pdf").write_bytes(
        annotate(scan_data, [(0, "/Highlight", ZOTERO_YELLOW, scan_quads, "The table")])
    )
    project.import_pdfs([tmp_path / "scan-annotated.pdf"])
    scan = project.studies.list()[1].id
    return project, study, scan


def test_highlights_from_another_reader_become_passages_by_their_colour(
    zotero: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, study, _ = zotero
    found = read_highlights(project, study, tmp_path / "annotated.pdf")
    assert colours_in(found) == {"#ffd400": 1, "#ff6666": 1}
    education = project.codebook.find("Education")
    assert education is not None
    report = import_annotations(
        project, study, tmp_path / "annotated.pdf", {"#ffd400": education.guid, "#ff6666": SKIP}
    )
    assert (report.passages, report.skipped_colour, report.notes) == (1, 1, 1)
    (passage,) = project.passages.list(study_id=study)
    assert passage.quote == "university degree"
    assert passage.code_ids == (education.id,)
    assert project.memos.get("passage", passage.id) == "Key finding"
    assert project.memos.get("study", study) == "Page 1: Check the sample size"
    # The same highlights again add nothing.
    again = import_annotations(
        project, study, tmp_path / "annotated.pdf", {"#ffd400": education.guid, "#ff6666": SKIP}
    )
    assert again.passages == 0 and again.present == 1


def test_the_colour_table_is_kept_in_the_project_and_unknown_colours_import_uncoded(
    zotero: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, study, _ = zotero
    income = project.codebook.find("Household income")
    assert income is not None
    set_colour_table(project, {"#FF6666": income.guid})
    assert colour_table(project) == {"#ff6666": income.guid}
    report = import_annotations(project, study, tmp_path / "annotated.pdf")
    assert (report.passages, report.uncoded) == (2, 1)
    by_quote = {p.quote: p for p in project.passages.list(study_id=study)}
    assert by_quote["negotiated"].code_ids == (income.id,)
    assert by_quote["university degree"].code_ids == ()


def test_a_highlight_over_a_scanned_page_becomes_a_region(
    zotero: tuple[Project, int, int],
) -> None:
    project, _, scan = zotero
    report = import_annotations(project, scan)
    assert report.passages == 1
    (region,) = project.passages.list(study_id=scan)
    assert region.kind == "region" and region.rect is not None
    assert [round(v) for v in region.rect] == [80, 100, 300, 242]


def test_a_copy_that_is_not_the_same_document_is_refused(
    zotero: tuple[Project, int, int], tmp_path: Path
) -> None:
    project, study, _ = zotero
    make_pdf(tmp_path / "other.pdf", [["One"], ["Two"]])
    with pytest.raises(ExchangeError, match="not the same document"):
        read_highlights(project, study, tmp_path / "other.pdf")


def _passages(project: Project, study: int) -> list[tuple[object, ...]]:
    names = {c.id: c.name for c in project.codebook.list()}
    return [
        (
            p.kind,
            p.quote,
            p.start_page,
            p.start_offset,
            p.end_page,
            p.end_offset,
            sorted(names[c] for c in p.code_ids),
            project.memos.get("passage", p.id),
        )
        for p in project.passages.list(study_id=study)
    ]


def test_an_exported_annotated_pdf_opens_as_highlights_and_imports_back(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "hall-annotated.pdf"
    summary = export_annotated_pdf(review.project, review.hall, out)
    # The passage across a page break is one highlight on each page.
    assert (summary.passages, summary.highlights) == (3, 4)
    reader = PdfReader(out)
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    income = next(a for a in annotations if "Top-ups" in a["/Contents"])
    assert income["/Subtype"] == "/Highlight"
    assert (
        income["/Contents"] == "Factors: Household income; Education\n\nTop-ups came from savings."
    )
    # Drawn in the colour of the passage's first factor.
    colour = review.project.codebook.get(review.income).colour
    assert [round(float(c) * 255) for c in income["/C"]] == [
        int(colour[i : i + 2], 16) for i in (1, 3, 5)
    ]
    assert len(income["/QuadPoints"]) == 8 and "/AP" in income

    expected = _passages(review.project, review.hall)
    # Into the same project, as a study of its own...
    review.project.import_pdfs([out])
    copy = next(s.id for s in review.project.studies.list() if s.name == "hall-annotated")
    report = import_annotations(review.project, copy)
    assert (report.passages, report.uncoded) == (3, 0)
    assert _passages(review.project, copy) == expected
    # ...and into another project, whose factors have other guids but the same names.
    with Project.create(tmp_path / "other.habitus", framework="capitals") as other:
        other.import_pdfs([out])
        study = other.studies.list()[0].id
        import_annotations(other, study)
        assert _passages(other, study) == expected


def test_highlights_on_a_turned_page_land_on_the_same_words(tmp_path: Path) -> None:
    pdf = tmp_path / "turned.pdf"
    write_pdf(
        pdf,
        [Page(width=792, height=612, rotate=90).text("Families paid a private advocate", 72, 100)],
    )
    with Project.create(tmp_path / "t.habitus", framework="capitals") as project:
        project.import_pdfs([pdf])
        study = project.studies.list()[0].id
        text = project.studies.text(study, 0)
        start = text.index("private")
        project.passages.add_text(study, 0, start, 0, start + len("private advocate"))
        export_annotated_pdf(project, study, tmp_path / "out.pdf")
        project.import_pdfs([tmp_path / "out.pdf"])
        copy = project.studies.list()[1].id
        import_annotations(project, copy)
        (back,) = project.passages.list(study_id=copy)
        assert back.quote == "private advocate"
