"""A button that drops down a checklist: "Factors (2)", "Status: included"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QMenu, QToolButton, QWidget


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ChoiceButton(QToolButton):
    """A multiple choice among (value, label) items; `changed` fires on every tick."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self._actions: list[tuple[object, QAction]] = []
        self.set_items([])

    def set_items(
        self, items: Sequence[tuple[object, str]], colours: Sequence[str] | None = None
    ) -> None:
        """Replace the items, keeping ticked those that are still there."""
        keep = set(self.chosen())
        self.menu_.clear()
        self._actions = []
        for number, (value, label) in enumerate(items):
            action = self.menu_.addAction(label)
            action.setCheckable(True)
            action.setChecked(value in keep)
            if colours is not None:
                action.setIcon(swatch(colours[number]))
            action.toggled.connect(self._toggled)
            self._actions.append((value, action))
        if self._actions:
            self.menu_.addSeparator()
            clear = self.menu_.addAction("Clear")
            clear.triggered.connect(self.clear)
        self.setEnabled(bool(self._actions))
        self._label()

    def chosen(self) -> list[object]:
        return [value for value, action in self._actions if action.isChecked()]

    def set_chosen(self, values: Sequence[object]) -> None:
        wanted = set(values)
        for value, action in self._actions:
            action.blockSignals(True)
            action.setChecked(value in wanted)
            action.blockSignals(False)
        self._label()
        self.changed.emit()

    def clear(self) -> None:
        self.set_chosen([])

    def _toggled(self, _checked: bool) -> None:
        self._label()
        self.changed.emit()

    def _label(self) -> None:
        ticked = [action.text() for _, action in self._actions if action.isChecked()]
        if not ticked:
            self.setText(f"{self.title}: any")
        elif len(ticked) == 1:
            short = ticked[0] if len(ticked[0]) <= 24 else ticked[0][:23] + "…"
            self.setText(f"{self.title}: {short}")
        else:
            self.setText(f"{self.title}: {len(ticked)}")
        self.setToolTip("\n".join(ticked) or f"Any {self.title.lower()}")
