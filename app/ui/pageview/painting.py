"""Drawing one page: its image (or a white stand-in), then highlights, hits, selection, stripes.

Everything is painted in page-item coordinates: the page's top-left is (0, 0) and a point on
the page is `scale` logical pixels; the stripe margin lies at negative x.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from app.core.types import Box
from app.ui.pageview.handles import Handle
from app.ui.pageview.highlights import PassageMarks, Stripe, boxes_on
from app.ui.pageview.layout import STRIPE_MARGIN

SELECTION_COLOUR = QColor(0, 110, 230, 85)
HIT_COLOUR = QColor(255, 221, 0, 130)
CURRENT_HIT_COLOUR = QColor(255, 140, 0, 170)
REGION_PEN = QColor(0, 110, 230)
SELECTED_PASSAGE_PEN = QColor(20, 40, 120)
PAGE_EDGE = QColor(0, 0, 0, 60)
HIGHLIGHT_ALPHA = 75
BAND_PX = 2.0  # one under-line band per factor
LANE_PX = 7.0  # a bar and the gap beside it
BAR_PX = 4.0
STRIPE_OFFSET_PX = 8.0  # from the page's left edge to the innermost bar
LABEL_GAP_PX = 10.0  # between the outermost bar and the labels' right edge
STRIPE_MARGIN_PX = STRIPE_MARGIN


@dataclass
class PageOverlay:
    """What goes on top of one page's image."""

    selection_boxes: list[Box] = field(default_factory=list)
    hit_boxes: list[tuple[Box, bool]] = field(default_factory=list)  # box, is current hit
    region: tuple[float, float, float, float] | None = None  # points
    selected_passage: int | None = None


def _rect(box: Box | tuple[float, float, float, float], scale: float, pad: float = 0) -> QRectF:
    x0, top, x1, bottom = (box.x0, box.top, box.x1, box.bottom) if isinstance(box, Box) else box
    return QRectF(
        x0 * scale - pad,
        top * scale - pad,
        (x1 - x0) * scale + 2 * pad,
        (bottom - top) * scale + 2 * pad,
    )


def blend(colours: Sequence[str], alpha: int) -> QColor:
    """The mean of several factor colours: one fill that still hints at all of them."""
    qs = [QColor(c) for c in colours]
    n = len(qs)
    return QColor(
        sum(c.red() for c in qs) // n,
        sum(c.green() for c in qs) // n,
        sum(c.blue() for c in qs) // n,
        alpha,
    )


def paint_image(painter: QPainter, image: QImage | None, width: float, height: float) -> bool:
    """The page image scaled to its place, or white; True when an image was drawn."""
    target = QRectF(0, 0, width, height)
    if image is None:
        painter.fillRect(target, Qt.GlobalColor.white)
    else:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, image)
    painter.setPen(QPen(PAGE_EDGE, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5))
    return image is not None


def paint_blank_page(
    painter: QPainter, width: float, height: float, page: int, failure: str, hits: Sequence[str]
) -> None:
    """A page that could not be drawn: why, and the find hits on it as a list."""
    margin = 24.0
    painter.setPen(QColor("#a00000"))
    text = f"Page {page + 1} could not be drawn: {failure}"
    if hits:
        listed = "\n".join(hits)
        text += f"\n\nFound on this page ({len(hits)}):\n{listed}"
    painter.drawText(
        QRectF(margin, margin, max(1.0, width - 2 * margin), max(1.0, height - 2 * margin)),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        text,
    )


