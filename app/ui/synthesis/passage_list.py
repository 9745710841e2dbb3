"""A table of passages: double-click (or Enter) goes to one; Ctrl+C copies the selected rows,
or all of them, as a table; Export writes them to CSV or xlsx."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLayout,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.synthesis.browser import PassageTable
from app.core.synthesis.grid import Grid, passages_grid
from app.ui.synthesis.clipboard import copy_grid
from app.ui.synthesis.export import export_grid
from app.ui.synthesis.passage_model import PassageModel

WIDTHS = (170, 80, 460, 220, 200, 120)


class PassageList(QTableView):
    passageActivated = Signal(int)

    def __init__(self, title: str = "Passages", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.model_ = PassageModel()
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate(WIDTHS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.copy_action = QAction("Copy as table", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy)
        self.addAction(self.copy_action)
        self.activated.connect(self._activated)

    def set_table(self, table: PassageTable) -> None:
        self.model_.set_table(table)

    def table(self) -> PassageTable:
        return self.model_.table

    def passage_ids(self) -> list[int]:
        return self.model_.table.passage_ids()

    def row_of(self, passage_id: int) -> int:
        return self.passage_ids().index(passage_id)

    def selected_table(self) -> PassageTable:
        """The selected rows, or every row when none is selected."""
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        table = self.model_.table
        if not rows:
            return table
        return PassageTable([table.rows[r] for r in rows], table.studies)

    def grid(self, selected: bool = False) -> Grid:
        return passages_grid(self.selected_table() if selected else self.table(), self.title)

    def copy(self) -> None:
        copy_grid(self.grid(selected=True))

    def export(self, suggested: Path) -> Path | None:
        return export_grid(self, self.grid(), suggested)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.passageActivated.emit(self.model_.row(index.row()).passage_id)


def grid_over_cell_passages(
    panel: QWidget, controls: QLayout, grid: QWidget, label: QLabel, passages: PassageList
) -> None:
    """Lay a synthesis panel out: its controls, then its grid above the passages of the cell
    clicked (the grid taking three quarters of the height)."""
    lower = QWidget()
    lower_layout = QVBoxLayout(lower)
    lower_layout.setContentsMargins(0, 0, 0, 0)
    lower_layout.addWidget(label)
    lower_layout.addWidget(passages, 1)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(grid)
    splitter.addWidget(lower)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(4, 2, 4, 2)
    layout.addLayout(controls)
    layout.addWidget(splitter, 1)
