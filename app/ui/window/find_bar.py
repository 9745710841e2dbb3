"""The find bar over the page: type a phrase, Enter (or F3) for the next hit, Shift+Enter (or
Shift+F3) back; it says which hit is shown, "3 of 48"."""

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

    def find_status(self) -> tuple[int, int]: ...


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
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("0000 of 0000 "))
        previous = _button("↑", "Previous hit (Shift+Enter, Shift+F3)")
        following = _button("↓", "Next hit (Enter, F3)")
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
        previous.clicked.connect(self.previous)
        following.clicked.connect(self.next)
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

    def next(self) -> None:
        """The next hit (F3); with the bar closed, opens it on the last phrase."""
        self._step(forward=True)

    def previous(self) -> None:
        self._step(forward=False)

    def _step(self, forward: bool) -> None:
        if not self.isVisible():
            self.open_bar()
            return  # opening searches again and shows the first hit from here
        if not self.field.text().strip():
            return
        if forward:
            self._view.find_next()
        else:
            self._view.find_previous()
        self._show_count()

    def _search(self, phrase: str) -> None:
        if not phrase.strip():
            self._view.clear_find()
            self.count.clear()
            return
        if self._view.find(phrase):
            self._view.find_next()  # the first hit from the page on screen, as one types
        self._show_count()

    def _show_count(self) -> None:
        current, total = self._view.find_status()
        if total == 0:
            self.count.setText("No hits")
        elif current == 0:
            self.count.setText(f"{total} hit{'s' if total != 1 else ''}")
        else:
            self.count.setText(f"{current} of {total}")

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
                back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self._step(forward=not back)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
