"""The rows of a passage list as a Qt table: study, page, quote, factors, memo, check."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.core.synthesis.browser import PassageRow, PassageTable
from app.ui.to_place import TO_PLACE, TO_PLACE_TIP

Index = QModelIndex | QPersistentModelIndex
HEADERS = PassageTable.HEADERS
PASSAGE_ID = Qt.ItemDataRole.UserRole
WARNING = QColor("#b3261e")


class PassageModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.table = PassageTable()

    def set_table(self, table: PassageTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def row(self, number: int) -> PassageRow:
        return self.table.rows[number]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.table.rows[index.row()]
        column = index.column()
        if column == 1 and not row.placed and role == Qt.ItemDataRole.DisplayRole:
            return TO_PLACE
        if column == 1 and not row.placed and role == Qt.ItemDataRole.ToolTipRole:
            return TO_PLACE_TIP
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (row.study, row.page, row.quote, row.factors, row.memo, row.text_check)[column]
            return value
        if role == PASSAGE_ID:
            return row.passage_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and row.text_check:
            return QBrush(WARNING)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and not row.placed:
            return QBrush(WARNING)
        return None
