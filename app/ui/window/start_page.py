"""What the window shows with no project open: how to begin, and the recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PATH = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    recentChosen = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        title = QLabel("<h1>Habitus</h1>")
        intro = QLabel(
            "Import the PDFs of your review, read each page, highlight passages and code them "
            "with factors grouped under a framework. Every change is saved as you make it."
        )
        intro.setWordWrap(True)
        self.new_button = QPushButton("New project…")
        self.open_button = QPushButton("Open project…")
        self.demo_button = QPushButton("Open the demo")
        self.recent = QListWidget()
        self.recent_label = QLabel("<b>Recent projects</b>")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.setContentsMargins(48, 48, 48, 48)
        for widget in (title, intro, self.new_button, self.open_button, self.demo_button):
            layout.addWidget(widget)
        layout.addSpacing(16)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        intro.setMaximumWidth(520)
        self.recent.setMaximumWidth(520)
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMaximumWidth(240)
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        self.recent.itemActivated.connect(self._chosen)
        self.recent.itemDoubleClicked.connect(self._chosen)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}    {path.parent}")
            item.setData(PATH, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_label.setVisible(bool(paths))

    def _chosen(self, item: QListWidgetItem) -> None:
        self.recentChosen.emit(Path(item.data(PATH)))
