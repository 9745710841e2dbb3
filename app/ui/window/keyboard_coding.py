"""Coding a whole study from the keyboard: the keys that move and select by sentence or
paragraph on the page, the keys that go from passage to passage, and Help ▸ Keyboard
shortcuts. Coding itself is the number keys and Ctrl+K (`coding_actions`)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app.ui.pageview import PageView
from app.ui.window.shortcut_sheet import ShortcutSheet

# text, keys, unit, forward, extend
MOVES = (
    ("Select next sentence", "Ctrl+Right", "sentence", True, False),
    ("Select previous sentence", "Ctrl+Left", "sentence", False, False),
    ("Select next paragraph", "Ctrl+Down", "paragraph", True, False),
    ("Select previous paragraph", "Ctrl+Up", "paragraph", False, False),
    ("Extend selection by a sentence", "Ctrl+Shift+Right", "sentence", True, True),
    ("Shrink selection by a sentence", "Ctrl+Shift+Left", "sentence", False, True),
    ("Extend selection by a paragraph", "Ctrl+Shift+Down", "paragraph", True, True),
    ("Shrink selection by a paragraph", "Ctrl+Shift+Up", "paragraph", False, True),
)


def find_menu(window: QMainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.title().replace("&", "") == title:
            return menu
    return None


class KeyboardCoding(QObject):
    def __init__(self, window: QMainWindow, view: PageView):
        super().__init__(window)
        self._window = window
        self._view = view
        self.sheet: ShortcutSheet | None = None
        self.moves: list[QAction] = []
        for text, keys, unit, forward, extend in MOVES:
            action = QAction(text, view)
            action.setShortcut(QKeySequence(keys))
            # Only while the page has the keys: in a text field these keys move the caret.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(
                lambda _checked=False, u=unit, f=forward, e=extend: view.keyboard.move(u, f, e)
            )
            view.addAction(action)
            self.moves.append(action)
        self.next_passage = self._window_action("Next passage", "N", True)
        self.previous_passage = self._window_action("Previous passage", "Shift+N", False)
        self.shortcuts = QAction("&Keyboard shortcuts", window)
        self.shortcuts.setShortcut(QKeySequence("F1"))
        self.shortcuts.triggered.connect(self.show_sheet)
        window.addAction(self.shortcuts)

        code = find_menu(window, "Code")
        if code is not None:
            moving = QMenu("Select by &keyboard", window)
            for action in self.moves:
                moving.addAction(action)
            moving.addSeparator()
            moving.addAction(self.next_passage)
            moving.addAction(self.previous_passage)
            code.addSeparator()
            code.addMenu(moving)
        help_menu = window.menuBar().addMenu("&Help")
        help_menu.addAction(self.shortcuts)

    def _window_action(self, text: str, keys: str, forward: bool) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{text} ({keys})")
        action.triggered.connect(lambda _checked=False: self._view.keyboard.step_passage(forward))
        self._window.addAction(action)
        return action

    def show_sheet(self) -> ShortcutSheet:
        if self.sheet is None:
            self.sheet = ShortcutSheet(self._window)
        self.sheet.fill()
        self.sheet.show()
        self.sheet.raise_()
        self.sheet.activateWindow()
        return self.sheet
