"""The coded passages of the study on screen, indexed by page, and their margin stripes.

Each passage is drawn with the colours of its factors. Stripes in the left margin follow the
MAXQDA/NVivo habit: one bar per passage beside the lines it covers, labelled with its factors,
laid out in lanes so that overlapping passages (and their labels) never cover each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core.types import Box, Code, Passage

NO_FACTOR_COLOUR = "#9e9e9e"


@dataclass(frozen=True)
class Stripe:
    passage_id: int
    top: float  # points on the page
    bottom: float
    colours: tuple[str, ...]
    label: str
    lane: int = 0


def boxes_on(passage: Passage, page: int) -> list[Box]:
    boxes = [box for box in passage.boxes if box.page == page]
    if not boxes and passage.rect is not None and passage.start_page == page:
        boxes = [Box(page, *passage.rect)]
    return boxes


def pages_of(passage: Passage) -> set[int]:
    """The pages a passage is drawn on."""
    return {box.page for box in passage.boxes} or {passage.start_page}


def reading_order(passage: Passage) -> tuple[object, ...]:
    """The order core lists passages in: page, offset, a region's top, id."""
    offset, rect = passage.start_offset, passage.rect
    return (
        passage.start_page,
        offset is not None,
        offset or 0,
        rect is not None,
        rect[1] if rect is not None else 0.0,
        passage.id,
    )


def assign_lanes(spans: Sequence[tuple[float, float]]) -> list[int]:
    """A lane per span such that spans in one lane do not overlap; lowest lane first.

    Longer spans that start at the same place take the inner lanes, so that a long passage
    keeps its place next to the text while short ones inside it move outward.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -(spans[i][1] - spans[i][0])))
    lane_ends: list[float] = []
    lanes = [0] * len(spans)
    for i in order:
        top, bottom = spans[i]
        for lane, end in enumerate(lane_ends):
            if end < top:
                lanes[i] = lane
                lane_ends[lane] = bottom
                break
        else:
            lanes[i] = len(lane_ends)
            lane_ends.append(bottom)
    return lanes


class PassageMarks:
    """Passages of one study as drawn: filtered by theme, looked up by page and by point."""

    def __init__(
        self,
        passages: Iterable[Passage],
        codes: Mapping[int, Code],
        allowed_codes: set[int] | None = None,
    ):
        self.codes = dict(codes)
        self.allowed_codes = allowed_codes
        self.passages: dict[int, Passage] = {}
        self._by_page: dict[int, list[Passage]] = {}
        for passage in passages:
            self._add(passage)

    def _add(self, passage: Passage) -> bool:
        if not passage.placed:
            return False  # its pages are an earlier text's: drawn nowhere until placed
        allowed = self.allowed_codes
        if allowed is not None and not allowed.intersection(passage.code_ids):
            return False
        self.passages[passage.id] = passage
        for page in sorted(pages_of(passage)):
            self._by_page.setdefault(page, []).append(passage)
        return True

    def put(self, passage: Passage) -> set[int]:
        """Show a passage made or changed (or stop showing it, if the theme filter now hides
        it); returns the pages to draw again."""
        pages = self.drop(passage.id)
        if self._add(passage):
            pages |= pages_of(passage)
            for page in pages_of(passage):
                self._by_page[page].sort(key=reading_order)
        return pages

    def drop(self, passage_id: int) -> set[int]:
        """Stop showing a passage; returns the pages it was drawn on."""
        passage = self.passages.pop(passage_id, None)
        if passage is None:
            return set()
        pages = pages_of(passage)
        for page in pages:
            kept = [p for p in self._by_page.get(page, []) if p.id != passage_id]
            if kept:
                self._by_page[page] = kept
            else:
                self._by_page.pop(page, None)
        return pages

    def on_page(self, page: int) -> list[Passage]:
        return self._by_page.get(page, [])

    def colours(self, passage: Passage) -> tuple[str, ...]:
        found = tuple(self.codes[c].colour for c in passage.code_ids if c in self.codes)
        return found or (NO_FACTOR_COLOUR,)

    def label(self, passage: Passage) -> str:
        names = [self.codes[c].name for c in passage.code_ids if c in self.codes]
        return " · ".join(names) if names else "(no factor)"

    def at(self, page: int, x: float, y: float, slack: float = 1.0) -> list[Passage]:
        """Passages whose drawn boxes hold the point, the smallest (most specific) first."""
        found: list[tuple[float, Passage]] = []
        for passage in self.on_page(page):
            boxes = boxes_on(passage, page)
            if any(
                b.x0 - slack <= x <= b.x1 + slack and b.top - slack <= y <= b.bottom + slack
                for b in boxes
            ):
                area = sum((b.x1 - b.x0) * (b.bottom - b.top) for b in boxes)
                found.append((area, passage))
        found.sort(key=lambda item: item[0])
        return [passage for _, passage in found]

    def stripes(self, page: int, label_length: Mapping[int, float] | None = None) -> list[Stripe]:
        """Stripes of a page with lanes; `label_length` (points, per passage) is the room a
        label needs along its bar, so a label never runs into the next stripe of its lane."""
        raw: list[Stripe] = []
        for passage in self.on_page(page):
            boxes = boxes_on(passage, page)
            if not boxes:
                continue
            top = min(b.top for b in boxes)
            bottom = max(b.bottom for b in boxes)
            raw.append(Stripe(passage.id, top, bottom, self.colours(passage), self.label(passage)))
        lengths = label_length or {}
        spans = [(s.top, max(s.bottom, s.top + lengths.get(s.passage_id, 0.0))) for s in raw]
        lanes = assign_lanes(spans)
        return [
            Stripe(s.passage_id, s.top, s.bottom, s.colours, s.label, lane)
            for s, lane in zip(raw, lanes, strict=True)
        ]
