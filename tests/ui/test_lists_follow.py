"""The studies and passages lists always show the study on screen, after undo, redo and
switching studies: no row of another study lingers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.test_pageview import drag, word_point

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def click_study(window: MainWindow, qtbot: QtBot, name: str) -> None:
    project = window.context.require()
    row = next(i for i, s in enumerate(project.studies.list()) if s.name == name)
    index = window.studies.model().index(row, 0)
    with qtbot.waitSignal(window.view.firstPageDrawn, timeout=10_000):
        qtbot.mouseClick(
            window.studies.viewport(),
            Qt.MouseButton.LeftButton,
            pos=window.studies.visualRect(index).center(),
        )


def code_words(window: MainWindow, qtbot: QtBot, first: str, last: str) -> None:
    view = window.view
    drag(qtbot, view, word_point(view, 0, first), word_point(view, 0, last))
    qtbot.keyClick(view, Qt.Key.Key_1)


def assert_lists_show_the_current_study(window: MainWindow) -> None:
    project = window.context.require()
    study_id = window.context.study_id
    assert study_id is not None
    assert window.view.study_id() == study_id
    current = window.studies.currentIndex()
    assert current.isValid() and window.studies.study_ids()[current.row()] == study_id
    expected = [p.id for p in project.passages.list(study_id=study_id)]
    model = window.passages.model()
    assert window.passages.passage_ids() == expected
    assert model.rowCount() == len(expected)
    for row in range(model.rowCount()):
        page, quote = model.index(row, 0).data(), model.index(row, 1).data()
        assert page and quote, (row, page, quote)


def test_undo_and_redo_across_studies_leave_no_stale_row(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    window.resize(1300, 760)
    click_study(window, qtbot, "alpha")
    code_words(window, qtbot, "Household", "income")
    click_study(window, qtbot, "beta")
    code_words(window, qtbot, "Left", "column")
    code_words(window, qtbot, "Right", "column")
    assert len(window.passages.passage_ids()) == 2
    assert_lists_show_the_current_study(window)

    stack = context.undo_stack
    for _ in range(stack.count()):
        qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
        assert_lists_show_the_current_study(window)
    assert window.view.study_id() == window.studies.study_ids()[0]  # alpha, undone last
    assert window.passages.passage_ids() == []

    for _ in range(stack.count()):
        qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
        assert_lists_show_the_current_study(window)
    assert len(window.passages.passage_ids()) == 2  # beta, redone last

    click_study(window, qtbot, "alpha")
    assert_lists_show_the_current_study(window)
    assert len(window.passages.passage_ids()) == 1


def test_undo_from_the_passages_list_with_a_row_picked_moves_the_list_with_it(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    window.resize(1300, 760)
    click_study(window, qtbot, "alpha")
    code_words(window, qtbot, "Household", "income")
    click_study(window, qtbot, "beta")
    code_words(window, qtbot, "Left", "column")
    model = window.passages.model()
    rect = window.passages.visualRect(model.index(0, 1))
    qtbot.mouseClick(window.passages.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_passage() == window.passages.passage_ids()[0]

    qtbot.keyClick(window.passages, Qt.Key.Key_Z, CTRL)  # beta's passage goes
    assert_lists_show_the_current_study(window)
    assert window.passages.passage_ids() == []
    qtbot.keyClick(window.passages, Qt.Key.Key_Z, CTRL)  # alpha's goes: alpha is shown
    assert_lists_show_the_current_study(window)
    assert window.memo.heading.text().startswith("Memo of the study alpha")
