"""The main toolbar: icons only, so that no button moves when a label changes (Undo's text
names the step it takes back); each button's tooltip says what it does and its shortcut."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from app.ui.icons import icon


def tip(action: QAction, text: str | None = None) -> str:
    """What a button does, with its shortcut: "Undo Code passage (Ctrl+Z)"."""
    words = (text if text is not None else action.text()).replace("&&", "\0")
    words = words.replace("&", "").replace("\0", "&").rstrip(".…")
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{words} ({keys})" if keys else words


def set_text(action: QAction, text: str) -> None:
    """Change an action's text (menus) and its tooltip (toolbar) together."""
    action.setText(text)
    action.setToolTip(tip(action))


def build_toolbar(window: QMainWindow, groups: Sequence[Sequence[tuple[QAction, str]]]) -> QToolBar:
    """A toolbar of (action, icon name) groups, separated."""
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.setIconSize(QSize(22, 22))
    for number, group in enumerate(groups):
        if number:
            toolbar.addSeparator()
        for action, name in group:
            action.setIcon(icon(name))
            if not action.toolTip() or action.toolTip() == action.iconText():
                action.setToolTip(tip(action))
            toolbar.addAction(action)
    return toolbar
