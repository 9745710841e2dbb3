"""What the reader has selected, and how two word hits become a selection.

A text selection runs in reading order (the order of the stored page text) from one word to
another, possibly across pages. Because reading order keeps a column together, a drag from one
left-column line to another never takes in the right column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.types import Word

SELECTION_MIME = "application/x-habitus-selection"


@dataclass(frozen=True)
class TextSelection:
    """A span of text; offsets in code points of each page's text, end exclusive."""

    study_id: int
    start_page: int
    start_offset: int
    end_page: int
    end_offset: int
    text: str


@dataclass(frozen=True)
class RegionSelection:
    """A rectangle on one page, in points from its displayed top-left: x0, top, x1, bottom."""

    study_id: int
    page: int
    rect: tuple[float, float, float, float]


Selection = TextSelection | RegionSelection


@dataclass(frozen=True, order=True)
class WordRef:
    """A word by page and position in that page's word list (which is reading order)."""

    page: int
    index: int


def ordered(a: WordRef, b: WordRef) -> tuple[WordRef, WordRef]:
    return (a, b) if a <= b else (b, a)


def text_selection(
    study_id: int,
    anchor: WordRef,
    focus: WordRef,
    words: Callable[[int], Sequence[Word]],
    text: Callable[[int], str],
) -> TextSelection:
    """Everything from the first word to the last of the two, whichever was pressed first."""
    first, last = ordered(anchor, focus)
    start = words(first.page)[first.index].start
    end = words(last.page)[last.index].end
    parts = []
    for page in range(first.page, last.page + 1):
        page_text = text(page)
        lo = start if page == first.page else 0
        hi = end if page == last.page else len(page_text)
        parts.append(page_text[lo:hi])
    # Pages join with a line break, as core quotes a passage that spans pages.
    return TextSelection(study_id, first.page, start, last.page, end, "\n".join(parts))


def span_on_page(sel: TextSelection, page: int, length: int) -> tuple[int, int] | None:
    """The part of the selection on one page, as offsets, or None."""
    if not sel.start_page <= page <= sel.end_page:
        return None
    lo = sel.start_offset if page == sel.start_page else 0
    hi = sel.end_offset if page == sel.end_page else length
    return lo, hi


def words_in_span(words: Sequence[Word], lo: int, hi: int) -> list[Word]:
    return [w for w in words if w.end > lo and w.start < hi]


def contains(sel: TextSelection, page: int, offset: int) -> bool:
    """True when a character offset on a page lies inside the selection."""
    return (sel.start_page, sel.start_offset) <= (page, offset) < (sel.end_page, sel.end_offset)


def normal_rect(
    a: tuple[float, float], b: tuple[float, float], width: float, height: float
) -> tuple[float, float, float, float]:
    """The rectangle between two dragged corners, kept on the page."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return max(0.0, x0), max(0.0, y0), min(width, x1), min(height, y1)
