"""Drawing the charts with QPainter: the same code paints the window, a PNG and an SVG."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from app.ui.synthesis.chart_data import BarChart, Chart, HeatMap

MARGIN = 16.0
INK = QColor("#222222")
GRID = QColor("#dddddd")
ROW = 22.0
SERIES_SHADES = (1.0, 0.55)  # the second series is drawn lighter


def preferred_size(chart: Chart) -> QSize:
    if isinstance(chart, HeatMap):
        return QSize(
            int(260 + 22 * len(chart.columns) + 2 * MARGIN), int(250 + 20 * len(chart.rows))
        )
    return QSize(900, int(130 + ROW * len(chart.bars)))


def paint_chart(painter: QPainter, rect: QRectF, chart: Chart) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(rect, QColor("white"))
    # Pixel sizes: the same drawing on screen, in a PNG and in an SVG, whatever their DPI.
    title_font = QFont(painter.font())
    title_font.setPixelSize(17)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.setPen(INK)
    title_height = QFontMetricsF(title_font).height() + 8
    painter.drawText(
        QRectF(rect.left() + MARGIN, rect.top() + MARGIN / 2, rect.width(), title_height),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        chart.title,
    )
    body_font = QFont(painter.font())
    body_font.setBold(False)
    body_font.setPixelSize(12)
    painter.setFont(body_font)
    body = rect.adjusted(MARGIN, MARGIN / 2 + title_height, -MARGIN, -MARGIN)
    if isinstance(chart, HeatMap):
        _heat_map(painter, body, chart)
    else:
        _bars(painter, body, chart)
    painter.restore()


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return value


def _bars(painter: QPainter, body: QRectF, chart: BarChart) -> None:
    metrics = QFontMetricsF(painter.font())
    if not chart.bars:
        painter.drawText(body, int(Qt.AlignmentFlag.AlignCenter), "Nothing coded yet.")
        return
    label_width = min(
        body.width() * 0.42, max(metrics.horizontalAdvance(b.label) for b in chart.bars) + 12
    )
    header, axis, note = 22.0, 20.0, 18.0
    row = min(ROW, (body.height() - header - axis - note) / len(chart.bars))
    panels = len(chart.series)
    gap = 24.0
    panel_width = (body.width() - label_width - gap * (panels - 1)) / panels
    top = body.top() + header
    for number, series in enumerate(chart.series):
        left = body.left() + label_width + number * (panel_width + gap)
        peak = _nice_max(max(bar.values[number] for bar in chart.bars))
        painter.setPen(INK)
        painter.drawText(
            QRectF(left, body.top(), panel_width, 18), int(Qt.AlignmentFlag.AlignLeft), series
        )
        usable = panel_width - 40
        for tick in range(0, 5):
            x = left + usable * tick / 4
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, top), QPointF(x, top + row * len(chart.bars)))
            painter.setPen(INK)
            painter.drawText(
                QRectF(x - 30, top + row * len(chart.bars) + 2, 60, axis - 2),
                int(Qt.AlignmentFlag.AlignHCenter),
                str(peak * tick // 4),
            )
        for index, bar in enumerate(chart.bars):
            value = bar.values[number]
            y = top + index * row
            colour = QColor(bar.colour)
            if SERIES_SHADES[min(number, 1)] < 1:
                colour = colour.lighter(135)
            width = usable * value / peak if peak else 0
            painter.fillRect(QRectF(left, y + 3, width, row - 6), colour)
            painter.setPen(INK)
            painter.drawText(
                QRectF(left + width + 4, y, 40, row),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(value),
            )
    for index, bar in enumerate(chart.bars):
        y = top + index * row
        shown = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 8)
        painter.drawText(
            QRectF(body.left(), y, label_width - 8, row),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            shown,
        )
    if chart.note:
        painter.drawText(
            QRectF(body.left(), top + row * len(chart.bars) + axis, body.width(), note),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            chart.note,
        )


def _heat_map(painter: QPainter, body: QRectF, chart: HeatMap) -> None:
    metrics = QFontMetricsF(painter.font())
    if not chart.rows or not chart.columns:
        painter.drawText(body, int(Qt.AlignmentFlag.AlignCenter), "Nothing to show yet.")
        return
    label_width = min(240.0, max(metrics.horizontalAdvance(r) for r in chart.rows) + 12)
    band = metrics.height() + 6
    names = 170.0
    cell_w = min(28.0, (body.width() - label_width) / len(chart.columns))
    cell_h = min(22.0, (body.height() - band - names) / len(chart.rows))
    left, top = body.left() + label_width, body.top() + band + names
    peak = max([1, *(max(row, default=0) for row in chart.values)])
    for first, size, name, colour in chart.bands:
        if not size:
            continue
        area = QRectF(left + first * cell_w, body.top(), size * cell_w, band - 2)
        fill = QColor(colour)
        fill.setAlphaF(0.45)
        painter.fillRect(area, fill)
        painter.setPen(INK)
        painter.drawText(
            area,
            int(Qt.AlignmentFlag.AlignCenter),
            metrics.elidedText(name, Qt.TextElideMode.ElideRight, area.width() - 4),
        )
    for column, name in enumerate(chart.columns):
        painter.save()
        painter.translate(left + column * cell_w + cell_w / 2 + metrics.ascent() / 2 - 2, top - 4)
        painter.rotate(-90)
        painter.setPen(INK)
        painter.drawText(
            QPointF(0, 0), metrics.elidedText(name, Qt.TextElideMode.ElideRight, names - 8)
        )
        painter.restore()
    for row, label in enumerate(chart.rows):
        y = top + row * cell_h
        painter.setPen(INK)
        painter.drawText(
            QRectF(body.left(), y, label_width - 8, cell_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8),
        )
        for column, value in enumerate(chart.values[row]):
            cell = QRectF(left + column * cell_w, y, cell_w, cell_h)
            if value:
                shade = QColor(chart.colours[column] if column < len(chart.colours) else "#555555")
                shade.setAlphaF(0.2 + 0.8 * value / peak)
                painter.fillRect(cell, shade)
            painter.setPen(QPen(GRID, 1))
            painter.drawRect(cell)
    legend = QRectF(body.left(), top + len(chart.rows) * cell_h + 8, body.width(), 16)
    painter.setPen(INK)
    painter.drawText(
        legend,
        int(Qt.AlignmentFlag.AlignLeft),
        f"Darker: more passages (the darkest {peak}); blank: none.",
    )
