"""Page furniture and printed page numbers, found across a whole document.

Furniture is what a typesetter repeats on every page around the text: running heads and
feet, the printed page number, marks in the margins ("ER 29,2", "Downloaded by ..."). It is
found among the lines near the edges of each page (`PageText.margins`):

- a line that comes back on several pages at about the same height, digits aside, is a
  running head or foot;
- a number in those lines that steps by one from page to page is the printed page number
  (a journal article printing 162-178 gives 164 for its third page); a line holding only it
  is furniture too.

Numbers are looked for in Arabic and in lower- or upper-case Roman numerals, so that a
report's front matter (i, ii, iii) and its body (1, 2, 3) are numbered each their own way.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.pdf.text import MarginLine, PageText

# A running head recurs on at least this many pages (fewer for short documents, see below).
_MIN_REPEATS = 3
# Lines count as the same running head if their tops lie this close (points).
_SAME_HEIGHT = 14.0
# A page-number sequence must be backed by at least this many pages, and by this share of
# the pages that show any number in their margins.
_MIN_SUPPORT = 2
_MIN_SUPPORT_SHARE = 0.3
_MAX_LINE_FOR_NUMBERS = 120  # characters: longer margin lines are body text
_MAX_HEAD = 80  # characters: a running head with the page number in it is no longer
# How far a page's own number may be from the one its run expects and still be believed.
_OWN_NUMBER_SLACK = 20
# Lines within this many points of the page's topmost or bottommost line are at its edge.
_EDGE_SLACK = 4.0
_SIDE_BAND = 0.10

_DIGITS = re.compile(r"\d+")
_NUMBER_TOKEN = re.compile(r"(?<![\w.,/-])(\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})(?![\w/-])")
_ONLY_NUMBER = re.compile(
    r"^\W*(?:page|p\.|pg\.?|seite|página|pagina)?\s*"
    r"(\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})(?:\s*(?:of|/|de|von)\s*\d{1,4})?\W*$",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@dataclass(frozen=True)
class Furniture:
    """What was found on one page."""

    printed: str | None  # the number printed on the page, as printed ("164", "xii")
    spans: tuple[tuple[int, int], ...]  # furniture lines, as offsets into the page text


def detect(pages: Sequence[PageText]) -> list[Furniture]:
    """Printed numbers and furniture for every page of one document, in order."""
    edges = {page.index: _edge_lines(page) for page in pages}
    printed = _printed_numbers(pages, edges)
    repeated = _running_lines(pages, edges)
    out: list[Furniture] = []
    for page, number in zip(pages, printed, strict=True):
        spans = set(repeated.get(page.index, ()))
        for line in edges[page.index]:
            text = page.text[line.start : line.end].strip()
            only = _ONLY_NUMBER.match(text)
            if number is None:
                continue
            if (only and only.group(1) == number) or (
                # A running head that carries the page's number at one end ("50 THE SIEGE
                # OF VICKSBURG."), though its words vary from page to page.
                len(text) <= _MAX_HEAD and number in _end_numbers(text)
            ):
                spans.add((line.start, line.end))
        out.append(Furniture(number, tuple(sorted(spans))))
    return out


def _edge_lines(page: PageText) -> list[MarginLine]:
    """The margin lines furniture can be: the topmost and bottommost lines of the page, and
    lines standing in the left or right margin. (The margin band also holds the first and
    last lines of the body, which a running head sits above.)"""
    if not page.margins:
        return []
    top = min(line.top for line in page.margins)
    bottom = max(line.bottom for line in page.margins)
    side = _SIDE_BAND * page.width
    edges = []
    for line in page.margins:
        centre = (line.x0 + line.x1) / 2
        if (
            line.top <= top + _EDGE_SLACK
            or line.bottom >= bottom - _EDGE_SLACK
            or centre < side
            or centre > page.width - side
        ):
            edges.append(line)
    return edges


# ---------------------------------------------------------------------------------------------
# Running heads and feet


def _shape(text: str) -> str:
    """A line with its numbers blanked: "ER 29,2 164" and "ER 29,2 166" share a shape."""
    return " ".join(_DIGITS.sub("#", text.casefold()).split())


def _running_lines(
    pages: Sequence[PageText], edges: dict[int, list[MarginLine]]
) -> dict[int, list[tuple[int, int]]]:
    needed = _MIN_REPEATS if len(pages) >= 6 else 2
    by_shape: dict[str, list[tuple[int, MarginLine]]] = defaultdict(list)
    for page in pages:
        for line in edges[page.index]:
            shape = _shape(page.text[line.start : line.end])
            if shape.strip("# "):
                by_shape[shape].append((page.index, line))
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for members in by_shape.values():
        if len({index for index, _ in members}) < needed:
            continue
        tops = sorted(line.top for _, line in members)
        middle = tops[len(tops) // 2]
        near = [(i, line) for i, line in members if abs(line.top - middle) <= _SAME_HEIGHT]
        if len({index for index, _ in near}) >= needed:
            for index, line in near:
                found[index].append((line.start, line.end))
    return found


# ---------------------------------------------------------------------------------------------
# Printed page numbers


def roman_value(token: str) -> int | None:
    """The value of a Roman numeral written the usual way, or None."""
    lower = token.lower()
    if not lower or any(ch not in _ROMAN for ch in lower):
        return None
    total = 0
    for i, ch in enumerate(lower):
        value = _ROMAN[ch]
        if i + 1 < len(lower) and _ROMAN[lower[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if total > 0 and to_roman(total, lower == token) == token else None


def to_roman(value: int, lower: bool = True) -> str:
    parts = []
    for number, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while value >= number:
            parts.append(letters)
            value -= number
    text = "".join(parts)
    return text if lower else text.upper()


@dataclass(frozen=True)
class _Run:
    style: str  # "arabic", "roman" or "ROMAN"
    offset: int  # printed number = page index + offset
    support: frozenset[int]  # pages whose margins show their number

    def number(self, index: int) -> str | None:
        value = index + self.offset
        if value < 1:
            return None
        if self.style == "arabic":
            return str(value)
        return to_roman(value, self.style == "roman")


def _candidates(
    pages: Sequence[PageText], edges: dict[int, list[MarginLine]]
) -> dict[str, dict[int, set[int]]]:
    """Per numbering style, per page, the numbers its edge lines show: Arabic numbers at
    either end of a line, Roman numerals only on a line of their own (an "I" or a "C" in a
    running head is a word or an initial)."""
    found: dict[str, dict[int, set[int]]] = {"arabic": {}, "roman": {}, "ROMAN": {}}
    for page in pages:
        for line in edges[page.index]:
            text = page.text[line.start : line.end].strip()
            if len(text) > _MAX_LINE_FOR_NUMBERS:
                continue
            only = _ONLY_NUMBER.match(text)
            tokens = [only.group(1)] if only else _end_numbers(text)
            for token in tokens:
                if token.isdigit():
                    style, value = "arabic", int(token)
                elif only is None:
                    continue
                else:
                    style = "roman" if token.islower() else "ROMAN"
                    parsed = roman_value(token)
                    if parsed is None:
                        continue
                    value = parsed
                found[style].setdefault(page.index, set()).add(value)
    return found


def _end_numbers(text: str) -> list[str]:
    """Arabic numbers standing first or last on a line ("164 Shift work", "..., 2016 3")."""
    tokens = [m.group(1) for m in _NUMBER_TOKEN.finditer(text) if m.group(1).isdigit()]
    if not tokens:
        return []
    words = text.split()
    ends = {words[0].strip("[]()-–—.,:"), words[-1].strip("[]()-–—.,:")}
    return [t for t in dict.fromkeys(tokens) if t in ends]


def _best_run(style: str, numbers: dict[int, set[int]]) -> _Run | None:
    # A page showing many numbers (a listing's line numbers, a table) backs each of them
    # only a little: a page number sequence is backed by pages that show one or two.
    offsets: Counter[int] = Counter()
    weights: dict[int, float] = {}
    for index, values in numbers.items():
        for value in values:
            weights[value - index] = weights.get(value - index, 0.0) + 1.0 / len(values)
            offsets[value - index] += 1
    if not offsets:
        return None
    offset = max(weights, key=lambda k: (weights[k], -abs(k)))
    support = weights[offset]
    if support < max(_MIN_SUPPORT, _MIN_SUPPORT_SHARE * len(numbers)):
        return None
    backing = frozenset(i for i, values in numbers.items() if i + offset in values)
    return _Run(style, offset, backing)


def _printed_numbers(
    pages: Sequence[PageText], edges: dict[int, list[MarginLine]]
) -> list[str | None]:
    candidates = _candidates(pages, edges)
    runs = [
        run
        for run in (_best_run(style, numbers) for style, numbers in candidates.items())
        if run is not None
    ]
    if not runs:
        return [None] * len(pages)
    # Each run numbers the pages it backs and those between; the first run also numbers the
    # pages before it, the last one those after it. Pages between two runs (a chapter's
    # opening page often shows no number) go to the later run where its numbering has begun.
    runs.sort(key=lambda run: min(run.support))
    owner: dict[int, _Run] = {}
    indices = [page.index for page in pages]
    for r, run in enumerate(runs):
        start = min(run.support) if r else indices[0]
        stop = max(run.support) if r + 1 < len(runs) else indices[-1]
        for index in indices:
            if start <= index <= stop and index not in owner:
                owner[index] = run
        if r + 1 < len(runs):
            later = runs[r + 1]
            for index in indices:
                if stop < index < min(later.support) and index not in owner:
                    owner[index] = later if later.number(index) is not None else run
    numbers: list[str | None] = []
    for index in indices:
        found = owner.get(index)
        if found is None:
            numbers.append(None)
            continue
        expected = index + found.offset
        seen = candidates[found.style].get(index, set())
        # A page that shows a number of its own, near the one the run expects, is numbered
        # by what it shows: a sample of pages, a page missing from the PDF.
        near = [v for v in seen if v >= 1 and abs(v - expected) <= _OWN_NUMBER_SLACK]
        if expected not in seen and len(near) == 1:
            numbers.append(replace(found, offset=near[0] - index).number(index))
            continue
        numbers.append(found.number(index))
    return numbers
