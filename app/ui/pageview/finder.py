"""Find in the study on screen: ask core for the hits, step through them, bring each into view."""

from __future__ import annotations

from collections.abc import Callable

from app.core.geometry import line_boxes
from app.core.types import Hit
from app.ui.context import AppContext
from app.ui.pageview.document import StudyDocument
from app.ui.pageview.find import FindState
from app.ui.pageview.navigation import PageNavigator
from app.ui.pageview.selection import words_in_span


class Finder:
    def __init__(
        self,
        context: AppContext,
        navigator: PageNavigator,
        document: Callable[[], StudyDocument | None],
    ):
        self._context = context
        self._navigator = navigator
        self._document = document
        self.state = FindState()

    def find(self, phrase: str, ignore_case: bool = True) -> int:
        """Mark every hit of a phrase in this study; returns how many there are."""
        project, doc = self._context.project, self._document()
        if project is None or doc is None or not phrase.strip():
            self.clear()
            return 0
        self.state.set(project.search.find(phrase, study_id=doc.study_id, ignore_case=ignore_case))
        self._navigator.update_all()
        return len(self.state.hits)

    def hits(self) -> list[Hit]:
        return list(self.state.hits)

    def current(self) -> Hit | None:
        state = self.state
        return state.hits[state.current] if 0 <= state.current < len(state.hits) else None

    def status(self) -> tuple[int, int]:
        state = self.state
        return state.current + 1, len(state.hits)

    def step(self, forward: bool) -> Hit | None:
        hit = self.state.step(forward, self._navigator.current_page())
        doc = self._document()
        if hit is not None and doc is not None:
            words = words_in_span(doc.words(hit.page), *hit.span_on(hit.page))
            boxes = line_boxes(hit.page, words)
            if boxes:
                self._navigator.reveal(hit.page, boxes[0].top, boxes[-1].bottom)
            else:
                self._navigator.go_to_page(hit.page)
        self._navigator.update_all()
        return hit

    def clear(self) -> None:
        self.state.clear()
        self._navigator.update_all()
