"""Finding a quote from another tool on the pages Habitus extracted.

Tools disagree on white space (ATLAS.ti runs lines together, NVivo writes CRLF), ligatures
and case, so quotes are compared on their letters alone: NFKC, case folded, white space
and soft hyphens dropped. The occurrence nearest the page the file names wins.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from app.core.textnorm import searchable


def dense(text: str) -> tuple[str, list[int]]:
    """The text without white space (normalised, case folded) and, per character kept,
    its offset in `text`; one extra entry at the end."""
    normal, offsets = searchable(text, ignore_case=True)
    kept = [(c, offsets[i]) for i, c in enumerate(normal) if not c.isspace()]
    return "".join(c for c, _ in kept), [o for _, o in kept] + [len(text)]


class Locator:
    """Finds quotes on one study's pages; the pages are normalised once."""

    def __init__(self, pages: Sequence[str]):
        self.starts: list[int] = []
        position = 0
        for text in pages:
            self.starts.append(position)
            position += len(text) + 1
        self.haystack, self.offsets = dense("\n".join(pages))

    def _place(self, offset: int) -> tuple[int, int]:
        page = bisect.bisect_right(self.starts, offset) - 1
        return page, offset - self.starts[page]

    def find(self, quote: str, near: int | None = None) -> tuple[int, int, int, int] | None:
        """(start page, start offset, end page, end offset) of the quote, or None."""
        needle, _ = dense(quote)
        if not needle or not self.starts:
            return None
        best: tuple[int, tuple[int, int, int, int]] | None = None
        found = self.haystack.find(needle)
        while found >= 0:
            start_page, start_offset = self._place(self.offsets[found])
            end_page, end_offset = self._place(self.offsets[found + len(needle) - 1])
            span = (start_page, start_offset, end_page, end_offset + 1)
            distance = abs(start_page - near) if near is not None else 0
            if best is None or distance < best[0]:
                best = (distance, span)
            if distance == 0:
                break
            found = self.haystack.find(needle, found + 1)
        return None if best is None else best[1]


def align(laid: str, stored: str) -> list[int] | None:
    """For each character of `laid` that is not white space, its offset in `stored`, the
    same text as a PDF reader gave it back (white space may differ). None when the two
    hold different numbers of characters."""
    ours = [i for i, c in enumerate(laid) if not c.isspace()]
    theirs = [i for i, c in enumerate(stored) if not c.isspace()]
    if len(ours) != len(theirs):
        return None
    out = [-1] * len(laid)
    for a, b in zip(ours, theirs, strict=True):
        out[a] = b
    return out
