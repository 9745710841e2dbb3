"""The Studies list: every imported PDF, its passage count, scans flagged; picking one
shows it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from app.ui.context import AppContext
from app.ui.window.study_list_model import STUDY_ID, StudyListModel


class StudiesPanel(QListView):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.setObjectName("studiesList")
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.studies_model = StudyListModel(context, self)
        self.setModel(self.studies_model)
        self._syncing = False
        self.selectionModel().currentChanged.connect(self._on_current)
        self.studies_model.modelReset.connect(self._show_selected)
        context.studySelected.connect(self._show_selected)

    def study_ids(self) -> list[int]:
        return self.studies_model.study_ids()

    def count(self) -> int:
        return self.studies_model.rowCount()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self._context.select_study(current.data(STUDY_ID))

    def _show_selected(self, *_args: object) -> None:
        """Mark the study the window shows, without choosing it again."""
        row = self.studies_model.row_of(self._context.study_id)
        self._syncing = True
        try:
            if row is None:
                self.selectionModel().clearCurrentIndex()
                self.clearSelection()
            else:
                index = self.studies_model.index(row)
                self.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
        finally:
            self._syncing = False
