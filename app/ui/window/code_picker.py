"""Code with...: a popup list of factors, filtered as you type; Enter applies.

Typing a name no factor has offers "Create factor 'X'", which makes the factor and applies it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.core.types import Code

CODE_ID = Qt.ItemDataRole.UserRole
NEW_NAME = Qt.ItemDataRole.UserRole + 1


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class CodePicker(QFrame):
    codeChosen = Signal(int)
    createRequested = Signal(str)

    def __init__(self, codes: list[Code], parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("codePicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._codes = codes
        self.field = QLineEdit()
        self.field.setPlaceholderText("Type to filter, or a new factor name")
        self.list = QListWidget()
        self.list.setMinimumWidth(340)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.field.textChanged.connect(self._filter)
        self.field.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        self.list.itemClicked.connect(self._choose)
        self._filter("")

    def popup_size(self) -> QSize:
        return QSize(380, 320)

    def popup(self, at: QPoint) -> None:
        self.resize(self.popup_size())
        self.move(at)
        self.show()
        self.field.setFocus()

    def visible_names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        wanted = text.strip().casefold()
        self.list.clear()
        for code in self._codes:
            if wanted in code.name.casefold():
                item = QListWidgetItem(swatch(code.colour), code.name)
                item.setData(CODE_ID, code.id)
                item.setToolTip(code.definition or code.name)
                self.list.addItem(item)
        if wanted and not any(code.name.casefold() == wanted for code in self._codes):
            item = QListWidgetItem(f"Create factor '{text.strip()}'")
            item.setData(NEW_NAME, text.strip())
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        new_name = item.data(NEW_NAME)
        self.close()
        if new_name:
            self.createRequested.emit(new_name)
        else:
            self.codeChosen.emit(item.data(CODE_ID))

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and (event.type() == QKeyEvent.Type.KeyPress)
        ):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentItem())
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                # Arrow keys move in the list while the caret stays in the filter field.
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
