"""Geometry of words on a page: line boxes for highlights, hit tests for selection."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.types import Box, Word


def _same_line(box: Box, word: Word) -> bool:
    overlap = min(box.bottom, word.bottom) - max(box.top, word.top)
    height = min(box.bottom - box.top, word.bottom - word.top)
    return height > 0 and overlap >= 0.5 * height and word.x0 >= box.x0 - 1


def line_boxes(page: int, words: Sequence[Word]) -> list[Box]:
    """One box per run of words on the same line, in reading order."""
    boxes: list[Box] = []
    for word in words:
        if boxes and _same_line(boxes[-1], word):
            last = boxes[-1]
            boxes[-1] = Box(
                page,
                min(last.x0, word.x0),
                min(last.top, word.top),
                max(last.x1, word.x1),
                max(last.bottom, word.bottom),
            )
        else:
            boxes.append(Box(page, word.x0, word.top, word.x1, word.bottom))
    return boxes


def clip_word(word: Word, lo: int, hi: int) -> Word:
    """The part of a word inside the span [lo, hi): its box cut in proportion to the
    characters kept, so that a passage ending mid-word ("information," without the comma)
    is highlighted only that far."""
    start, end = max(word.start, lo), min(word.end, hi)
    if (start, end) == (word.start, word.end) or word.end <= word.start:
        return word
    per_char = (word.x1 - word.x0) / (word.end - word.start)
    return Word(
        start,
        end,
        word.x0 + per_char * (start - word.start),
        word.top,
        word.x0 + per_char * (end - word.start),
        word.bottom,
    )


def span_boxes(page: int, words: Sequence[Word], lo: int, hi: int) -> list[Box]:
    """Line boxes over the characters [lo, hi) of a page."""
    inside = [clip_word(w, lo, hi) for w in words if w.end > lo and w.start < hi]
    return line_boxes(page, inside)


def words_in_rect(
    words: Sequence[Word], rect: tuple[float, float, float, float], share: float = 0.5
) -> list[Word]:
    """Words at least `share` of whose box lies inside the rectangle, in reading order."""
    x0, top, x1, bottom = rect
    inside: list[Word] = []
    for word in words:
        w = max(0.0, min(x1, word.x1) - max(x0, word.x0))
        h = max(0.0, min(bottom, word.bottom) - max(top, word.top))
        area = (word.x1 - word.x0) * (word.bottom - word.top)
        if area > 0 and w * h >= share * area:
            inside.append(word)
    return inside


def word_at(words: Sequence[Word], x: float, y: float) -> int | None:
    """Index of the word under a point, or None."""
    for index, word in enumerate(words):
        if word.x0 <= x <= word.x1 and word.top <= y <= word.bottom:
            return index
    return None


def nearest_word(words: Sequence[Word], x: float, y: float) -> int | None:
    """Index of the word closest to a point: where a drag that starts or ends between
    words should snap. Vertical distance weighs more, so the point's own line wins."""
    best: tuple[float, int] | None = None
    for index, word in enumerate(words):
        dx = max(word.x0 - x, 0.0, x - word.x1)
        dy = max(word.top - y, 0.0, y - word.bottom)
        score = dx + 3.0 * dy
        if best is None or score < best[0]:
            best = (score, index)
    return None if best is None else best[1]
