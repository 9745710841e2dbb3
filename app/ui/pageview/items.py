"""One scene item per page; it owns a place and a size, the view decides what it shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.ui.pageview.layout import STRIPE_MARGIN

PaintPage = Callable[[QPainter, int, float, float], None]  # painter, page, width, height

# Room below a page for the factor bands under its last line.
_BOTTOM_SLACK = 12.0


class PageItem(QGraphicsItem):
    def __init__(self, index: int, paint_page: PaintPage):
        super().__init__()
        self.index = index
        self._paint_page = paint_page
        self._width = 0.0
        self._height = 0.0

    def set_size(self, width: float, height: float) -> None:
        if (width, height) != (self._width, self._height):
            self.prepareGeometryChange()
            self._width, self._height = width, height

    def boundingRect(self) -> QRectF:
        # The stripe margin left of the page is this item's too: stripes repaint with it.
        return QRectF(-STRIPE_MARGIN, 0, STRIPE_MARGIN + self._width, self._height + _BOTTOM_SLACK)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        self._paint_page(painter, self.index, self._width, self._height)
