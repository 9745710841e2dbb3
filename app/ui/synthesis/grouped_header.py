"""Column headers with bands above them: each theme's name spanning its factors' columns,
and the factor names set sideways, as Table 1 prints them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

ROTATED_HEIGHT = 150


class GroupedHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.groups: list[tuple[int, int, str, str]] = []  # first, count, name, colour
        self.rotated: Callable[[int], bool] = lambda _section: False
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter)
        self.setHighlightSections(True)

    def band(self) -> int:
        return self.fontMetrics().height() + 8 if self.groups else 0

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        any_rotated = self.model() is not None and any(self.rotated(s) for s in range(self.count()))
        body = ROTATED_HEIGHT if any_rotated else base.height()
        return QSize(base.width(), self.band() + body)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        band = self.band()
        body = QRect(rect.left(), rect.top() + band, rect.width(), rect.height() - band)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = body
        option.section = logicalIndex
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        model = self.model()
        text = (
            "" if model is None else str(model.headerData(logicalIndex, self.orientation()) or "")
        )
        painter.save()
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = QFontMetrics(self.font())
        if self.rotated(logicalIndex):
            painter.translate(body.left(), body.bottom())
            painter.rotate(-90)
            area = QRect(4, 0, body.height() - 8, body.width())
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(
                area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown
            )
        else:
            area = body.adjusted(4, 2, -4, -4)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(
                area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), shown
            )
        painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        band = self.band()
        if not band:
            return
        painter = QPainter(self.viewport())
        metrics = QFontMetrics(self.font())
        for first, count, name, colour in self.groups:
            last = first + count - 1
            if last >= self.count():
                continue
            left = self.sectionViewportPosition(first)
            right = self.sectionViewportPosition(last) + self.sectionSize(last)
            rect = QRect(left, 0, right - left, band)
            fill = QColor(colour)
            fill.setAlphaF(0.45)
            painter.fillRect(rect.adjusted(0, 0, -1, -1), fill)
            painter.setPen(QColor(colour).darker(160))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.setPen(self.palette().color(self.foregroundRole()))
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, rect.width() - 6)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), shown)
        painter.end()
