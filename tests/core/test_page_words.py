"""Why the words of a page with text cannot be selected, for now or for good."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.page_words import TEXT_DIFFERS
from app.core.project import Project
from app.pdf.errors import PdfError
from app.store import models


def study_id(project: Project, name: str) -> int:
    return next(s.id for s in project.studies.list() if s.name == name)


def stored_words(project: Project, study: int, page: int) -> str | None:
    with project.database.reading() as session:
        row = session.query(models.Page).filter_by(study_id=study, page_index=page).one()
        return row.words


def forget_words(project: Project, study: int) -> None:
    """As a study imported before its word boxes were ever asked for."""
    with project.database.transaction() as session:
        session.query(models.Page).filter_by(study_id=study).update({"words": None})
    project.studies.forget_pages([study])


def test_words_of_a_readable_page_come_with_no_reason(imported: Project) -> None:
    alpha = study_id(imported, "alpha")
    forget_words(imported, alpha)
    found = imported.studies.page_words(alpha, 0)
    assert found.words and found.unavailable == ""
    scan = imported.studies.page_words(study_id(imported, "gamma-scan"), 0)
    assert (scan.words, scan.unavailable) == ([], "")  # no text: nothing to select, no alarm


def test_a_page_whose_stored_text_is_not_the_pdfs_says_so_for_good(
    imported: Project, tmp_path: Path
) -> None:
    alpha = study_id(imported, "alpha")
    forget_words(imported, alpha)
    with imported.database.transaction() as session:
        row = session.query(models.Page).filter_by(study_id=alpha, page_index=0).one()
        row.text = row.text + " and words another reader found"
    imported.studies.forget_pages([alpha])

    found = imported.studies.page_words(alpha, 0)
    assert (found.words, found.unavailable, found.lasting) == ([], TEXT_DIFFERS, True)
    assert stored_words(imported, alpha, 0) == "[]"  # not computed again
    assert imported.studies.words(alpha, 0) == []
    path = imported.path
    imported.close()
    with Project.open(path) as reopened:  # known again from what was kept
        again = reopened.studies.page_words(alpha, 0)
        assert (again.unavailable, again.lasting) == (TEXT_DIFFERS, True)
        assert reopened.studies.page_words(alpha, 1).unavailable == ""


def test_a_pdf_that_cannot_be_read_now_says_why_and_is_asked_again(
    imported: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    alpha = study_id(imported, "alpha")
    forget_words(imported, alpha)

    def fail(*_args: object, **_kwargs: object) -> object:
        raise PdfError("pdfium gave up on this page")

    monkeypatch.setattr("app.pdf.words.page_words", fail)
    found = imported.studies.page_words(alpha, 0)
    assert found.words == [] and not found.lasting
    assert "pdfium gave up on this page" in found.unavailable
    assert stored_words(imported, alpha, 0) is None  # nothing kept: tried again
    monkeypatch.undo()
    again = imported.studies.page_words(alpha, 0)
    assert again.words and again.unavailable == ""
    assert stored_words(imported, alpha, 0) not in (None, "[]")
