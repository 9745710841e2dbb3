"""A brief glow over a place on the page, so the eye finds what a jump landed on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QEasingCurve, QPoint, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from app.core.types import Box

DURATION_MS = 1400
COLOUR = QColor("#ff6d00")


class PageMapper(Protocol):
    def map_from_page(self, page: int, x: float, y: float) -> QPoint: ...


class Flash(QWidget):
    """Drawn over the page view's viewport, above the page, fading out; it follows a scroll
    and lets every click through."""

    def __init__(self, view: QAbstractScrollArea, mapper: PageMapper, boxes: Sequence[Box]):
        super().__init__(view.viewport())
        self.setObjectName("synthesisFlash")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._mapper = mapper
        self.boxes = list(boxes)
        self.strength = 1.0
        self.setGeometry(view.viewport().rect())
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(1.0)
        self.animation.setEndValue(0.0)
        self.animation.setDuration(DURATION_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.InQuad)
        self.animation.valueChanged.connect(self._fade)
        self.animation.finished.connect(self.deleteLater)
        self.show()
        self.raise_()
        self.animation.start()

    def rects(self) -> list[QRectF]:
        out: list[QRectF] = []
        for box in self.boxes:
            top_left = self._mapper.map_from_page(box.page, box.x0, box.top)
            bottom_right = self._mapper.map_from_page(box.page, box.x1, box.bottom)
            out.append(QRectF(top_left, bottom_right).adjusted(-3, -3, 3, 3))
        return out

    def _fade(self, value: object) -> None:
        self.strength = float(value)  # type: ignore[arg-type]
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(COLOUR)
        fill.setAlphaF(0.35 * self.strength)
        edge = QColor(COLOUR)
        edge.setAlphaF(self.strength)
        painter.setPen(QPen(edge, 2.5))
        painter.setBrush(fill)
        for rect in self.rects():
            painter.drawRoundedRect(rect, 3, 3)
        painter.end()
