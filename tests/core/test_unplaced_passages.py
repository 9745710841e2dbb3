"""A passage a new version of its PDF lost cites no page anywhere until it is placed by hand,
and its old offsets cover nothing on the new pages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core.project import Project
from app.core.quote_check import UNPLACED
from app.core.replace_pdf import read_pdf, read_stored_pdf, replace_pdf, unplaced_passages
from app.core.reporting.coded import coded_passages
from app.core.synthesis.browser import browse
from app.core.synthesis.cooccurrence import cooccurrence
from app.core.verify import verify
from app.exchange.csv_passages import write_passages_csv
from app.exchange.workbook import write_workbook
from app.pdf.compose import PdfComposer
from app.store import models
from tests.conftest import make_pdf

A = "Parents with a university degree negotiated their plans."
D = "Second page: advocacy by a parent made the difference."
CUT = "Ephemeral words the proof cut"  # in the first version only
# Where CUT was, the corrected proof prints other words of the same length.
SAME_PLACE = "Informal networks helped most"
THIRD = "A third page the proof leaves out."


@dataclass
class Replaced:
    project: Project
    study_id: int
    kept: int  # found again on the new version
    lost: int  # a text passage the new version has no words for
    region: int  # a region on a page the new version does not have
    code: int


def span_of(project: Project, study_id: int, page: int, words: str) -> tuple[int, int]:
    text = project.studies.text(study_id, page)
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def replaced(project: Project, tmp_path: Path) -> Replaced:
    return build_replaced(project, tmp_path)


def build_replaced(project: Project, tmp_path: Path) -> Replaced:
    """A study whose PDF was replaced: one passage found again, a text passage whose words
    the new version lost (other words now stand at its old place) and a region on a page
    the new version does not have."""
    assert len(CUT) == len(SAME_PLACE)
    make_pdf(tmp_path / "proof.pdf", [[A], [D, CUT + "."], [THIRD]])
    study_id = project.import_pdfs([tmp_path / "proof.pdf"]).added[0].id
    code = project.codebook.add("Networks").id
    lo, hi = span_of(project, study_id, 0, A)
    kept = project.passages.add_text(study_id, 0, lo, 0, hi, (code,)).id
    lo, hi = span_of(project, study_id, 1, CUT)
    lost = project.passages.add_text(study_id, 1, lo, 1, hi, (code,)).id
    region = project.passages.add_region(study_id, 2, (60, 60, 300, 140), (code,)).id
    make_pdf(tmp_path / "corrected.pdf", [[A], [D, SAME_PLACE + "."]])
    result = replace_pdf(project, study_id, read_pdf(tmp_path / "corrected.pdf"))
    assert result.unplaced == [lost, region]
    # The lost passage's old offsets now cover exactly the new words.
    assert span_of(project, study_id, 1, SAME_PLACE) == span_of_passage(project, lost)
    return Replaced(project, study_id, kept, lost, region, code)


def span_of_passage(project: Project, passage_id: int) -> tuple[int, int]:
    passage = project.passages.get(passage_id)
    assert passage.start_offset is not None and passage.end_offset is not None
    return passage.start_offset, passage.end_offset


def test_a_lost_passage_says_it_is_unplaced_and_a_found_one_that_it_is_placed(
    replaced: Replaced,
) -> None:
    project = replaced.project
    listed = {p.id: p for p in project.passages.list(study_id=replaced.study_id)}
    assert listed[replaced.kept].placed
    assert not listed[replaced.lost].placed and not listed[replaced.region].placed
    assert not project.passages.get(replaced.lost).placed
    assert UNPLACED in listed[replaced.lost].text_check


def test_the_passage_list_cites_no_page_for_it(replaced: Replaced) -> None:
    rows = {row.passage_id: row for row in browse(replaced.project).rows}
    kept, lost = rows[replaced.kept], rows[replaced.lost]
    assert (kept.page, kept.placed) == ("1", True)
    assert (lost.page, lost.placed) == ("", False)
    assert lost.text_check == UNPLACED
    assert lost.as_dict()["start_page"] is None and lost.as_dict()["placed"] is False
    assert kept.as_dict()["start_page"] == 1
    # What copying or exporting the list writes.
    assert sorted(cells[1] for cells in browse(replaced.project).table()) == ["", "", "1"]


def test_exports_print_no_page_for_it_and_say_why(replaced: Replaced, tmp_path: Path) -> None:
    project = replaced.project
    coded = {item.passage.id: item for item in coded_passages(project)}
    assert (coded[replaced.kept].cited, coded[replaced.kept].pdf_pages) == ("1", "1")
    assert (coded[replaced.lost].cited, coded[replaced.lost].pdf_pages) == ("", "")

    write_workbook(project, tmp_path / "review.xlsx")
    sheet = load_workbook(tmp_path / "review.xlsx")["Passages"]
    table = list(sheet.iter_rows(values_only=True))
    header = list(table[0])
    by_quote = {row[4]: dict(zip(header, row, strict=True)) for row in table[1:]}
    assert header[4] == "Quote"
    assert (by_quote[A]["Page"], by_quote[A]["PDF page"], by_quote[A]["Text check"]) == (1, 1, None)
    lost = by_quote[CUT]
    assert (lost["Page"], lost["PDF page"]) == (None, None)
    assert lost["Text check"] == UNPLACED
    # The region has no place on the new pages: no picture of whatever is there now.
    assert sheet._images == []

    write_passages_csv(project, tmp_path / "passages.csv")
    with open(tmp_path / "passages.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cut = next(row for row in rows if row["Quote"] == CUT)
    assert (cut["Page"], cut["PDF page"], cut["Text check"]) == ("", "", UNPLACED)
    found = next(row for row in rows if row["Quote"] == A)
    assert (found["Page"], found["PDF page"]) == ("1", "1")


def test_coding_every_hit_codes_the_words_now_where_a_lost_passage_was(
    replaced: Replaced,
) -> None:
    project = replaced.project
    made = project.search.autocode(project.passages, SAME_PLACE, replaced.code)
    assert [p.quote for p in made] == [SAME_PLACE]
    assert span_of_passage(project, made[0].id) == span_of_passage(project, replaced.lost)
    project.passages.delete(made[0].id)
    (again,) = project.autocode(SAME_PLACE, replaced.code)
    assert again.quote == SAME_PLACE and again.placed
    # Now it is coded: a second run leaves it alone.
    assert project.autocode(SAME_PLACE, replaced.code) == []


def test_a_lost_passage_overlaps_nothing_on_the_new_pages(replaced: Replaced) -> None:
    project = replaced.project
    other = project.codebook.add("Support").id
    lo, hi = span_of(project, replaced.study_id, 1, SAME_PLACE)
    new = project.passages.add_text(replaced.study_id, 1, lo, 1, hi, (other,)).id
    pairs = {frozenset(pair) for pair in cooccurrence(project).pairs}
    assert frozenset((new, replaced.lost)) not in pairs
    # Placed passages still overlap as before.
    project.passages.add_text(replaced.study_id, 1, lo, 1, hi - 5, (replaced.code,))
    assert any(new in pair for pair in cooccurrence(project).pairs)


def test_a_lost_passage_deleted_and_brought_back_still_waits_to_be_placed(
    replaced: Replaced,
) -> None:
    project = replaced.project
    snapshot = project.passages.delete(replaced.lost)
    project.passages.restore(snapshot)
    assert not project.passages.get(replaced.lost).placed
    assert replaced.lost in unplaced_passages(project, replaced.study_id)


def test_the_quote_check_lists_it_as_to_place(
    replaced: Replaced, capsys: pytest.CaptureFixture[str]
) -> None:
    report = verify(replaced.project, replaced.study_id)
    (lost,) = [m for m in report.mismatches if m.passage_id == replaced.lost]
    assert (lost.page, lost.pdf_page, lost.problem) == ("", 0, UNPLACED)
    path = replaced.project.path
    replaced.project.close()
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"to place: {CUT!r}" in out
    assert "p. 2" not in out


def test_a_passage_a_new_reading_of_the_same_pdf_lost_is_listed_to_place(
    project: Project, tmp_path: Path
) -> None:
    """Read the pages again: the PDF stays the same file, the passage still needs a place."""
    make_pdf(tmp_path / "study.pdf", [[A, D]])
    study_id = project.import_pdfs([tmp_path / "study.pdf"]).added[0].id
    lo, hi = span_of(project, study_id, 0, D)
    passage = project.passages.add_text(study_id, 0, lo, 0, hi).id
    with project.database.transaction() as session:  # coded on a reading that had other words
        row = session.get(models.Passage, passage)
        assert row is not None
        row.quote = "Words this reading of the page does not have at all."
    result = replace_pdf(project, study_id, read_stored_pdf(project, study_id), reread=True)
    assert result.unplaced == [passage]
    assert unplaced_passages(project, study_id) == [passage]
    assert project.records.get(study_id).flags() == ["1 passages to place"]
    assert not project.passages.get(passage).placed


def test_a_region_on_a_page_too_narrow_for_it_is_pictured_nowhere(
    project: Project, tmp_path: Path
) -> None:
    make_pdf(tmp_path / "wide.pdf", [[A]])
    study_id = project.import_pdfs([tmp_path / "wide.pdf"]).added[0].id
    code = project.codebook.add("Figures").id
    region = project.passages.add_region(study_id, 0, (420, 60, 560, 200), (code,)).id
    narrow = PdfComposer()
    narrow.page(width=360).text(36, 72, A, size=9)
    narrow.save(tmp_path / "narrow.pdf")
    result = replace_pdf(project, study_id, read_pdf(tmp_path / "narrow.pdf"))
    assert result.unplaced == [region]
    write_workbook(project, tmp_path / "review.xlsx")
    assert load_workbook(tmp_path / "review.xlsx")["Passages"]._images == []
