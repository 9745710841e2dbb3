"""The studies of the project as a list model: one row a study, its passage count, scans
flagged. Follows changes row by row: coding a passage recounts only its study's row."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from app.core.project import Change
from app.core.types import StudyInfo
from app.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex
STUDY_ID = Qt.ItemDataRole.UserRole


def describe(study: StudyInfo) -> tuple[str, str]:
    """The line shown and its tooltip."""
    passages = f"{study.passage_count} passage{'s' if study.passage_count != 1 else ''}"
    tip = f"{study.filename}\n{study.page_count} pages, {passages}"
    if study.region_only:
        tip += "\nNo text layer (a scan): code it by region (R)."
    elif study.pages_without_text:
        tip += f"\n{study.pages_without_text} page(s) without a text layer: code those by region."
    line = f"{study.label}  ({study.passage_count})"
    if study.drawing_problem:
        tip += (
            f"\nIts pages cannot be drawn: {study.drawing_problem}.\n"
            "Its text can still be searched: hits are listed on the blank pages."
        )
        line += "  · pages cannot be drawn"
    if not study.has_pdf:
        tip = f"{study.name}\nNo full text yet: attach its PDF (Studies ▸ Attach PDF)."
    return line, tip


class StudyListModel(QAbstractListModel):
    def __init__(self, context: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self._context = context
        self._studies: list[StudyInfo] = []
        self._row: dict[int, int] = {}
        context.changed.connect(self.on_change)
        context.projectOpened.connect(self.reload)
        context.projectClosed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        project = self._context.project
        self.beginResetModel()
        self._studies = [] if project is None else project.studies.list()
        self._row = {study.id: row for row, study in enumerate(self._studies)}
        self.endResetModel()

    def study_ids(self) -> list[int]:
        return [study.id for study in self._studies]

    def row_of(self, study_id: int | None) -> int | None:
        return None if study_id is None else self._row.get(study_id)

    # --- the item model ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._studies)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._studies):
            return None
        study = self._studies[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(study)[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(study)[1]
        if role == Qt.ItemDataRole.DecorationRole:
            icon = (
                QStyle.StandardPixmap.SP_MessageBoxCritical
                if study.drawing_problem
                else QStyle.StandardPixmap.SP_MessageBoxWarning
                if study.pages_without_text
                else QStyle.StandardPixmap.SP_FileIcon
            )
            return QApplication.style().standardIcon(icon)
        if role == STUDY_ID:
            return study.id
        return None

    # --- following the project -----------------------------------------------------------

    def on_change(self, change: Change) -> None:
        project = self._context.project
        if project is None:
            return
        if "studies" in change.kinds:
            # A study came, went or changed its record; a citation's a/b suffix depends on
            # the other studies' records too, so every row is read again (one query).
            self.reload()
            return
        if "pages" in change.kinds:
            known = change.studies and all(sid in self._row for sid in change.studies)
            if not known:
                self.reload()
                return
            for study_id in change.studies:
                self._put(project.studies.get(study_id))
        elif "passages" in change.kinds:
            ids = change.studies or None
            counts = self._context.passage_counts(change)
            for study_id in ids if ids is not None else list(self._row):
                row = self._row.get(study_id)
                if row is not None:
                    study = self._studies[row]
                    self._put(replace(study, passage_count=counts.get(study_id, 0)))

    def _put(self, study: StudyInfo) -> None:
        row = self._row.get(study.id)
        if row is None or self._studies[row] == study:
            return
        self._studies[row] = study
        index = self.index(row)
        self.dataChanged.emit(index, index)
