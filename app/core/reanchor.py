"""Finding a passage's quote again in a new version of its PDF.

The pages' stored texts are read as one document, pages joined by a newline (as a quote
across a page break is joined), with every run of whitespace seen as one space so that a
reflowed line does not hide a quote. An exact match nearest the passage's old place wins;
failing that, the closest fuzzy match (rapidfuzz) near its old page, then anywhere, if it is
close enough to be the same words lightly corrected. Offsets come back in code points of the
stored page texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A quote found with this similarity (0-100) or more is the same passage, lightly corrected.
FUZZY_CUTOFF = 90.0
# Pages either side of the old page looked at first, before the whole document.
NEAR_PAGES = (1, 3)


@dataclass(frozen=True)
class Found:
    start_page: int
    start_offset: int
    end_page: int
    end_offset: int
    score: float  # 100 for an exact match

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


class _Document:
    """Page texts as one string, whitespace folded, with the way back to page offsets."""

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        self.starts: list[int] = []  # where each page begins in the joined text
        joined: list[str] = []
        at = 0
        for text in self.texts:
            self.starts.append(at)
            joined.append(text)
            at += len(text) + 1
        raw = "\n".join(joined)
        self.folded, self.origin = fold_whitespace(raw)

    def page_range(self, first: int, last: int) -> tuple[int, int]:
        """Folded offsets covering pages first..last."""
        lo = self.starts[first]
        hi = self.starts[last] + len(self.texts[last])
        return self._folded_at(lo), self._folded_at(hi)

    def _folded_at(self, raw_offset: int) -> int:
        # First folded position whose origin is at or after raw_offset.
        lo, hi = 0, len(self.origin)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.origin[mid] < raw_offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def to_page(self, raw_offset: int, is_end: bool) -> tuple[int, int]:
        page = 0
        for index, start in enumerate(self.starts):
            if start <= raw_offset:
                page = index
        offset = raw_offset - self.starts[page]
        if offset > len(self.texts[page]):
            # Past the end of the page (on the newline joining pages): the next page's start.
            page, offset = page + 1, 0
        if is_end and offset == 0 and page > 0:
            page, offset = page - 1, len(self.texts[page - 1])
        return page, offset

    def found(self, start: int, end: int, score: float) -> Found:
        """A folded span [start, end) as page offsets of the stored texts."""
        raw_start = self.origin[start]
        raw_end = self.origin[end - 1] + 1
        first, first_offset = self.to_page(raw_start, is_end=False)
        last, last_offset = self.to_page(raw_end, is_end=True)
        return Found(first, first_offset, last, last_offset, score)


def fold_whitespace(text: str) -> tuple[str, list[int]]:
    """Text with each whitespace run as one space, and each kept character's origin."""
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not in_space:
                out.append(" ")
                origin.append(index)
            in_space = True
        else:
            out.append(char)
            origin.append(index)
            in_space = False
    return "".join(out), origin


def _snap(folded: str, start: int, end: int, whole: bool = False) -> tuple[int, int]:
    """Widen a fuzzy match that cut a word (with `whole`, to the spaces around it, so that a
    bracket or a symbol the old reading lacked comes along), and drop spaces at its ends."""

    def inside(a: str, b: str) -> bool:
        return (not a.isspace() and not b.isspace()) if whole else (a.isalnum() and b.isalnum())

    while start > 0 and inside(folded[start - 1], folded[start]):
        start -= 1
    while end < len(folded) and inside(folded[end - 1], folded[end]):
        end += 1
    while start < end and folded[start] == " ":
        start += 1
    while end > start and folded[end - 1] == " ":
        end -= 1
    return start, end


class Finder:
    """Finds old quotes in one new set of page texts."""

    def __init__(self, texts: Sequence[str]):
        self.doc = _Document(texts)

    def find(self, quote: str, old_page: int, old_offset: int = 0) -> Found | None:
        needle = fold_whitespace(quote.strip())[0]
        pages = len(self.doc.texts)
        if not needle or not pages:
            return None
        page = min(max(old_page, 0), pages - 1)
        expected = self.doc.page_range(page, page)[0] + max(old_offset, 0)
        exact = self._exact(needle, expected)
        if exact is not None:
            return exact
        for radius in (*NEAR_PAGES, pages):
            lo, hi = self.doc.page_range(max(0, page - radius), min(pages - 1, page + radius))
            found = self._fuzzy(needle, lo, hi)
            if found is not None:
                return found
        return None

    def _exact(self, needle: str, expected: int) -> Found | None:
        folded = self.doc.folded
        hits: list[int] = []
        at = folded.find(needle)
        while at != -1:
            hits.append(at)
            at = folded.find(needle, at + 1)
        if not hits:
            return None
        best = min(hits, key=lambda hit: abs(hit - expected))
        return self.doc.found(best, best + len(needle), 100.0)

    def _fuzzy(self, needle: str, lo: int, hi: int) -> Found | None:
        from rapidfuzz import fuzz

        window = self.doc.folded[lo:hi]
        if len(window) < len(needle) * 0.8:
            return None
        aligned = fuzz.partial_ratio_alignment(needle, window, score_cutoff=FUZZY_CUTOFF)
        if aligned is None:
            return None
        folded = self.doc.folded
        spans = [
            _snap(folded, lo + aligned.dest_start, lo + aligned.dest_end, whole)
            for whole in (False, True)
        ]
        # The span itself, not only its best part, must read as the quote.
        score, start, end = max((fuzz.ratio(needle, folded[a:b]), a, b) for a, b in spans)
        if end <= start:
            return None
        if score < FUZZY_CUTOFF:
            return None
        return self.doc.found(start, end, min(float(score), 99.9))
