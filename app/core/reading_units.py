"""Sentences and paragraphs of a page's text, for moving through a study by keyboard.

Both are spans (start, end) of the stored page text, end exclusive, trimmed of spaces.
Running heads, feet and page numbers (the page's furniture) are never part of one.
A sentence ends at . ! ? (or …), after any closing quotes and brackets, where the next
word starts a new sentence: a capital, a digit, an opening quote or bracket. Common
abbreviations ("e.g.", "et al.", "Fig.") and initials ("A. Hall") do not end one.
A paragraph ends where the lines say so: a wider gap than between its lines, an indented
next line, or a short line that ends a sentence; without word boxes, at an empty line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from statistics import median

from app.core.types import Word

Span = tuple[int, int]

ABBREVIATIONS = frozenset(
    (
        "e.g",
        "i.e",
        "al",
        "etc",
        "cf",
        "vs",
        "viz",
        "fig",
        "figs",
        "eq",
        "eqs",
        "no",
        "nos",
        "vol",
        "vols",
        "p",
        "pp",
        "ed",
        "eds",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "approx",
        "ca",
        "resp",
        "ch",
        "sec",
        "tab",
    )
)
_END = re.compile(r"[.!?…]+[\"'”’)\]]*")
_CLOSED = re.compile(r"[.!?…]+[\"'”’)\]]*\s*$")
_STARTS = re.compile(r"[\"'“‘(\[]*[A-Z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def _trim(text: str, lo: int, hi: int) -> Span | None:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return (lo, hi) if hi > lo else None


def _outside(lo: int, hi: int, skip: Sequence[Span]) -> list[Span]:
    pieces, cursor = [], lo
    for a, b in sorted(skip):
        if b <= cursor or a >= hi:
            continue
        if a > cursor:
            pieces.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < hi:
        pieces.append((cursor, hi))
    return pieces


def _ends_sentence(text: str, end_at: int, mark_start: int) -> bool:
    """Whether the stop ending at `end_at` closes a sentence."""
    rest = text[end_at:]
    gap = len(rest) - len(rest.lstrip())
    if end_at + gap >= len(text):
        return True
    if gap == 0 or not _STARTS.match(text, end_at + gap):
        return False
    if text[mark_start] != ".":
        return True
    word = re.search(r"(\S+)$", text[:mark_start])
    before = word.group(1).lower().strip("(\"'“‘") if word else ""
    if before in ABBREVIATIONS or before.rstrip(".") in ABBREVIATIONS:
        return False
    # A single capital before the stop is an initial ("A. Hall"), not a sentence's end.
    return not (len(before) == 1 and before.isalpha())


def sentences(text: str, skip: Sequence[Span] = ()) -> list[Span]:
    found: list[Span] = []
    for lo, hi in _outside(0, len(text), skip):
        start = lo
        for match in _END.finditer(text, lo, hi):
            if _ends_sentence(text[:hi], match.end(), match.start()):
                span = _trim(text, start, match.end())
                if span is not None:
                    found.append(span)
                start = match.end()
        span = _trim(text, start, hi)
        if span is not None:
            found.append(span)
    return found


def runs_on(text: str, span: Span) -> bool:
    """Whether a sentence stops without closing, as the last one of a page does when it goes
    on over the page."""
    return _CLOSED.search(text, span[0], span[1]) is None


def _lines(text: str) -> list[Span]:
    spans, start = [], 0
    for number, line in enumerate(text.split("\n")):
        if number:
            start += 1
        spans.append((start, start + len(line)))
        start += len(line)
    return spans


def paragraphs(text: str, words: Sequence[Word] = (), skip: Sequence[Span] = ()) -> list[Span]:
    lines = [(lo, hi) for lo, hi in _lines(text) if not any(a < hi and b > lo for a, b in skip)]
    boxed = []
    for lo, hi in lines:
        inside = [w for w in words if w.start >= lo and w.end <= hi]
        if inside:
            boxed.append(
                (
                    lo,
                    hi,
                    min(w.x0 for w in inside),
                    max(w.x1 for w in inside),
                    min(w.top for w in inside),
                    max(w.bottom for w in inside),
                )
            )
        elif not words and text[lo:hi].strip():
            boxed.append((lo, hi, 0.0, 0.0, 0.0, 0.0))
        elif not words:
            boxed.append((lo, hi, 0.0, 0.0, -1.0, -1.0))  # an empty line: a break
    if not boxed:
        return []
    gaps = [b[4] - a[5] for a, b in pairwise(boxed) if b[4] > a[5]]
    usual = median(gaps) if gaps else 0.0
    right = max(b[3] for b in boxed)
    found: list[Span] = []
    start = boxed[0][0]
    for previous, line in pairwise(boxed):
        if not words:
            new = line[4] < 0 or previous[4] < 0
        else:
            gap = line[4] - previous[5]
            ended = text[previous[0] : previous[1]].rstrip().endswith((".", "!", "?", ":", "…"))
            indented = 4.0 < line[2] - previous[2] < 60.0
            short = previous[3] < right - 0.15 * (right - previous[2])
            new = (usual and gap > 1.6 * usual) or (ended and (indented or short))
            new = bool(new) or line[4] < previous[4] - 2  # a new column
        if new:
            span = _trim(text, start, previous[1])
            if span is not None:
                found.append(span)
            start = line[0]
    span = _trim(text, start, boxed[-1][1])
    if span is not None:
        found.append(span)
    return found
