"""The coded passages over the study on screen: which are drawn, which one is selected.

Follows the project's changes row by row: a passage made, recoded or deleted in this study
is taken as the change names it (read once for every panel) and only the pages it lies on
are drawn again. Factors renamed or recoloured, or a theme filter whose theme changed,
reload the whole layer.
"""

from __future__ import annotations

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

    def find(self, passage_id: int) -> Passage | None:
        """A passage of this study as drawn (None when the theme filter hides it)."""
        return self.marks.passages.get(passage_id)

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
        study_id = self._study_id
        if study_id is None or not change.touches_study(study_id):
            return
        filtered = self._theme_id is not None
        if "codes" in change.kinds or ("frameworks" in change.kinds and filtered):
            self.reload()
            self._drop_selection_if_gone(change)
        elif "passages" in change.kinds:
            if change.whole("passages"):
                self.reload()
                self._drop_selection_if_gone(change)
            else:
                self._update(change)

    def _update(self, change: Change) -> None:
        now = self._context.changed_passages(change)
        pages: set[int] = set()
        for passage_id in change.passages:
            passage = now.get(passage_id)
            if passage is not None and passage.study_id == self._study_id:
                pages |= self.marks.put(passage)
            else:
                pages |= self.marks.drop(passage_id)
        for page in pages:
            self._stripes.pop(page, None)
        if self._selected in change.passages and self._selected not in now:
            self.select(None)  # deleted (or undone)
        if pages:
            self.repaint.emit(pages)

    def _drop_selection_if_gone(self, change: Change) -> None:
        selected = self._selected
        if selected is None or selected in self.marks.passages:
            return
        project = self._context.project
        # Hidden by the theme filter is not gone: ask core only then.
        if project is None or not project.passages.get_many([selected]):
            self.select(None)
