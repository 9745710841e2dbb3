"""What the page view shows for a study whose PDF is not in the project yet."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class NoFullText(QFrame):
    """A card over the empty page area: which study, and a button to attach its PDF."""

    attachRequested = Signal()

    def __init__(self, area: QWidget):
        super().__init__(area)
        self.setObjectName("noFullText")
        self.setStyleSheet(
            "#noFullText { background: white; border: 1px solid #b8b8b8; border-radius: 8px; }"
        )
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        text = QLabel(
            "Its full text is not in the project yet. Attach the PDF when you have it: "
            "its record, screening and groups stay as they are."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton("Attach PDF…")
        self.button.setObjectName("attachFromPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addWidget(text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button.clicked.connect(self.attachRequested)
        self._area = area
        area.installEventFilter(self)
        self.hide()

    def show_for(self, label: str | None) -> None:
        if label is None:
            self.hide()
            return
        self.title.setText(label)
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        width = min(440, max(260, self._area.width() - 40))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((self._area.width() - width) // 2, max(20, self._area.height() // 4))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._area and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
