"""A filter above the Studies list: by status, by group, or by an attribute's value."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDockWidget, QListView, QVBoxLayout, QWidget

from app.core.project import Change
from app.core.record_types import STATUSES
from app.core.study_filter import StudyFilter
from app.ui.context import AppContext

STUDY_ID = Qt.ItemDataRole.UserRole  # where the Studies list keeps each row's study id
ALL = "All studies"


class StudiesFilter(QComboBox):
    def __init__(self, context: AppContext, studies: QListView, dock: QDockWidget):
        super().__init__()
        self.setObjectName("studiesFilter")
        self.context = context
        self.studies = studies
        self._filters: list[StudyFilter] = [StudyFilter()]
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self)
        layout.addWidget(studies, 1)
        dock.setWidget(holder)
        self.currentIndexChanged.connect(self.apply)
        # Connected after the list's own refresh, so this runs once the list is rebuilt.
        context.changed.connect(self._on_change)
        context.projectOpened.connect(self._rebuild)
        context.projectClosed.connect(self._rebuild)
        self._rebuild()

    def _rebuild(self) -> None:
        project = self.context.project
        current = self.currentText()
        choices: list[tuple[str, StudyFilter]] = [(ALL, StudyFilter())]
        choices += [(s.capitalize(), StudyFilter(status=s)) for s in STATUSES]
        if project is not None:
            choices += [
                (f"Group: {g.name}", StudyFilter(group=g.name))
                for g in project.records.lists.groups()
            ]
            records = project.records.list()
            for definition in project.records.attributes.defs():
                values = sorted({r.attributes.get(definition.name, "") for r in records} - {""})
                choices += [
                    (f"{definition.name}: {v}", StudyFilter(attribute=definition.name, value=v))
                    for v in values
                ]
        self.blockSignals(True)
        try:
            self.clear()
            self._filters = []
            for text, study_filter in choices:
                self.addItem(text)
                self._filters.append(study_filter)
            self.setCurrentIndex(max(self.findText(current), 0))
        finally:
            self.blockSignals(False)
        self.apply()

    def current_filter(self) -> StudyFilter:
        index = self.currentIndex()
        return self._filters[index] if 0 <= index < len(self._filters) else StudyFilter()

    def apply(self) -> None:
        project = self.context.project
        study_filter = self.current_filter()
        shown: set[int] | None = None
        if project is not None and study_filter.active:
            shown = {r.id for r in project.records.list() if study_filter.matches(r)}
        model = self.studies.model()
        for row in range(model.rowCount()):
            study_id = model.index(row, 0).data(STUDY_ID)
            self.studies.setRowHidden(row, shown is not None and study_id not in shown)

    def _on_change(self, change: Change) -> None:
        # Its choices come from the records (status, groups, attributes); a coding changes
        # none of them, but the list may have been rebuilt under it.
        if "studies" in change.kinds:
            self._rebuild()
        elif change.kinds & {"passages", "pages"}:
            self.apply()
