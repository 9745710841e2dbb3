"""Co-occurrence in the window: factor by factor, one of three counts; a cell lists its
passages."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from app.core.synthesis.cooccurrence import Cooccurrence, Measure, cooccurrence
from app.core.synthesis.grid import cooccurrence_grid
from app.ui.context import AppContext
from app.ui.synthesis.background import LatestQuery
from app.ui.synthesis.clipboard import copy_grid
from app.ui.synthesis.grouped_header import GroupedHeader
from app.ui.synthesis.passage_list import PassageList, grid_over_cell_passages

Index = QModelIndex | QPersistentModelIndex
HEAT = QColor("#3d5a80")


class CooccurrenceModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.result = Cooccurrence([])
        self.measure = Measure.BOTH
        self._peak = 1

    def set_result(self, result: Cooccurrence, measure: Measure) -> None:
        self.beginResetModel()
        self.result, self.measure = result, measure
        matrix = result.matrix(measure)
        off_diagonal = [v for i, row in enumerate(matrix) for j, v in enumerate(row) if i != j]
        self._peak = max([1, *off_diagonal])
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.result.codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.result.codes)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.result.codes[section].name
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        value = self.result.matrix(self.measure)[index.row()][index.column()]
        diagonal = index.row() == index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value) if value else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if diagonal:
                return QBrush(QColor("#ececec"))
            if value:
                colour = QColor(HEAT)
                colour.setAlphaF(0.12 + 0.6 * min(1.0, value / self._peak))
                return QBrush(colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            a, b = self.result.codes[index.row()].name, self.result.codes[index.column()].name
            return f"{a} × {b}: {value} {self.measure.value}"
        return None


class CooccurrencePanel(QWidget):
    passageActivated = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cooccurrencePanel")
        self.context = context
        self.measure = QComboBox()
        for measure in Measure:
            self.measure.addItem(measure.value.capitalize(), measure)
        self.measure.setCurrentIndex(list(Measure).index(Measure.BOTH))
        copy = QPushButton("Copy")
        top = QHBoxLayout()
        top.addWidget(QLabel("Count:"))
        top.addWidget(self.measure)
        top.addStretch(1)
        top.addWidget(copy)
        self.model = CooccurrenceModel()
        self.view = QTableView()
        self.view.setObjectName("cooccurrenceView")
        header = GroupedHeader(self.view)
        header.rotated = lambda _section: True
        self.view.setHorizontalHeader(header)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.verticalHeader().setMaximumWidth(260)
        self.cell_label = QLabel("Click a cell to list its passages.")
        self.passages = PassageList("Co-occurring passages")
        grid_over_cell_passages(self, top, self.view, self.cell_label, self.passages)
        self.query = LatestQuery(self)
        self._result = Cooccurrence([])
        self._dirty = True
        self.measure.currentIndexChanged.connect(lambda _i: self._show())
        copy.clicked.connect(
            lambda: copy_grid(cooccurrence_grid(self.model.result, self._measure()))
        )
        self.view.selectionModel().currentChanged.connect(self._current)
        self.passages.passageActivated.connect(self.passageActivated)
        context.changed.connect(self._on_change)
        context.projectOpened.connect(self.refresh)
        context.projectClosed.connect(self.refresh)

    def _measure(self) -> Measure:
        measure = self.measure.currentData()
        return measure if isinstance(measure, Measure) else Measure.BOTH

    def refresh(self) -> None:
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        project = self.context.project
        if project is None:
            self._arrived(Cooccurrence([]))
            return
        self.query.ask(lambda: cooccurrence(project), self._arrived)

    def _arrived(self, result: Cooccurrence) -> None:
        self._result = result
        self._show()

    def _show(self) -> None:
        self.model.set_result(self._result, self._measure())
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, 38)
        self.view.horizontalHeader().setMinimumHeight(
            self.view.horizontalHeader().sizeHint().height()
        )
        self.passages.set_table(PassageTable())
        self.cell_label.setText("Click a cell to list its passages.")

    def _current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        project = self.context.project
        if project is None or not index.isValid():
            return
        measure = self._measure()
        ids = self.model.result.passages(measure, index.row(), index.column())
        found = browse(project, PassageFilter(passage_ids=tuple(ids)))
        self.passages.set_table(found)
        a = self.model.result.codes[index.row()].name
        b = self.model.result.codes[index.column()].name
        self.cell_label.setText(f"{a} × {b}: {len(found.rows)} passages ({measure.value}).")

    def _on_change(self, change: Change) -> None:
        if change.kinds & {"passages", "codes", "studies"}:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
