"""Passages of the study on screen: page, quote, factors; a click goes to the passage.

A passage waiting to be placed by hand has no page to go to: a click picks it (its memo
shows), a double-click or Enter asks for the place-by-hand window."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal, SignalInstance
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from app.ui.context import AppContext
from app.ui.window.passage_table_model import PASSAGE_ID, PLACED, PassageTableModel


class PassagesPanel(QTreeView):
    passageActivated = Signal(int)  # a placed passage clicked or activated: show it
    unplacedChosen = Signal(int)  # a passage to place clicked
    placeRequested = Signal(int)  # a passage to place double-clicked or Enter pressed

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("passagesList")
        self.passages_model = PassageTableModel(context, self)
        self.setModel(self.passages_model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(2, 140)
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_activated)
        if context.study_id is not None:
            self.passages_model.show_study(context.study_id)

    def passage_ids(self) -> list[int]:
        return self.passages_model.passage_ids()

    def show_passage(self, passage_id: int | None) -> None:
        """Mark the row of the passage selected on the page, without re-emitting."""
        row = self.passages_model.row_of(passage_id)
        selection = self.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.passages_model.index(row, 0)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)

    def _on_clicked(self, index: QModelIndex) -> None:
        self._go(index, self.unplacedChosen)

    def _on_activated(self, index: QModelIndex) -> None:
        self._go(index, self.placeRequested)

    def _go(self, index: QModelIndex, unplaced: SignalInstance) -> None:
        """A placed passage is shown on its page; one waiting to be placed says `unplaced`."""
        if not index.isValid():
            return
        row = index.siblingAtColumn(0)
        signal = self.passageActivated if row.data(PLACED) else unplaced
        signal.emit(row.data(PASSAGE_ID))
