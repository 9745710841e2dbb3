"""Each study opens where it was left, after a switch and after reopening the project; the
status bar says the page, printed and in the PDF, and takes a page to go to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.main_window import MainWindow
from tests.conftest import make_pdf
from tests.ui.conftest import stored

pytestmark = pytest.mark.gui

BOOK_PAGES = 6


@pytest.fixture
def book_project(tmp_path: Path, imported_template: Path) -> Path:
    path = tmp_path / "review.habitus"
    shutil.copyfile(imported_template, path)
    pages = [[f"Chapter line {n} on page {p + 1} about support." for n in range(30)]
             for p in range(BOOK_PAGES)]  # fmt: skip
    with Project.open(path) as project:
        project.import_pdfs([make_pdf(tmp_path / "book.pdf", pages)])
    return path


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 720)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_project(path)
    return window


def click_study(window: MainWindow, qtbot: QtBot, name: str) -> None:
    project = window.context.require()
    row = next(i for i, s in enumerate(project.studies.list()) if s.name == name)
    rect = window.studies.visualRect(window.studies.model().index(row, 0))
    qtbot.mouseClick(window.studies.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.study_id() == project.studies.list()[row].id


def test_a_study_opens_where_it_was_left_after_a_switch_and_a_reopen(
    qtbot: QtBot, book_project: Path
) -> None:
    window = open_window(qtbot, book_project)
    click_study(window, qtbot, "book")
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    for _ in range(6):
        qtbot.keyClick(view, Qt.Key.Key_Down)  # a little way down the third page
    left = view.reading_position()
    assert left is not None and left[0] == 2 and left[1] > 10
    assert window.page_indicator.text() == "p. 3 (PDF 3 of 6)"

    click_study(window, qtbot, "alpha")
    assert view.current_page() == 0
    click_study(window, qtbot, "book")
    back = view.reading_position()
    assert back is not None and back[0] == 2 and back[1] == pytest.approx(left[1], abs=1.5)
    assert window.page_indicator.text() == "p. 3 (PDF 3 of 6)"

    window.close()
    with stored(book_project) as reader:
        book = next(s.id for s in reader.studies.list() if s.name == "book")
        kept = reader.reading.get(book)
        assert kept is not None and kept.page == 2
        assert reader.reading.last_study() == book

    again = open_window(qtbot, book_project)
    assert again.view.study_id() == book  # the study read last
    reopened = again.view.reading_position()
    assert reopened is not None and reopened[0] == 2
    assert reopened[1] == pytest.approx(left[1], abs=1.5)
    again.close()


def test_the_page_field_shows_the_printed_number_and_goes_to_a_printed_or_pdf_page(
    qtbot: QtBot, book_project: Path
) -> None:
    window = open_window(qtbot, book_project)
    click_study(window, qtbot, "book")
    project = window.context.require()
    study = window.view.study_id()
    assert study is not None
    project.page_numbers.set_first_printed(study, 162)
    field = window.page_indicator
    assert field.text() == "p. 162 (PDF 1 of 6)"

    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, "164")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.view.current_page() == 2
    assert field.text() == "p. 164 (PDF 3 of 6)"

    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, "PDF 5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.view.current_page() == 4
    assert field.text() == "p. 166 (PDF 5 of 6)"

    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, "400")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.view.current_page() == 4  # no such page: it stays, and says so
    assert "No page '400'" in window.statusBar().currentMessage()
    window.close()
