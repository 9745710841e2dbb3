"""The studies table: every study with its record, sortable and filterable, edited in place
or in the form beside it; several can be selected to screen or group them at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CoreError
from app.core.project import Change
from app.core.record_types import STATUSES, StudyRecord
from app.core.study_filter import StudyFilter
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.records import DeleteStudies, EditRecords
from app.ui.context import AppContext
from app.ui.records.delegate import RecordDelegate
from app.ui.records.filter_bar import FilterBar
from app.ui.records.form import RecordForm
from app.ui.records.table_model import STUDY_ID, RecordsModel, RecordsProxy

REFRESH_KINDS = {"studies", "passages", "pages"}
WIDTHS = {
    "citation": 175,
    "title": 250,
    "year": 50,
    "design": 120,
    "reason": 130,
    "groups": 150,
    "pages": 50,
    "passages": 65,
    "flags": 150,
    "authors": 160,
    "sample": 150,
}


class RecordsTable(QTableView):
    """The table; Delete deletes the selected studies (not the window's selected passage)."""

    deletePressed = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            editing = self.state() == QAbstractItemView.State.EditingState
            if not editing and event.matches(QKeySequence.StandardKey.Delete):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.matches(QKeySequence.StandardKey.Delete)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.deletePressed.emit()
            return
        super().keyPressEvent(event)


class StudyRecordsPanel(QWidget):
    failed = Signal(str)
    attachRequested = Signal(int)  # study id

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("studyRecords")
        self.context = context
        self.model = RecordsModel(self)
        self.proxy = RecordsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_bar = FilterBar()
        self.table = RecordsTable()
        self.table.setObjectName("studiesTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the project's order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.delegate = RecordDelegate(self.model, self._reason_names, self.table)
        self.table.setItemDelegate(self.delegate)
        self.form = RecordForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(300)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)

        self.model.editRequested.connect(self._cell_edited)
        self.form.editRequested.connect(self._form_edited)
        self.form.attachRequested.connect(self._attach_current)
        self.form.deleteRequested.connect(self.delete_selected)
        self.table.deletePressed.connect(self.delete_selected)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.filter_bar.filterChanged.connect(self._filter)
        context.changed.connect(self._on_change)
        context.projectOpened.connect(self.refresh)
        context.projectClosed.connect(self.refresh)
        context.studySelected.connect(self.show_study)
        self._widths_set = False
        self._choosing = False
        self.refresh()

    # --- showing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        project = self.context.project
        selected = self.selected_ids()
        self.model.reload(project)
        self.filter_bar.refresh(project)
        if not self._widths_set and self.model.records:
            for column, spec in enumerate(self.model.columns):
                self.table.setColumnWidth(column, WIDTHS.get(spec.key, 90))
            self._widths_set = True
        self._select(selected or ([self.context.study_id] if self.context.study_id else []))
        self._show_form()
        self._count()

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        ids = [int(index.data(STUDY_ID)) for index in rows]
        current = self.current_id()
        if current is not None and current in ids:
            ids.remove(current)
            ids.insert(0, current)
        return ids

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(STUDY_ID)) if index.isValid() else None

    def show_study(self, study_id: object) -> None:
        if self._choosing:
            return  # the table itself chose it; its selection is already right
        if isinstance(study_id, int) and study_id not in self.selected_ids():
            self._select([study_id])
        self._show_form()

    def _select(self, study_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            selection.clearSelection()
            first = True
            for study_id in study_ids:
                row = self.model.row_of(study_id)
                if row is None:
                    continue
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if not index.isValid():
                    continue
                flags = QItemSelectionModel.SelectionFlag.Select | (
                    QItemSelectionModel.SelectionFlag.Rows
                )
                if first:
                    selection.setCurrentIndex(index, flags)
                    self.table.scrollTo(index)
                    first = False
                else:
                    selection.select(index, flags)
        finally:
            selection.blockSignals(False)
        self.table.viewport().update()

    def _show_form(self) -> None:
        project = self.context.project
        study_id = self.current_id()
        row = self.model.row_of(study_id) if study_id is not None else None
        record = self.model.record(row) if row is not None else None
        if project is None:
            self.form.show_record(None, [], [], [])
            return
        self.form.show_record(
            record,
            self._reason_names(),
            [g.name for g in project.records.lists.groups()],
            self.model.attributes,
        )

    def _count(self) -> None:
        self.filter_bar.show_count(self.proxy.rowCount(), self.model.rowCount())

    def _reason_names(self) -> list[str]:
        project = self.context.project
        return [] if project is None else [r.name for r in project.records.lists.reasons()]

    # --- reacting --------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        only_codings = "passages" in change.kinds and not change.kinds & {"studies", "pages"}
        if change.studies and only_codings:
            # Coding changes only the passage counts of the studies it names.
            counts = self.context.passage_counts(change)
            self.model.set_passage_counts({sid: counts.get(sid, 0) for sid in change.studies})
        elif change.kinds & REFRESH_KINDS:
            self.refresh()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_form()
        if current.isValid():
            self._choosing = True
            try:
                self.context.select_study(int(current.data(STUDY_ID)))
            finally:
                self._choosing = False

    def _filter(self, study_filter: StudyFilter) -> None:
        self.proxy.set_filter(study_filter)
        self._count()

    # --- editing ---------------------------------------------------------------------------

    def _push(self, command: ProjectCommand) -> bool:
        try:
            push(self.context.undo_stack, command)
        except CoreError as error:
            self.failed.emit(str(error))
            self._show_form()
            return False
        return True

    def edit(self, changes: dict[int, dict[str, Any]], text: str) -> bool:
        project = self.context.project
        if project is None or not changes:
            return False
        return self._push(EditRecords(project, changes, text))

    def _cell_edited(self, study_id: int, key: str, value: object) -> None:
        header = next((c.header for c in self.model.columns if c.key == key), key)
        self.edit({study_id: {key: value}}, f"Edit {header.lower()}")

    def _form_edited(self, changes: dict[str, Any], text: str) -> None:
        study_id = self.current_id()
        if study_id is not None:
            self.edit({study_id: changes}, text)

    def set_for_selected(self, changes: dict[str, Any], text: str) -> bool:
        """The same change to every selected study, as one step."""
        return self.edit({study_id: dict(changes) for study_id in self.selected_ids()}, text)

    def delete_selected(self) -> bool:
        project = self.context.project
        ids = self.selected_ids()
        if project is None or not ids:
            return False
        records = [r for r in self.model.records if r.id in ids]
        passages = sum(r.passage_count for r in records)
        what = f"“{records[0].label}”" if len(records) == 1 else f"{len(records)} studies"
        coded = "passage" if passages == 1 else "passages"
        answer = QMessageBox.question(
            self,
            "Delete studies",
            f"Delete {what} with the {passages} {coded} coded in "
            f"{'it' if len(records) == 1 else 'them'}? Undo brings everything back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if self.context.study_id in ids:
            self.context.select_study(None)
        return self._push(DeleteStudies(project, ids))

    def rename_current(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            return
        index = self.proxy.index(row, self.model.column_of("name"))
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _attach_current(self) -> None:
        study_id = self.current_id()
        if study_id is not None:
            self.attachRequested.emit(study_id)

    def _context_menu(self, pos: QPoint) -> None:
        ids = self.selected_ids()
        project = self.context.project
        if not ids or project is None:
            return
        menu = self.context_menu(ids)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self, ids: list[int]) -> QMenu:
        project = self.context.require()
        menu = QMenu(self)
        status = menu.addMenu("Status")
        for name in STATUSES[:2]:
            status.addAction(name.capitalize()).triggered.connect(
                lambda _c=False, n=name: self.set_for_selected({"status": n}, f"Mark {n}")
            )
        excluded = status.addMenu("Excluded")
        excluded.addAction("No reason").triggered.connect(
            lambda: self.set_for_selected({"status": "excluded"}, "Mark excluded")
        )
        for reason in self._reason_names():
            excluded.addAction(reason).triggered.connect(
                lambda _c=False, r=reason: self.set_for_selected({"reason": r}, "Mark excluded")
            )
        groups = menu.addMenu("Groups")
        records = [r for r in self.model.records if r.id in ids]
        for group in project.records.lists.groups():
            action = QAction(group.name, groups)
            action.setCheckable(True)
            action.setChecked(all(group.name in r.groups for r in records))
            action.toggled.connect(lambda on, g=group.name: self._toggle_group(records, g, on))
            groups.addAction(action)
        if any(r.guessed for r in records):
            menu.addAction("Confirm guessed record").triggered.connect(
                lambda: self.set_for_selected({"guessed": ()}, "Confirm record")
            )
        menu.addSeparator()
        if len(ids) == 1:
            menu.addAction("Rename…").triggered.connect(self.rename_current)
            has_pdf = records[0].has_pdf if records else False
            menu.addAction("Replace PDF…" if has_pdf else "Attach PDF…").triggered.connect(
                self._attach_current
            )
        menu.addAction("Delete…").triggered.connect(self.delete_selected)
        return menu

    def _toggle_group(self, records: list[StudyRecord], group: str, on: bool) -> None:
        changes = {
            r.id: {"groups": [*r.groups, group] if on else [g for g in r.groups if g != group]}
            for r in records
            if (group in r.groups) != on
        }
        verb = "Add to" if on else "Remove from"
        self.edit(changes, f"{verb} group {group!r}")
