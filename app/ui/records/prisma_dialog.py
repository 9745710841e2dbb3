"""The PRISMA 2020 flow diagram of the project, with its numbers, saved as SVG, PNG or CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.prisma import PrismaCounts, project_prisma
from app.core.project import Change
from app.exchange.prisma import prisma_svg, write_prisma
from app.ui.context import AppContext
from app.ui.svg_png import svg_image, write_png

FILTERS = "SVG drawing (*.svg);;PNG image (*.png);;Numbers as CSV (*.csv);;Numbers as JSON (*.json)"


class PrismaDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("prismaDialog")
        self.setWindowTitle("PRISMA 2020 flow diagram")
        self.resize(900, 760)
        self.context = context
        self.counts: PrismaCounts | None = None
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("background: white")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        save = QPushButton("Save as…")
        save.setObjectName("savePrisma")
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.notes, 1)
        buttons.addWidget(save)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        save.clicked.connect(self.choose_file)
        close.clicked.connect(self.close)
        context.changed.connect(self._on_change)
        self.refresh()

    def _title(self) -> str:
        project = self.context.project
        return f"{project.name}: PRISMA 2020 flow diagram" if project else ""

    def refresh(self) -> None:
        project = self.context.project
        if project is None:
            return
        self.counts = project_prisma(project)
        image = svg_image(prisma_svg(self.counts, self._title()), self.devicePixelRatioF())
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.notes.setText(" ".join(self.counts.notes))

    def _on_change(self, change: Change) -> None:
        if "studies" in change.kinds and self.isVisible():
            self.refresh()

    def choose_file(self) -> None:
        project = self.context.project
        if project is None:
            return
        suggested = str(project.path.with_name(f"{project.path.stem}-prisma.svg"))
        name, chosen = QFileDialog.getSaveFileName(self, "Save PRISMA diagram", suggested, FILTERS)
        if name:
            suffix = {"SVG": ".svg", "PNG": ".png", "CSV": ".csv", "JSON": ".json"}
            path = Path(name)
            if path.suffix.lower() not in suffix.values():
                path = path.with_suffix(next((s for k, s in suffix.items() if k in chosen), ".svg"))
            self.save(path)

    def save(self, path: Path) -> bool:
        if self.counts is None:
            return False
        try:
            if path.suffix.lower() == ".png":
                write_png(prisma_svg(self.counts, self._title()), path)
            else:
                write_prisma(self.counts, path, self._title())
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, "Habitus", f"The diagram could not be saved: {error}")
            return False
        return True
