"""Every quote is the text on the page, cited by the page number printed on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core.project import Project
from app.core.textnorm import display_quote
from app.core.verify import verify
from app.exchange.workbook import write_workbook
from tests.journal import CROSSING, journal_article
from tests.pdfgen import Page, write_pdf


@pytest.fixture
def journal(project: Project, tmp_path: Path) -> tuple[Project, int]:
    report = project.import_pdfs([journal_article(tmp_path / "hall-2021.pdf")])
    assert not report.failures
    return project, report.added[0].id


def _crossing_passage(project: Project, study_id: int) -> int:
    first, second = project.studies.text(study_id, 1), project.studies.text(study_id, 2)
    start = first.index(CROSSING[0]) + CROSSING[0].index("The")
    end = second.index("links between") + len("links between")
    return project.passages.add_text(study_id, 1, start, 2, end).id


def test_a_quote_across_a_page_break_skips_the_running_head(
    journal: tuple[Project, int],
) -> None:
    project, study_id = journal
    passage = project.passages.get(_crossing_passage(project, study_id))
    assert display_quote(passage.quote) == "The links between"
    assert project.page_numbers.cite(study_id, passage.start_page, passage.end_page) == "163-164"
    # Highlighted: "The" on the first page and "links between" on the next, no running head.
    assert [box.page for box in passage.boxes] == [1, 2]


def test_a_running_head_selected_on_its_own_can_be_coded(journal: tuple[Project, int]) -> None:
    project, study_id = journal
    text = project.studies.text(study_id, 0)
    start = text.index("ER 29,2")
    passage = project.passages.add_text(study_id, 0, start, 0, start + len("ER 29,2"))
    assert passage.quote == "ER 29,2"


def test_search_finds_a_phrase_across_the_page_break(journal: tuple[Project, int]) -> None:
    project, study_id = journal
    hits = project.search.find("the links between", study_id=study_id, ignore_case=True)
    assert [(h.page, h.last_page) for h in hits] == [(1, 2)]
    code = project.codebook.add("Conflict")
    [made] = project.autocode("The links between", code.id)
    assert display_quote(made.quote) == "The links between"
    # Running heads are not searched: a phrase only they contain finds nothing.
    assert project.search.find("Shift work interventions", study_id=study_id) == []


def test_the_sheet_cites_the_printed_page_and_gives_the_pdf_page(
    journal: tuple[Project, int], tmp_path: Path
) -> None:
    project, study_id = journal
    code = project.codebook.add("Networks")
    crossing = _crossing_passage(project, study_id)
    project.passages.apply(crossing, code.id)
    text = project.studies.text(study_id, 3)
    start = text.index("Body line 2 of page 4")
    single = project.passages.add_text(study_id, 3, start, 3, start + 21, (code.id,))
    out = tmp_path / "coded.xlsx"
    write_workbook(project, out)
    rows = list(load_workbook(out)["Passages"].iter_rows(values_only=True))
    header = rows[0]
    by_quote = {row[header.index("Quote")]: row for row in rows[1:]}
    row = by_quote["The links between"]
    assert row[header.index("Page")] == "163-164"
    assert row[header.index("PDF page")] == "2-3"
    row = by_quote[display_quote(project.passages.get(single.id).quote)]
    assert row[header.index("Page")] == 165  # a number, not text
    assert row[header.index("PDF page")] == 4
    assert row[header.index("Text check")] is None


def test_the_researchers_numbering_wins_and_can_be_taken_back(
    journal: tuple[Project, int],
) -> None:
    project, study_id = journal
    assert project.page_numbers.set_first_printed(study_id, 10) is None
    assert project.page_numbers.cite(study_id, 1, 2) == "11-12"
    assert project.page_numbers.set_first_printed(study_id, None) == 10
    assert project.page_numbers.cite(study_id, 1, 2) == "163-164"


def test_labels_are_cited_where_no_number_is_printed(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    write_pdf(path, [Page().text(f"page {i}", 72, 300) for i in range(4)],
              labels={0: "/S /r", 2: "/S /D /St 1"})  # fmt: skip
    study = project.import_pdfs([path]).added[0]
    assert project.page_numbers.cited([study.id])[study.id] == ["i", "ii", "1", "2"]


def test_a_quote_over_an_unreadable_glyph_says_so(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "math.pdf"
    write_pdf(path, [Page().styled("the mass <?> of it and <e>-privacy", 72, 100, font="F2")])
    study = project.import_pdfs([path]).added[0]
    text = project.studies.text(study.id, 0)
    assert "\u03f5-privacy" in text
    passage = project.passages.add_text(study.id, 0, 0, 0, text.index(" and"))
    assert passage.quote == "the mass \ufffd of it"
    assert passage.text_check.startswith("1 symbol unreadable")
    out = tmp_path / "coded.xlsx"
    code = project.codebook.add("Mass")
    project.passages.apply(passage.id, code.id)
    write_workbook(project, out)
    rows = list(load_workbook(out)["Passages"].iter_rows(values_only=True))
    assert rows[1][rows[0].index("Text check")].startswith("1 symbol unreadable")
    from app.core.summary import project_summary

    [summary] = project_summary(project)["studies"]
    assert summary["unreadable"] == 1 and "1 symbol unreadable" in summary["flags"]


def test_verify_reports_a_quote_the_page_no_longer_says(
    journal: tuple[Project, int], capsys: pytest.CaptureFixture[str]
) -> None:
    project, study_id = journal
    passage_id = _crossing_passage(project, study_id)
    assert verify(project).ok
    # The stored text as an older extractor had it: the quote no longer matches the PDF.
    from app.store.models import Page as PageRow

    with project.database.transaction() as session:
        row = session.query(PageRow).filter_by(study_id=study_id, page_index=2).one()
        row.text = row.text.replace("links between", "lynx between")
        stored = row.text
    with project.database.transaction() as session:
        from app.store.models import Passage as PassageRow

        session.get(PassageRow, passage_id).quote = "The\\nlynx between"  # type: ignore[union-attr]
    report = verify(project)
    assert [m.passage_id for m in report.mismatches] == [passage_id]
    assert report.mismatches[0].page == "163-164"
    assert "links between" in report.mismatches[0].problem
    assert "now reads" in project.passages.get(passage_id).text_check
    path = project.path
    project.close()
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "p. 163-164 (PDF page 2)" in out and "1 no longer match" in out
    assert stored  # the change above was written


def test_verify_is_quiet_when_every_quote_matches(
    journal: tuple[Project, int], capsys: pytest.CaptureFixture[str]
) -> None:
    project, study_id = journal
    _crossing_passage(project, study_id)
    path = project.path
    project.close()
    assert main(["verify", str(path)]) == 0
    assert "every one matches" in capsys.readouterr().out


def test_cli_sets_and_shows_a_studys_numbering(
    journal: tuple[Project, int], capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = journal
    path = project.path
    project.close()
    assert main(["pages", str(path), "hall-2021", "--first", "7"]) == 0
    out = capsys.readouterr().out
    assert "numbered by hand from 7" in out and "cited as      8  (printed 163" in out
    assert main(["pages", str(path), "hall-2021", "--detected"]) == 0
    assert "cited as    163" in capsys.readouterr().out
    assert main(["pages", str(path), "no-such-study"]) == 1


def test_verify_keeps_a_passage_waiting_to_be_placed(journal: tuple[Project, int]) -> None:
    from app.core.replace_pdf import UNPLACED

    project, study_id = journal
    passage_id = _crossing_passage(project, study_id)
    project.passages.set_text_checks({passage_id: UNPLACED})
    report = verify(project)
    assert [m.problem for m in report.mismatches] == [UNPLACED]
    assert project.passages.get(passage_id).text_check == UNPLACED


def test_rereading_brings_an_older_text_layer_up_to_date(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A study read by the earlier extractor lost its TeX epsilon, and so did its quote. Read
    again, the page has the epsilon and the passage is found anew, epsilon and all."""
    from app.pdf.text import extract_pages
    from app.store.models import Page as PageRow
    from app.store.models import Study as StudyRow

    path = tmp_path / "tex.pdf"
    write_pdf(path, [Page().styled("Definition 1 (<e>-differential privacy) holds.", 72, 100,
                                   font="F2")])  # fmt: skip
    study = project.import_pdfs([path]).added[0]
    old = extract_pages(path.read_bytes(), None, 0, 1, version=1)[0].text
    assert "(-differential" in old
    with project.database.transaction() as session:
        session.get(StudyRow, study.id).text_layer = 1  # type: ignore[union-attr]
        session.query(PageRow).filter_by(study_id=study.id).one().text = old
    project.studies.forget_pages()
    start = old.index("(-differential")
    end = start + len("(-differential privacy)")
    passage = project.passages.add_text(study.id, 0, start, 0, end)
    assert passage.quote == "(-differential privacy)"
    assert verify(project).ok  # the earlier reading agrees with itself
    location = project.path
    project.close()
    assert main(["verify", str(location), "--reread"]) == 0
    assert "read by an earlier version" in capsys.readouterr().out
    with Project.open(location) as reopened:
        assert reopened.studies.text_layer(study.id) == 2
        assert reopened.passages.get(passage.id).quote == "(\u03f5-differential privacy)"
