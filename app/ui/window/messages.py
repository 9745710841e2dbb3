"""Telling the user what went wrong, without blocking the window behind the message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

KEPT = 5


class Messages:
    def __init__(self, parent: QWidget):
        self._parent = parent
        self.shown: list[QMessageBox] = []  # the last few, for tests and for focus

    def error(self, text: str, title: str = "Habitus") -> QMessageBox:
        """A warning that does not block: the window keeps running behind it."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._parent
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.shown = [*self.shown[-(KEPT - 1) :], box]
        return box
