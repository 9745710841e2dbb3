"""The Code with… popup opens beside what is selected, never over it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from pytestqt.qtbot import QtBot

from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pageview import RegionSelection, TextSelection
from app.ui.window.code_picker import CodePicker
from tests.ui.test_pageview import drag, word_point

pytestmark = pytest.mark.gui

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def show_alpha(window: MainWindow, context: AppContext, qtbot: QtBot) -> None:
    window.resize(1300, 720)
    alpha = next(s for s in context.require().studies.list() if s.name == "alpha")
    with qtbot.waitSignal(window.view.firstPageDrawn, timeout=10_000):
        context.select_study(alpha.id)


def open_picker(window: MainWindow, qtbot: QtBot) -> CodePicker:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    picker = window.coding.picker
    assert picker is not None and picker.isVisible()
    return picker


def on_screen(window: MainWindow, rect: QRect) -> QRect:
    viewport = window.view.viewport()
    return QRect(viewport.mapToGlobal(rect.topLeft()), rect.size())


def test_the_popup_opens_beside_a_region_in_the_middle_of_the_page(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    show_alpha(window, context, qtbot)
    middle = window.view.viewport().rect().center()
    start, end = middle - QPoint(120, 80), middle + QPoint(120, 80)
    drag(qtbot, window.view, start, end, ALT)
    assert isinstance(window.view.selection(), RegionSelection)
    selected = on_screen(window, QRect(start, end))

    picker = open_picker(window, qtbot)

    assert not picker.geometry().intersects(selected), (picker.geometry(), selected)
    screen = window.screen().availableGeometry()
    assert screen.contains(picker.geometry())


def test_the_popup_opens_beside_selected_lines_and_codes_them(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    show_alpha(window, context, qtbot)
    view = window.view
    drag(qtbot, view, word_point(view, 0, "Household"), word_point(view, 0, "forms."))
    assert isinstance(view.selection(), TextSelection)
    first, last = word_point(view, 0, "Household"), word_point(view, 0, "forms.")
    lines = on_screen(window, QRect(first, last).normalized().adjusted(-4, -8, 4, 8))

    picker = open_picker(window, qtbot)

    assert not picker.geometry().intersects(lines)
    qtbot.keyClicks(picker.field, "Household income")
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)
    project = context.require()
    (passage,) = project.passages.list(study_id=view.study_id())
    assert passage.quote.startswith("Household income")
