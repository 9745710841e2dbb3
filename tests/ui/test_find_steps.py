"""Find says which hit is shown, "n of N", and steps with Enter, Shift+Enter and F3."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.context import AppContext
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_find_counts_the_hit_shown_and_steps_both_ways_with_enter_and_f3(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    alpha = next(s for s in context.require().studies.list() if s.name == "alpha")
    context.select_study(alpha.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    qtbot.keyClicks(bar.field, "support")
    assert bar.count.text() == "1 of 2"
    first = window.view.current_hit()
    assert first is not None

    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 2"
    second = window.view.current_hit()
    assert second is not None and second.start > first.start
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "1 of 2"  # round again
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    assert bar.count.text() == "2 of 2"
    assert window.view.current_hit() == second

    # F3 from the page, with the focus away from the find field.
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F3)
    assert bar.count.text() == "1 of 2"
    assert window.view.current_hit() == first
    qtbot.keyClick(window.view, Qt.Key.Key_F3, SHIFT)
    assert bar.count.text() == "2 of 2"


def test_f3_with_the_find_bar_closed_opens_it_on_the_last_phrase(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    alpha = next(s for s in context.require().studies.list() if s.name == "alpha")
    context.select_study(alpha.id)
    bar = window.find_bar
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(bar.field, "support")
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F3)
    assert bar.isVisible()
    assert bar.count.text() == "1 of 2"
