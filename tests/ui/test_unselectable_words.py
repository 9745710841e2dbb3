"""A page whose words cannot be selected says so over the page, and a drag on it draws a
region, which codes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.core.page_words import TEXT_DIFFERS
from app.core.project import Project
from app.pdf.errors import PdfError
from app.store import models
from app.ui.main_window import MainWindow
from app.ui.pageview import RegionSelection, TextSelection
from tests.ui.conftest import stored

pytestmark = pytest.mark.gui

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def study_id(project: Project, name: str) -> int:
    return next(s.id for s in project.studies.list() if s.name == name)


def forget_words(project: Project, study: int) -> None:
    """As a study whose word boxes were never asked for."""
    with project.database.transaction() as session:
        session.query(models.Page).filter_by(study_id=study).update({"words": None})
    project.studies.forget_pages([study])


def open_study(qtbot: QtBot, window: MainWindow, name: str) -> None:
    """Click the study in the Studies list."""
    studies = window.studies
    index = studies.model().index(
        studies.study_ids().index(study_id(window.context.require(), name)), 0
    )
    qtbot.mouseClick(studies.viewport(), LEFT, pos=studies.visualRect(index).center())


def drag(qtbot: QtBot, window: MainWindow, start: QPoint, end: QPoint) -> None:
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, LEFT, NO_MOD, start)
    qtbot.mouseMove(viewport, (start + end) / 2)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, NO_MOD, end)


def test_a_page_whose_text_is_not_the_pdfs_says_so_and_is_coded_by_region(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    project = window.context.require()
    alpha = study_id(project, "alpha")
    forget_words(project, alpha)
    with project.database.transaction() as session:  # read at import by another reader
        row = session.query(models.Page).filter_by(study_id=alpha, page_index=0).one()
        row.text = row.text + " and words another reader found"
    project.studies.forget_pages([alpha])
    window.resize(1366, 768)

    open_study(qtbot, window, "alpha")
    view, notice = window.view, window.view.words_notice
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert notice.page() == 0
    assert "The words of this page cannot be selected" in notice.text()
    assert TEXT_DIFFERS in notice.text() and "Draw a region (R)" in notice.text()
    assert notice.geometry().top() == 0 and notice.width() == view.viewport().width()
    qtbot.waitUntil(lambda: view.is_rendered(0), timeout=10_000)
    assert window.grab().save(str(tmp_path / "words-notice.png"))

    drag(qtbot, window, view.map_from_page(0, 60, 60), view.map_from_page(0, 420, 140))
    selection = view.selection()
    assert isinstance(selection, RegionSelection) and selection.page == 0
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1)
    first = project.codebook.list()[0].id
    with stored(project.path) as reader:
        (passage,) = reader.passages.list(study_id=alpha)
        assert (passage.kind, passage.start_page, passage.code_ids) == ("region", 0, (first,))
        assert "Parents" in passage.quote or passage.quote == ""

    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # page 2 reads as it was imported
    qtbot.waitUntil(lambda: view.current_page() == 1, timeout=5_000)
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=10_000)


def test_a_pdf_that_cannot_be_read_now_says_why_and_works_when_opened_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.context.require()
    alpha = study_id(project, "alpha")
    forget_words(project, alpha)

    def fail(*_args: object, **_kwargs: object) -> object:
        raise PdfError("pdfium gave up on this page")

    monkeypatch.setattr("app.pdf.words.page_words", fail)
    window.resize(1366, 768)
    open_study(qtbot, window, "alpha")
    notice = window.view.words_notice
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert "cannot be selected just now" in notice.text()
    assert "pdfium gave up on this page" in notice.text()
    assert "looked for again when the study is next opened" in notice.text()
    with stored(project.path) as reader:
        assert reader.studies.pages_without_words(alpha) == [0, 1]  # nothing kept: asked again

    monkeypatch.undo()
    open_study(qtbot, window, "beta")
    open_study(qtbot, window, "alpha")
    view = window.view
    qtbot.waitUntil(
        lambda: (doc := view.document()) is not None and doc.has_words(0), timeout=10_000
    )
    assert not notice.isVisible()
    drag(qtbot, window, view.map_from_page(0, 70, 76), view.map_from_page(0, 200, 76))
    assert isinstance(view.selection(), TextSelection)


def test_a_page_that_cannot_be_drawn_says_why_itself_without_a_notice_over_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import make_pdf
    from tests.undrawable import refuse_renderer

    refuse_renderer(monkeypatch)
    project = window.context.require()
    (study,) = project.import_pdfs([make_pdf(tmp_path / "damaged.pdf", [["Some text."]])]).added
    forget_words(project, study.id)

    def fail(*_args: object, **_kwargs: object) -> object:
        raise PdfError("the file structure cannot be read")

    monkeypatch.setattr("app.pdf.words.page_words", fail)  # nor its words, this time
    window.resize(1366, 768)
    open_study(qtbot, window, "damaged")
    view = window.view
    qtbot.waitUntil(lambda: view.painter.blank(0), timeout=10_000)
    doc = view.document()
    assert doc is not None and doc.words_unavailable(0) is not None
    assert not view.words_notice.isVisible()
