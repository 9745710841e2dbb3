"""Help ▸ Keyboard shortcuts: every key the window knows on one page, read from the menus
themselves (so it cannot drift from them), with the mouse gestures of the page beside."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QVBoxLayout,
)

ON_THE_PAGE = (
    ("Drag over words", "Select text (in reading order, one column at a time)"),
    ("Shift+click", "Extend the selection"),
    ("Double-click", "Select a word"),
    ("Alt+drag, or R then drag", "Draw a region (scans, figures, tables)"),
    ("Drag the selection onto a factor", "Code it with that factor"),
    ("Click a highlight", "Pick the passage; drag its end grips (or a region's corners) to resize"),
    ("Right-click a highlight", "Add or remove a factor, memo, delete"),
    ("PgUp / PgDn, Home / End", "Previous / next page, first / last page"),
    ("Ctrl+wheel", "Zoom"),
    ("Escape", "Clear the selection"),
)


NUMBERED = "Apply factor by number"


def menu_rows(menu: QMenu) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            if sub.title().replace("&", "") == NUMBERED:  # nine rows say one thing
                rows.append(("1 … 9", "Apply factor 1 to 9 (the first nine in the codebook)"))
            else:
                rows += menu_rows(sub)
            continue
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
        )
        if keys and not action.isSeparator():
            rows.append((keys, action.text().replace("&", "").rstrip("…")))
    return rows


def sheet_html(window: QMainWindow) -> str:
    sections = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = menu_rows(menu)
        if rows:
            sections.append((menu.title().replace("&", ""), rows))
    sections.append(("On the page", list(ON_THE_PAGE)))
    columns: tuple[list[str], list[str]] = ([], [])
    filled = [0, 0]
    for title, rows in sections:
        body = "".join(
            f"<tr><td style='padding-right:12px'><b>{escape(keys)}</b></td>"
            f"<td>{escape(what)}</td></tr>"
            for keys, what in rows
        )
        side = 0 if filled[0] <= filled[1] else 1  # the shorter column takes the next menu
        columns[side].append(
            f"<h3 style='margin-bottom:2px'>{escape(title)}</h3><table>{body}</table>"
        )
        filled[side] += len(rows) + 2
    left, right = "".join(columns[0]), "".join(columns[1])
    return (
        "<p>Code a whole study without the mouse: <b>Ctrl+→</b> selects the next sentence, "
        "<b>Ctrl+Shift+→</b> takes in one more, <b>1</b>–<b>9</b> or <b>Ctrl+K</b> codes it, "
        "<b>N</b> goes to the next coded passage.</p>"
        f"<table width='100%'><tr><td valign='top' width='50%'>{left}</td>"
        f"<td valign='top' width='50%'>{right}</td></tr></table>"
    )


class ShortcutSheet(QDialog):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setContentsMargins(12, 8, 12, 8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.resize(940, 700)

    def fill(self) -> None:
        self.text.setText(sheet_html(self._window))
