"""Passages of the study on screen: page, quote, factors; a click goes to the passage."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.core.page_numbers import page_range
from app.core.project import Change
from app.core.textnorm import display_quote
from app.core.types import Passage
from app.ui.context import AppContext

PASSAGE_ID = Qt.ItemDataRole.UserRole
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


class PassagesPanel(QTreeWidget):
    passageActivated = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.setObjectName("passagesList")
        self.setColumnCount(3)
        self.setHeaderLabels(["Page", "Quote", "Factors"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(2, 140)
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)
        context.changed.connect(self._on_change)
        context.studySelected.connect(self._on_study)
        context.projectClosed.connect(self.clear)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        project, study_id = self._context.project, self._context.study_id
        if project is None or study_id is None:
            return
        names = {code.id: code.name for code in project.codebook.list()}
        cited = project.page_numbers.cited([study_id]).get(study_id, [])
        for passage in project.passages.list(study_id=study_id):
            factors = ", ".join(names.get(c, "?") for c in passage.code_ids) or "(no factor)"
            quote = excerpt(passage)
            if passage.text_check:
                quote = f"⚠ {quote}"
            item = QTreeWidgetItem([page_label(passage, cited), quote, factors])
            item.setData(0, PASSAGE_ID, passage.id)
            item.setToolTip(0, pdf_pages(passage))
            tip = display_quote(passage.quote)
            if passage.text_check:
                tip += f"\n\nText check: {passage.text_check}"
            item.setToolTip(1, tip)
            item.setToolTip(2, factors)
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.addTopLevelItem(item)

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in items if item is not None]

    def passage_ids(self) -> list[int]:
        return [item.data(0, PASSAGE_ID) for item in self._items()]

    def show_passage(self, passage_id: int | None) -> None:
        """Mark the row of the passage selected on the page, without re-emitting."""
        self.blockSignals(True)
        try:
            self.clearSelection()
            for item in self._items():
                if item.data(0, PASSAGE_ID) == passage_id:
                    self.setCurrentItem(item)
                    self.scrollToItem(item)
        finally:
            self.blockSignals(False)

    def _on_change(self, change: Change) -> None:
        if change.kinds & {"passages", "codes", "pages"} and change.study_id in (
            None,
            self._context.study_id,
        ):
            self.refresh()

    def _on_study(self, _study_id: object) -> None:
        self.refresh()

    def _on_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.passageActivated.emit(item.data(0, PASSAGE_ID))
