"""Search and autocode: whole words, and forgiving about quotes, dashes and line-end hyphens."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.hyphenation import resolve
from app.core.project import Project
from app.core.textnorm import display_quote, find_spans
from tests.pdfgen import Page, write_pdf


@pytest.fixture
def hyphenated(project: Project, tmp_path: Path) -> tuple[Project, int]:
    page = Page()
    lines = [
        "Services for the hard-",
        "to-reach families and the state-",
        "of-the-art tools lift the bur-",
        "den of care for non-",
        "European parents; self-",
        "management helps, as self-management always does.",
        "A trace of race and \u201ccapital\u201d in 1990\u20132000.",
    ]
    for n, line in enumerate(lines):
        page.text(line, 72, 100 + 16 * n)
    write_pdf(tmp_path / "h.pdf", [page])
    study = project.import_pdfs([tmp_path / "h.pdf"]).added[0]
    return project, study.id


def _quotes(project: Project, study_id: int, phrase: str, **options: bool) -> list[str]:
    hits = project.search.find(phrase, study_id=study_id, **options)
    text = project.studies.text(study_id, 0)
    return [display_quote(text[h.start : h.end]) for h in hits]


def test_compounds_broken_at_a_line_end_keep_their_hyphen(hyphenated: tuple[Project, int]) -> None:
    project, study_id = hyphenated
    assert _quotes(project, study_id, "hard-to-reach") == ["hard-to-reach"]
    assert _quotes(project, study_id, "state-of-the-art") == ["state-of-the-art"]
    assert _quotes(project, study_id, "non-European") == ["non-European"]
    assert _quotes(project, study_id, "self-management") == ["self-management"] * 2


def test_a_word_broken_at_a_line_end_is_found_however_the_query_spells_it(
    hyphenated: tuple[Project, int],
) -> None:
    project, study_id = hyphenated
    for spelling in ("burden", "bur-den", "bur- den"):
        assert _quotes(project, study_id, spelling) == ["burden"], spelling


def test_whole_words_by_default(hyphenated: tuple[Project, int]) -> None:
    project, study_id = hyphenated
    assert _quotes(project, study_id, "race") == ["race"]
    assert _quotes(project, study_id, "race", whole_words=False) == ["race", "race"]


def test_quotes_and_dashes_match_their_plain_forms(hyphenated: tuple[Project, int]) -> None:
    project, study_id = hyphenated
    assert _quotes(project, study_id, '"capital"') == ["\u201ccapital\u201d"]
    assert _quotes(project, study_id, "1990-2000") == ["1990\u20132000"]
    assert _quotes(project, study_id, "CAPITAL", ignore_case=True) == ["capital"]


def test_autocode_substring_option(hyphenated: tuple[Project, int]) -> None:
    project, _ = hyphenated
    code = project.codebook.add("Race")
    assert len(project.autocode("race", code.id)) == 1
    assert len(project.autocode("race", code.id, whole_words=False)) == 1  # only "trace" is new


def test_pages_without_a_usable_text_layer_give_no_hits(project: Project, tmp_path: Path) -> None:
    garbled = Page().styled("race " + "<?>" * 40, 72, 100, font="F2")
    write_pdf(tmp_path / "g.pdf", [garbled, Page().text("a race on a good page", 72, 100)])
    study = project.import_pdfs([tmp_path / "g.pdf"]).added[0]
    assert project.studies.page(study.id, 0).text_status == "unusable"
    assert [h.page for h in project.search.find("race", study_id=study.id)] == [1]


def test_hyphen_decisions_use_the_whole_document() -> None:
    pages = ["A well\u00ad\nknown case.", "It is well-known, and a con\u00ad\ncern."]
    assert resolve(pages) == ["A well-\nknown case.", "It is well-known, and a con\u00ad\ncern."]


def test_find_spans_maps_back_to_the_stored_text() -> None:
    text = "the \ufb01nancial bur\u00ad\nden"
    [span] = find_spans(text, "financial burden")
    assert text[span[0] : span[1]] == "\ufb01nancial bur\u00ad\nden"
