"""Where a popup goes so that it never covers what it is about: beside it, else under or
over it, inside the screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

GAP = 8  # pixels between the popup and what it is about


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high)) if high >= low else low


def beside(target: QRect, size: QSize, screen: QRect) -> QPoint:
    """The top-left of a popup of `size` next to `target` (global coordinates): to its
    right, else its left, else below, else above; the first side with room on `screen`.
    With room on no side, the side with the most room, kept on the screen."""
    w, h = size.width(), size.height()
    top = _clamp(target.top(), screen.top(), screen.bottom() - h + 1)
    left = _clamp(target.left(), screen.left(), screen.right() - w + 1)
    candidates = [
        (screen.right() - target.right() - GAP, QPoint(target.right() + GAP, top), w),
        (target.left() - screen.left() - GAP, QPoint(target.left() - GAP - w, top), w),
        (screen.bottom() - target.bottom() - GAP, QPoint(left, target.bottom() + GAP), h),
        (target.top() - screen.top() - GAP, QPoint(left, target.top() - GAP - h), h),
    ]
    for room, place, needed in candidates:
        if room >= needed:
            return place
    room, place, _ = max(candidates, key=lambda c: c[0] / c[2])
    return QPoint(
        _clamp(place.x(), screen.left(), screen.right() - w + 1),
        _clamp(place.y(), screen.top(), screen.bottom() - h + 1),
    )
