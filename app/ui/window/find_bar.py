"""The find bar over the page: type a phrase, Enter for the next hit, Shift+Enter back."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class Findable(Protocol):
    def find(self, phrase: str) -> int: ...

    def find_next(self) -> object: ...

    def find_previous(self) -> object: ...

    def clear_find(self) -> None: ...


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, view: Findable, parent: QWidget | None = None):
        super().__init__(parent)
        self._view = view
        self.setObjectName("findBar")
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in this study")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setMinimumWidth(90)
        previous = _button("↑", "Previous hit (Shift+Enter)")
        following = _button("↓", "Next hit (Enter)")
        close = _button("✕", "Close (Escape)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.field.textChanged.connect(self._search)
        self.field.installEventFilter(self)
        previous.clicked.connect(self._view.find_previous)
        following.clicked.connect(self._view.find_next)
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text():
            self._search(self.field.text())

    def close_bar(self) -> None:
        self._view.clear_find()
        self.hide()
        self.closed.emit()

    def _search(self, phrase: str) -> None:
        if not phrase.strip():
            self._view.clear_find()
            self.count.clear()
            return
        hits = self._view.find(phrase)
        self.count.setText("No hits" if hits == 0 else f"{hits} hit{'s' if hits != 1 else ''}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and (event.type() == QKeyEvent.Type.KeyPress)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self._view.find_previous()
                else:
                    self._view.find_next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
