"""The toolbar stays put and says its shortcuts; every dialog closes with Escape and a button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QToolBar,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from app.ui.context import AppContext
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def toolbar_buttons(window: MainWindow) -> list[QToolButton]:
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    return [
        button
        for action in toolbar.actions()
        if isinstance(button := toolbar.widgetForAction(action), QToolButton)
        and not action.isSeparator()
    ]


def rename_first_factor(window: MainWindow, qtbot: QtBot, name: str) -> None:
    view = window.codebook.view
    model: QAbstractItemModel = view.model()
    rect = view.visualRect(model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def test_toolbar_buttons_are_icons_that_keep_their_place_and_tell_their_shortcut(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    window.resize(1300, 800)
    buttons = toolbar_buttons(window)
    assert len(buttons) >= 10
    for button in buttons:
        action = button.defaultAction()
        assert not action.icon().isNull(), action.text()
        assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        keys = action.shortcut().toString()
        if keys:
            assert f"({keys})" in action.toolTip(), action.toolTip()
    places = [(b.x(), b.width()) for b in buttons]

    rename_first_factor(window, qtbot, "Formal education and certified qualifications")

    undo = window.acts.undo
    assert "Rename factor" in undo.text()
    assert undo.toolTip().startswith("Undo Rename factor") and undo.toolTip().endswith("(Ctrl+Z)")
    assert [(b.x(), b.width()) for b in toolbar_buttons(window)] == places


def test_the_frameworks_window_closes_with_escape_and_with_its_close_button(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_T, CTRL | SHIFT)
    editor = window.frameworks
    assert editor.isVisible()
    qtbot.keyClick(editor.grid, Qt.Key.Key_Escape)
    assert not editor.isVisible()

    qtbot.keyClick(window.view, Qt.Key.Key_T, CTRL | SHIFT)
    assert editor.isVisible()
    close = editor.buttons.button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()


def test_the_page_numbering_dialog_closes_with_escape_and_has_buttons(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    context.select_study(context.require().studies.list()[0].id)
    window.citing.numbering.trigger()  # Study ▸ Page numbering…
    dialog = window.citing.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QDialogButtonBox) is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
