"""Page breaks: the end of one page joined to the start of the next, running heads, feet and
page numbers left out, so that a phrase broken by the turn of a page is still found whole.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass

# How much of each side of a break a seam keeps: far longer than any phrase searched for.
SEAM_CHARS = 300
_JOINER = "\n"


def content_ranges(text: str, furniture: str | None) -> list[tuple[int, int]]:
    """The stretches of a page's text that are not furniture, in order."""
    spans: list[tuple[int, int]] = []
    try:
        raw = json.loads(furniture or "[]")
        spans = sorted((int(a), int(b)) for a, b in raw)
    except (ValueError, TypeError):
        spans = []  # an unreadable record costs only the skipping of running heads
    ranges: list[tuple[int, int]] = []
    position = 0
    for start, end in spans:
        start, end = max(start, position), min(end, len(text))
        if start > position:
            ranges.append((position, start))
        position = max(position, end)
    if position < len(text):
        ranges.append((position, len(text)))
    return ranges


def _tail(ranges: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in reversed(ranges):
        if size <= 0:
            break
        take = min(size, end - start)
        out.append((end - take, end))
        size -= take
    return out[::-1]


def _head(ranges: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if size <= 0:
            break
        take = min(size, end - start)
        out.append((start, start + take))
        size -= take
    return out


@dataclass(frozen=True)
class Seam:
    """The text across the break after page `page`, and where each piece came from."""

    page: int
    text: str
    # (offset in `text`, page, offset in that page's text, length), in order
    pieces: tuple[tuple[int, int, int, int], ...]

    def locate(self, offset: int, is_end: bool = False) -> tuple[int, int]:
        """(page, offset in its text) of an offset of the seam; an exclusive end maps to
        just after the last character it covers."""
        probe = offset - 1 if is_end else offset
        starts = [piece[0] for piece in self.pieces]
        index = max(0, bisect_right(starts, probe) - 1)
        at, page, origin, length = self.pieces[index]
        inside = min(max(probe - at, 0), max(length - 1, 0))
        return page, origin + inside + (1 if is_end else 0)


def seam(
    page: int, text: str, furniture: str | None, next_text: str, next_furniture: str | None
) -> Seam:
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    length = 0
    sides = (
        (page, text, _tail(content_ranges(text, furniture), SEAM_CHARS)),
        (page + 1, next_text, _head(content_ranges(next_text, next_furniture), SEAM_CHARS)),
    )
    for number, source, ranges in sides:
        for start, end in ranges:
            if parts:
                parts.append(_JOINER)
                length += len(_JOINER)
            pieces.append((length, number, start, end - start))
            parts.append(source[start:end])
            length += end - start
    return Seam(page, "".join(parts), tuple(pieces))
