"""The passages of the study on screen as a table model: page, quote, factors.

Follows changes row by row: a passage coded, recoded or deleted is inserted, updated or
removed where it belongs in reading order; only a change to factors' names reloads them.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.core.page_numbers import page_range
from app.core.project import Change
from app.core.textnorm import display_quote
from app.core.types import Passage
from app.ui.context import AppContext
from app.ui.pageview.highlights import reading_order
from app.ui.to_place import TO_PLACE, TO_PLACE_TIP

Index = QModelIndex | QPersistentModelIndex
PASSAGE_ID = Qt.ItemDataRole.UserRole
PLACED = Qt.ItemDataRole.UserRole + 1  # False: waits to be placed by hand
COLUMNS = ("Page", "Quote", "Factors")
EXCERPT = 140


def excerpt(passage: Passage) -> str:
    quote = display_quote(passage.quote)
    if not quote:
        return "[region]"
    return quote if len(quote) <= EXCERPT else quote[: EXCERPT - 1].rstrip() + "…"


def page_label(passage: Passage, cited: list[str] | None = None) -> str:
    """The page a quote cites: printed on the page where known, else its PDF position."""
    return page_range(cited or [], passage.start_page, passage.end_page)


def pdf_pages(passage: Passage) -> str:
    first, last = passage.start_page + 1, passage.end_page + 1
    return f"PDF page {first}" if first == last else f"PDF pages {first}-{last}"


def listing_order(passage: Passage) -> tuple[object, ...]:
    """Passages waiting to be placed by hand first (they have no page to be read at), then
    the others in reading order."""
    return (passage.placed, *reading_order(passage))


class PassageTableModel(QAbstractTableModel):
    def __init__(self, context: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self._context = context
        self._study_id: int | None = None
        self._rows: list[Passage] = []
        self._keys: list[tuple[object, ...]] = []  # reading order of each row
        self._names: dict[int, str] = {}
        self._cited: list[str] = []  # the number each page of the study is cited by
        context.changed.connect(self.on_change)
        context.studySelected.connect(self.show_study)
        context.projectClosed.connect(lambda: self.show_study(None))

    def show_study(self, study_id: object) -> None:
        self._study_id = study_id if isinstance(study_id, int) else None
        self.reload()

    def reload(self) -> None:
        project, study_id = self._context.project, self._study_id
        self.beginResetModel()
        self._rows, self._keys = [], []
        if project is not None and study_id is not None:
            self._names = {code.id: code.name for code in project.codebook.list()}
            self._cited = project.page_numbers.cited([study_id]).get(study_id, [])
            self._rows = sorted(project.passages.list(study_id=study_id), key=listing_order)
            self._keys = [listing_order(p) for p in self._rows]
        self.endResetModel()

    def passage_ids(self) -> list[int]:
        return [passage.id for passage in self._rows]

    def row_of(self, passage_id: int | None) -> int | None:
        return next((r for r, p in enumerate(self._rows) if p.id == passage_id), None)

    def factors(self, passage: Passage) -> str:
        return ", ".join(self._names.get(c, "?") for c in passage.code_ids) or "(no factor)"

    # --- the item model ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        passage, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            quote = excerpt(passage)
            if passage.text_check:
                quote = f"⚠ {quote}"
            page = page_label(passage, self._cited) if passage.placed else TO_PLACE
            return (page, quote, self.factors(passage))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return pdf_pages(passage) if passage.placed else TO_PLACE_TIP
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            tip = display_quote(passage.quote)
            return f"{tip}\n\nText check: {passage.text_check}" if passage.text_check else tip
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return self.factors(passage)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == PASSAGE_ID:
            return passage.id
        if role == PLACED:
            return passage.placed
        return None

    # --- following the project -----------------------------------------------------------

    def on_change(self, change: Change) -> None:
        study_id = self._study_id
        if study_id is None or not change.touches_study(study_id):
            return
        if (
            "codes" in change.kinds
            or "pages" in change.kinds  # the study's page numbering
            or ("passages" in change.kinds and change.whole("passages"))
        ):
            self.reload()  # factor names, page numbers, or passages the change does not name
        elif "passages" in change.kinds:
            now = self._context.changed_passages(change)
            for passage_id in sorted(change.passages):
                passage = now.get(passage_id)
                self._remove(passage_id)
                if passage is not None and passage.study_id == study_id:
                    self._insert(passage)

    def _remove(self, passage_id: int) -> None:
        row = self.row_of(passage_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row], self._keys[row]
            self.endRemoveRows()

    def _insert(self, passage: Passage) -> None:
        key = listing_order(passage)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, passage)
        self._keys.insert(row, key)
        self.endInsertRows()
