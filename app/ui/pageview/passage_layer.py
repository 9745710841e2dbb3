"""The coded passages over the study on screen: which are drawn, which one is selected.

Follows the project's changes: a passage made, recoded or deleted in this study is fetched
again (or dropped) and only the pages it lies on are repainted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal

from app.core.project import Change
from app.core.types import Passage
from app.ui.context import AppContext
from app.ui.pageview.highlights import PassageMarks, Stripe


class PassageLayer(QObject):
    passageSelected = Signal(object)  # passage id or None
    repaint = Signal(object)  # the pages (a set of indexes) to draw again, or None for all

    def __init__(self, context: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self._context = context
        self._study_id: int | None = None
        self.marks = PassageMarks([], {})
        self._stripes: dict[int, list[Stripe]] = {}
        self._theme_id: int | None = None
        self._selected: int | None = None

    # --- what is drawn ---------------------------------------------------------------------

    def show_study(self, study_id: int | None) -> None:
        self._study_id = study_id
        self.select(None)
        self.reload()

    def theme_filter(self) -> int | None:
        return self._theme_id

    def set_theme_filter(self, theme_id: int | None) -> None:
        """Highlight only passages whose factors map to this theme (None: all passages)."""
        self._theme_id = theme_id
        self.reload()

    def stripes(self, page: int) -> list[Stripe]:
        if page not in self._stripes:
            self._stripes[page] = self.marks.stripes(page)
        return self._stripes[page]

    def reload(self) -> None:
        project, study_id = self._context.project, self._study_id
        if project is None or study_id is None:
            self.marks = PassageMarks([], {})
        else:
            passages = project.passages.list(study_id=study_id)
            codes = {code.id: code for code in project.codebook.list()}
            self.marks = PassageMarks(passages, codes, self._allowed())
        self._stripes.clear()
        self.repaint.emit(None)

    def _allowed(self) -> set[int] | None:
        project = self._context.project
        if self._theme_id is None or project is None:
            return None
        return set(project.frameworks.codes_of(self._theme_id))

    # --- selection -------------------------------------------------------------------------

    def selected(self) -> int | None:
        return self._selected

    def select(self, passage_id: int | None) -> None:
        if passage_id == self._selected:
            return
        self._selected = passage_id
        self.repaint.emit(None)
        self.passageSelected.emit(passage_id)

    # --- following the project -------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        if self._study_id is None:
            return
        if change.study_id is not None and change.study_id != self._study_id:
            return
        if change.kinds & {"passages", "codes", "frameworks"}:
            self.reload()
            gone = self._selected
            project = self._context.project
            hidden = gone is not None and gone not in self.marks.passages
            if hidden and project is not None:
                ids = {p.id for p in project.passages.list(study_id=self._study_id)}
                if gone not in ids:
                    self.select(None)

    @staticmethod
    def pages_of(passages: Iterable[Passage]) -> set[int]:
        pages: set[int] = set()
        for passage in passages:
            pages.update(box.page for box in passage.boxes)
            pages.add(passage.start_page)
        return pages

    def find(self, passage_id: int, fetch: Callable[[int], Passage]) -> Passage:
        """A passage of this study as drawn, else as core has it (e.g. filtered out)."""
        return self.marks.passages.get(passage_id) or fetch(passage_id)
