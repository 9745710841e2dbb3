"""The reader's current selection on the page: a text span or a region, or nothing."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.ui.pageview.selection import Selection


class SelectionState(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._selection: Selection | None = None

    def get(self) -> Selection | None:
        return self._selection

    def set(self, selection: Selection | None) -> None:
        if selection == self._selection:
            return
        self._selection = selection
        self.changed.emit()
