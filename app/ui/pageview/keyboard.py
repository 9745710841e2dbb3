"""Reading and selecting by keyboard: the next or previous sentence or paragraph becomes the
selection (or the selection grows or shrinks by one), and the next coded passage is picked,
each brought into view. Sentences and paragraphs are core's (`app.core.reading_units`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.geometry import line_boxes
from app.core.reading_units import Span, paragraphs, runs_on, sentences
from app.ui.pageview.highlights import reading_order
from app.ui.pageview.selection import TextSelection, words_in_span

if TYPE_CHECKING:
    from app.ui.pageview.view import PageView

Place = tuple[int, int]  # page, offset


class KeyboardReader:
    def __init__(self, view: PageView):
        self.view = view
        self._units: dict[tuple[int, int, str, bool], list[Span]] = {}

    # --- where things are ------------------------------------------------------------------

    def _text(self, page: int) -> str:
        doc = self.view.document()
        if doc is None:
            return ""
        return doc.text(page) or doc.project.studies.text(doc.study_id, page)

    def units(self, page: int, unit: str) -> list[Span]:
        doc = self.view.document()
        if doc is None or not doc.has_text(page):
            return []
        words = doc.words(page)
        key = (doc.study_id, page, unit, bool(words))
        if key not in self._units:
            text = self._text(page)
            skip = doc.project.studies.furniture(doc.study_id, page)
            found = sentences(text, skip) if unit == "sentence" else paragraphs(text, words, skip)
            self._units[key] = found
        return self._units[key]

    def _all(self, unit: str, pages: range) -> list[tuple[Place, Place]]:
        """The units of `pages` in order. A sentence that runs on at the foot of a page is
        one unit with its end on the next page (furniture between is not in it)."""
        found: list[tuple[Place, Place]] = []
        open_end = False  # the last unit found runs on to the next page
        for page in pages:
            spans = self.units(page, unit)
            for number, (a, b) in enumerate(spans):
                if number == 0 and open_end and found and found[-1][1][0] == page - 1:
                    found[-1] = (found[-1][0], (page, b))
                else:
                    found.append(((page, a), (page, b)))
            open_end = unit == "sentence" and bool(spans) and runs_on(self._text(page), spans[-1])
        return found

    def _current(self) -> tuple[Place, Place, bool]:
        """The selection's start and end, or the selected passage's, or the top of the page
        on screen (then False: nothing is selected)."""
        view = self.view
        sel = view.selection()
        if isinstance(sel, TextSelection):
            return (sel.start_page, sel.start_offset), (sel.end_page, sel.end_offset), True
        selected = view.selected_passage()
        passage = None if selected is None else view.passages.find(selected)
        if passage is not None and passage.start_offset is not None:
            end = passage.end_offset if passage.end_offset is not None else 0
            return (passage.start_page, passage.start_offset), (passage.end_page, end), True
        top = (view.current_page(), 0)
        return top, top, False

    # --- moving ----------------------------------------------------------------------------

    def move(self, unit: str, forward: bool, extend: bool = False) -> TextSelection | None:
        """Select the next (previous) sentence or paragraph; with `extend`, move only the
        selection's end by one. Returns the new selection, or None where there is none."""
        doc = self.view.document()
        if doc is None:
            return None
        start, end, selected = self._current()
        if forward:
            pages = range(end[0], doc_pages(self.view))
            units = self._all(unit, pages)
            if extend and selected:
                found = next((u for u in units if u[1] > end), None)
                target = None if found is None else (start, found[1])
            else:
                found = next((u for u in units if u[0] >= end), None)
                target = found
        else:
            pages = range(0, end[0] + 1)
            units = self._all(unit, pages)
            if extend and selected:
                found = next((u for u in reversed(units) if start < u[1] < end), None)
                target = None if found is None else (start, found[1])
            else:
                found = next((u for u in reversed(units) if u[1] <= start), None)
                target = found
        if target is None:
            return None
        return self._select(*target)

    def _select(self, start: Place, end: Place) -> TextSelection | None:
        view, doc = self.view, self.view.document()
        if doc is None:
            return None
        parts = []
        for page in range(start[0], end[0] + 1):
            text = self._text(page)
            lo = start[1] if page == start[0] else 0
            hi = end[1] if page == end[0] else len(text)
            parts.append(text[lo:hi])
        selection = TextSelection(doc.study_id, *start, *end, "\n".join(parts))
        view.select_passage(None)
        view.clear_selection()
        view.set_selection(selection)
        first = 0 if end[0] > start[0] else start[1]
        boxes = line_boxes(end[0], words_in_span(doc.words(end[0]), first, end[1]))
        if boxes:
            view.reveal(end[0], boxes[0].top, boxes[-1].bottom)
        else:
            view.go_to_page(start[0])
        return selection

    def step_passage(self, forward: bool) -> int | None:
        """Pick the next (previous) coded passage in reading order and show it."""
        view = self.view
        passages = sorted(view.marks().passages.values(), key=reading_order)
        if not passages:
            return None
        selected = view.selected_passage()
        ids = [p.id for p in passages]
        if selected in ids:
            index = ids.index(selected) + (1 if forward else -1)
            if not 0 <= index < len(ids):
                return None
        else:
            start, end, _ = self._current()
            here = end if forward else start
            keys = [(p.start_page, p.start_offset or 0) for p in passages]
            after = [i for i, k in enumerate(keys) if k >= here]
            before = [i for i, k in enumerate(keys) if k < here]
            if (forward and not after) or (not forward and not before):
                return None
            index = after[0] if forward else before[-1]
        view.clear_selection()
        view.go_to_passage(ids[index])
        return ids[index]


def doc_pages(view: PageView) -> int:
    return view.page_count()