def paint_passages(
    painter: QPainter, page: int, marks: PassageMarks, scale: float, selected: int | None
) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for passage in marks.on_page(page):
        colours = marks.colours(passage)
        fill = blend(colours, HIGHLIGHT_ALPHA)
        for box in boxes_on(passage, page):
            rect = _rect(box, scale, pad=1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.fillRect(rect, fill)
            # Thin bands under the line, one per factor, keep every factor visible even where
            # other passages overlap and the fills mix.
            for n, colour in enumerate(colours):
                band = QRectF(rect.left(), rect.bottom() + n * BAND_PX, rect.width(), BAND_PX)
                painter.fillRect(band, QColor(colour))
            if passage.kind == "region":
                painter.setPen(QPen(QColor(colours[0]), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect)
            if passage.id == selected:
                painter.setPen(QPen(SELECTED_PASSAGE_PEN, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(-1, -1, 1, 1 + len(colours) * BAND_PX))


def paint_overlay(painter: QPainter, overlay: PageOverlay, scale: float) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for box, current in overlay.hit_boxes:
        painter.fillRect(_rect(box, scale, pad=1), CURRENT_HIT_COLOUR if current else HIT_COLOUR)
    for box in overlay.selection_boxes:
        painter.fillRect(_rect(box, scale, pad=1), SELECTION_COLOUR)
    if overlay.region is not None:
        rect = _rect(overlay.region, scale)
        painter.fillRect(rect, QColor(0, 110, 230, 40))
        painter.setPen(QPen(REGION_PEN, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)


def paint_grips(painter: QPainter, grips: Sequence[Handle], scale: float) -> None:
    """The selected passage's grips: a bar with a knob at its start and end, or a square at
    each corner of a region."""
    painter.setPen(QPen(QColor("white"), 1))
    painter.setBrush(SELECTED_PASSAGE_PEN)
    for grip in grips:
        x, top, bottom = grip.x * scale, grip.top * scale, grip.bottom * scale
        if grip.is_corner:
            painter.drawRect(QRectF(x - 4, top - 4, 8, 8))
            continue
        painter.fillRect(QRectF(x - 1, top, 2, bottom - top), SELECTED_PASSAGE_PEN)
        knob = top - 4 if grip.which == "start" else bottom + 4
        painter.drawEllipse(QPointF(x, knob), 4, 4)


def stripe_font() -> QFont:
    font = QFont()
    font.setPointSizeF(7.5)
    return font


def stripe_x(lane: int) -> float:
    """Left edge of a lane's bar, in page-item pixels (negative: left of the page)."""
    return -STRIPE_OFFSET_PX - BAR_PX - lane * LANE_PX


def place_labels(tops: Sequence[float], line: float) -> list[float]:
    """Label baselines-to-be (tops, in pixels) for stripes starting at `tops`, in the same
    order: each at its stripe's top, pushed down just enough not to overlap the one above."""
    placed: list[float] = [0.0] * len(tops)
    floor = float("-inf")
    for index in sorted(range(len(tops)), key=lambda i: tops[i]):
        y = max(tops[index], floor)
        placed[index] = y
        floor = y + line
    return placed


def paint_stripes(
    painter: QPainter, stripes: Sequence[Stripe], scale: float, selected: int | None
) -> None:
    """Bars in lanes beside the page; their labels stacked in a column further left, each
    joined to its bar by a thin leader, as coding stripes read in MAXQDA and NVivo."""
    if not stripes:
        return
    font = stripe_font()
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    lanes_left = stripe_x(max(s.lane for s in stripes)) - LABEL_GAP_PX
    room = max(0.0, STRIPE_MARGIN_PX + lanes_left - 4)
    line = metrics.height()
    label_tops = place_labels([s.top * scale for s in stripes], line)
    for stripe, label_top in zip(stripes, label_tops, strict=True):
        x = stripe_x(stripe.lane)
        top, bottom = stripe.top * scale, stripe.bottom * scale
        width = BAR_PX / len(stripe.colours)
        for n, colour in enumerate(stripe.colours):
            painter.fillRect(QRectF(x + n * width, top, width, bottom - top), QColor(colour))
        ink = QColor(stripe.colours[0]).darker(170)
        if stripe.passage_id == selected:
            painter.setPen(QPen(SELECTED_PASSAGE_PEN, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(x - 1, top - 1, BAR_PX + 2, bottom - top + 2))
        if room < 12:
            continue  # too many lanes to leave room for words; hover still names the factors
        text = metrics.elidedText(stripe.label, Qt.TextElideMode.ElideRight, room)
        text_width = metrics.horizontalAdvance(text)
        middle = label_top + line / 2
        leader = QColor(ink)
        leader.setAlpha(110)
        painter.setPen(QPen(leader, 0.8))
        painter.drawLine(QPointF(lanes_left + 2, middle), QPointF(x - 1, min(top + 3, bottom)))
        painter.setPen(ink)
        painter.drawText(
            QRectF(lanes_left - text_width, label_top, text_width, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
