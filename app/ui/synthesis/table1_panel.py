"""Table 1 in the window: the matrix, its options, and the passages behind a cell."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from app.core.project import Change
from app.core.synthesis.browser import PassageFilter, PassageTable, browse
from app.core.synthesis.grid import Grid, table1_grid
from app.core.synthesis.table1 import Table1, table1
from app.ui.context import AppContext
from app.ui.synthesis.background import LatestQuery
from app.ui.synthesis.choice_button import ChoiceButton
from app.ui.synthesis.clipboard import copy_grid
from app.ui.synthesis.export import export_grid
from app.ui.synthesis.grouped_header import GroupedHeader
from app.ui.synthesis.passage_list import PassageList, grid_over_cell_passages
from app.ui.synthesis.table1_model import CellRef, Table1Model

REFRESH_KINDS = {"passages", "codes", "frameworks", "studies"}
COUNT_WIDTH = 34


class Table1Panel(QWidget):
    passageActivated = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("table1Panel")
        self.context = context
        self.table: Table1 = Table1(None)
        self.framework = QComboBox()
        self.framework.setToolTip("The framework whose themes group the factors")
        self.statuses = ChoiceButton("Status")
        self.groups = ChoiceButton("Group")
        self.ticks = QCheckBox("Ticks")
        self.ticks.setToolTip("A tick where a study reports a factor, instead of the count")
        self.rollup = QCheckBox("Theme roll-up")
        self.rollup.setToolTip("Add studies by theme: passages under each theme")
        self.transpose = QCheckBox("Transpose")
        self.transpose.setToolTip("Factors as rows, studies as columns")
        self.subfactors = QCheckBox("With sub-factors")
        self.subfactors.setChecked(True)
        copy = QPushButton("Copy")
        copy.setToolTip("Copy as a table for Word or Excel, theme headers included")
        export = QPushButton("Export…")
        options = QHBoxLayout()
        options.addWidget(QLabel("Framework:"))
        for widget in (
            self.framework,
            self.statuses,
            self.groups,
            self.subfactors,
            self.ticks,
            self.rollup,
            self.transpose,
        ):
            options.addWidget(widget)
        options.addStretch(1)
        options.addWidget(copy)
        options.addWidget(export)

        self.model = Table1Model()
        self.view = QTableView()
        self.view.setObjectName("table1View")
        self.header = GroupedHeader(self.view)
        self.header.rotated = self.model.rotated
        self.view.setHorizontalHeader(self.header)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setMaximumWidth(260)
        self.view.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.view.setWordWrap(False)
        self.cell_label = QLabel("Click a cell to list its passages.")
        self.cell_label.setObjectName("table1CellLabel")
        self.passages = PassageList("Passages of a Table 1 cell")
        self.passages.setObjectName("table1Passages")
        grid_over_cell_passages(self, options, self.view, self.cell_label, self.passages)

        self.query = LatestQuery(self)
        self._dirty = True
        self._choices_dirty = True
        for box in (self.ticks, self.rollup, self.transpose):
            box.toggled.connect(lambda _on: self._show(self.table))
        self.subfactors.toggled.connect(lambda _on: self.refresh())
        self.framework.currentIndexChanged.connect(lambda _i: self.refresh())
        self.statuses.changed.connect(self.refresh)
        self.groups.changed.connect(self.refresh)
        copy.clicked.connect(self.copy)
        export.clicked.connect(self._export)
        self.view.selectionModel().currentChanged.connect(self._current)
        self.passages.passageActivated.connect(self.passageActivated)
        context.changed.connect(self._on_change)
        context.projectOpened.connect(self._on_project)
        context.projectClosed.connect(self._on_project)

    # --- building --------------------------------------------------------------------------

    def _reload_choices(self) -> None:
        self._choices_dirty = False
        project = self.context.project
        current = self.framework.currentData()
        self.framework.blockSignals(True)
        self.framework.clear()
        if project is not None:
            for framework in project.frameworks.list():
                self.framework.addItem(framework.name, framework.id)
            found = self.framework.findData(current)
            self.framework.setCurrentIndex(max(0, found))
        self.framework.blockSignals(False)
        for button, values in (
            (self.statuses, [] if project is None else project.study_facets.statuses()),
            (self.groups, [] if project is None else project.study_facets.groups()),
        ):
            button.blockSignals(True)
            button.set_items([(v, v) for v in values])
            button.blockSignals(False)

    def refresh(self) -> None:
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        if self._choices_dirty:
            self._reload_choices()
        project = self.context.project
        if project is None:
            self._show(Table1(None))
            return
        framework = self.framework.currentData()
        statuses = [str(v) for v in self.statuses.chosen()]
        groups = [str(v) for v in self.groups.chosen()]
        subfactors = self.subfactors.isChecked()
        self.query.ask(
            lambda: table1(project, framework, statuses, groups, subfactors=subfactors),
            self._show,
        )

    def _show(self, table: Table1) -> None:
        self.table = table
        self.model.set_table(
            self.table,
            transposed=self.transpose.isChecked(),
            ticks=self.ticks.isChecked(),
            rollup=self.rollup.isChecked(),
        )
        self.header.groups = self.model.header_groups()
        self._layout_columns()
        self.passages.set_table(PassageTable())
        self.cell_label.setText("Click a cell to list its passages.")

    def _layout_columns(self) -> None:
        view, model = self.view, self.model
        view.clearSpans()
        for first, size in model.theme_spans():
            view.setSpan(first, 0, size, 1)
        header = self.header
        header.setMinimumHeight(header.sizeHint().height())
        first = model.first_count_column()
        view.verticalHeader().setVisible(not model.transposed)
        for column in range(model.columnCount()):
            if column < first:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                view.setColumnWidth(column, 200 if model.transposed else 110)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                view.setColumnWidth(column, 110 if model.transposed else COUNT_WIDTH)
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header.viewport().update()

    # --- cells -----------------------------------------------------------------------------

    def index_of(self, study_id: int | None, code_id: int) -> QModelIndex:
        """The cell of a study (None: the totals) and the first column of a factor."""
        for row in range(self.model.rowCount()):
            for column in range(self.model.columnCount()):
                index = self.model.index(row, column)
                cell = self.model.cell(index)
                if (
                    cell is not None
                    and cell.column is not None
                    and cell.study_id == study_id
                    and self.table.columns[cell.column].code_id == code_id
                ):
                    return index
        return QModelIndex()

    def choose(self, index: QModelIndex) -> None:
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        cell = self.model.cell(index)
        project = self.context.project
        if cell is None or project is None:
            return
        self.show_cell(cell)

    def show_cell(self, cell: CellRef) -> None:
        project = self.context.require()
        statuses = tuple(str(v) for v in self.statuses.chosen())
        groups = tuple(str(v) for v in self.groups.chosen())
        study_ids: tuple[int, ...] = () if cell.study_id is None else (cell.study_id,)
        if cell.column is not None:
            column = self.table.columns[cell.column]
            wanted = PassageFilter(
                code_ids=(column.code_id,),
                subfactors=self.table.subfactors,
                study_ids=study_ids,
                statuses=statuses,
                groups=groups,
            )
            what = column.name
        else:
            assert cell.group is not None
            group = self.table.groups[cell.group]
            codes = tuple(
                c.code_id for c in self.table.columns[group.first : group.first + group.size]
            )
            wanted = PassageFilter(
                code_ids=codes,
                subfactors=self.table.subfactors,
                study_ids=study_ids,
                statuses=statuses,
                groups=groups,
            )
            what = group.name
        found = browse(project, wanted)
        self.passages.set_table(found)
        where = (
            next(r.citation for r in self.table.rows if r.study_id == cell.study_id)
            if cell.study_id is not None
            else "every study shown"
        )
        count = len(found.rows)
        self.cell_label.setText(
            f"{where} — {what}: {count} passage{'s' if count != 1 else ''}. "
            "Double-click one to open it."
        )

    # --- output ----------------------------------------------------------------------------

    def grid(self) -> Grid:
        return table1_grid(
            self.table,
            transpose=self.transpose.isChecked(),
            ticks=self.ticks.isChecked(),
            rollup=self.rollup.isChecked(),
        )

    def copy(self) -> None:
        copy_grid(self.grid())

    def _export(self) -> None:
        project = self.context.project
        if project is not None:
            export_grid(
                self, self.grid(), project.path.with_name(f"{project.path.stem}-table1.xlsx")
            )

    # --- keeping up ------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.kinds & {"frameworks", "studies"}:
            self._choices_dirty = True
        if change.kinds & REFRESH_KINDS:
            self.refresh()

    def _on_project(self) -> None:
        self._choices_dirty = True
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
