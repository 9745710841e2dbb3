"""What dragging a grip of the selected passage makes of it: a text passage's new span (its
start or end moved to a word), a region's new rectangle (a corner moved, the opposite one
held). The gesture itself is the mouse tool's; the resize is an undo command's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint

from app.core.types import Passage, Word
from app.ui.pageview.handles import GRIP_PX, Handle, handles_of, opposite
from app.ui.pageview.selection import TextSelection, normal_rect

if TYPE_CHECKING:
    from app.ui.pageview.document import StudyDocument
    from app.ui.pageview.view import PageView

Place = tuple[int, int]  # page, offset
MIN_REGION = 2.0  # points


def grip_under(view: PageView, pos: QPoint) -> Handle | None:
    """The grip of the selected passage under a viewport point, if any."""
    selected = view.selected_passage()
    passage = None if selected is None else view.passages.find(selected)
    if passage is None:
        return None
    for handle in handles_of(passage):
        top = view.map_from_page(handle.page, handle.x, handle.top)
        bottom = view.map_from_page(handle.page, handle.x, handle.bottom)
        if handle.is_corner:
            if (pos - top).manhattanLength() <= 2 * GRIP_PX:
                return handle
        elif abs(pos.x() - top.x()) <= GRIP_PX and top.y() - 3 <= pos.y() <= bottom.y() + 3:
            return handle
    return None


def resized_region(
    grip: Handle, passage: Passage, point: tuple[float, float], size: tuple[float, float]
) -> tuple[float, float, float, float] | None:
    """The region with the grip's corner at `point` (points), kept on a page of `size`."""
    if passage.rect is None:
        return None
    rect = normal_rect(opposite(grip, passage.rect), point, *size)
    if rect[2] - rect[0] < MIN_REGION or rect[3] - rect[1] < MIN_REGION:
        return None
    return rect


def resized_span(
    grip: Handle, passage: Passage, page: int, word: Word
) -> tuple[Place, Place] | None:
    """The text passage with its start (or end) moved to a word; None if nothing is left."""
    if passage.start_offset is None or passage.end_offset is None:
        return None
    start: Place = (passage.start_page, passage.start_offset)
    end: Place = (passage.end_page, passage.end_offset)
    if grip.which == "end":
        end = (page, word.end)
    else:
        start = (page, word.start)
    return (start, end) if start < end else None


def preview(doc: StudyDocument, start: Place, end: Place) -> TextSelection:
    """The span as a selection, to show while the grip is dragged."""
    parts = []
    for page in range(start[0], end[0] + 1):
        text = doc.text(page)
        lo = start[1] if page == start[0] else 0
        hi = end[1] if page == end[0] else len(text)
        parts.append(text[lo:hi])
    return TextSelection(doc.study_id, *start, *end, "\n".join(parts))
