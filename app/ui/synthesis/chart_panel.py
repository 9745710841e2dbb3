"""Charts in the window, saved as PNG and SVG: factors by studies and passages, themes by
studies, and the study-by-factor heat map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QShowEvent
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.project import Change
from app.core.synthesis.table1 import Table1, table1
from app.ui.context import AppContext
from app.ui.synthesis.background import LatestQuery
from app.ui.synthesis.chart_data import Chart, factors_chart, heat_map, themes_chart
from app.ui.synthesis.chart_painter import paint_chart, preferred_size

KINDS: dict[str, Callable[[Table1], Chart]] = {
    "Factors by studies and passages": factors_chart,
    "Themes by studies": themes_chart,
    "Study-by-factor heat map": heat_map,
}
PNG_SCALE = 2  # pixels per point: sharp enough to print


def save_png(chart: Chart, path: Path) -> None:
    size = preferred_size(chart)
    image = QImage(size * PNG_SCALE, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.scale(PNG_SCALE, PNG_SCALE)
    paint_chart(painter, QRectF(0, 0, size.width(), size.height()), chart)
    painter.end()
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"{path.name} could not be written")


def save_svg(chart: Chart, path: Path) -> None:
    size = preferred_size(chart)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(chart.title)
    generator.setDescription("Made with Habitus")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"{path.name} could not be written")
    paint_chart(painter, QRectF(0, 0, size.width(), size.height()), chart)
    painter.end()


class ChartCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart: Chart | None = None

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.setMinimumSize(preferred_size(chart) if chart is not None else QSize(200, 100))
        self.updateGeometry()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.chart is None:
            return
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self.chart)
        painter.end()


class ChartPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartPanel")
        self.context = context
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        save_png_button = QPushButton("Save PNG…")
        save_svg_button = QPushButton("Save SVG…")
        top = QHBoxLayout()
        top.addWidget(QLabel("Chart:"))
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(save_png_button)
        top.addWidget(save_svg_button)
        self.canvas = ChartCanvas()
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.query = LatestQuery(self)
        self._dirty = True
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        save_png_button.clicked.connect(lambda: self._save("png"))
        save_svg_button.clicked.connect(lambda: self._save("svg"))
        context.changed.connect(self._on_change)
        context.projectOpened.connect(self.refresh)
        context.projectClosed.connect(self.refresh)

    def chart(self) -> Chart | None:
        project = self.context.project
        if project is None:
            return None
        return KINDS[self.kind.currentText()](table1(project))

    def refresh(self) -> None:
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        project = self.context.project
        if project is None:
            self.canvas.set_chart(None)
            return
        draw = KINDS[self.kind.currentText()]
        self.query.ask(lambda: draw(table1(project)), self.canvas.set_chart)

    def save(self, path: Path) -> None:
        chart = self.canvas.chart or self.chart()
        if chart is None:
            return
        if path.suffix.lower() == ".svg":
            save_svg(chart, path)
        else:
            save_png(chart, path)

    def _save(self, kind: str) -> None:
        project = self.context.project
        if project is None:
            return
        stem = self.kind.currentText().lower().replace(" ", "-")
        suggested = project.path.with_name(f"{project.path.stem}-{stem}.{kind}")
        name, _ = QFileDialog.getSaveFileName(
            self, "Save chart", str(suggested), f"{kind.upper()} image (*.{kind})"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{kind}":
            path = path.with_suffix(f".{kind}")
        try:
            self.save(path)
        except OSError as error:
            QMessageBox.warning(self, "Save chart", str(error))

    def _on_change(self, change: Change) -> None:
        if change.kinds & {"passages", "codes", "frameworks", "studies"}:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
