"""The studies table's model: a thin adapter over `project.records.list()`.

Edits are not written here: `editRequested` carries them to the panel, which pushes an undo
command; the model shows the project again when core announces the change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.attribute_values import sort_key
from app.core.project import Project
from app.core.record_fields import display
from app.core.record_types import FIELD_LABELS, AttributeDef, StudyRecord
from app.core.study_filter import StudyFilter

STUDY_ID = Qt.ItemDataRole.UserRole
SORT = Qt.ItemDataRole.UserRole + 1
KEY = Qt.ItemDataRole.UserRole + 2  # the column's field name
ATTRIBUTE = "attribute:"
GUESS_COLOUR = QColor("#7a6a3a")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    editable: bool = True
    kind: str = "text"  # text, number, status, reason, groups, choice, date


# Screening columns first, the rest of the record after them.
FIXED = (
    Column("citation", "Citation", editable=False),
    Column("title", FIELD_LABELS["title"]),
    Column("year", FIELD_LABELS["year"], kind="number"),
    Column("design", "Design"),
    Column("status", FIELD_LABELS["status"], kind="status"),
    Column("reason", "Reason", kind="reason"),
    Column("groups", FIELD_LABELS["groups"], kind="groups"),
    Column("pages", "Pages", editable=False, kind="number"),
    Column("passages", "Passages", editable=False, kind="number"),
    Column("flags", "Flags", editable=False),
    Column("authors", FIELD_LABELS["authors"]),
    Column("sample_size", "N", kind="number"),
    Column("sample", FIELD_LABELS["sample"]),
    Column("country", FIELD_LABELS["country"]),
    Column("setting", "Setting"),
    Column("journal", FIELD_LABELS["journal"]),
    Column("doi", FIELD_LABELS["doi"]),
    Column("name", FIELD_LABELS["name"]),
)


def record_value(record: StudyRecord, key: str) -> Any:
    if key.startswith(ATTRIBUTE):
        return record.attributes.get(key[len(ATTRIBUTE) :], "")
    if key == "citation":
        return record.label
    if key == "pages":
        return record.page_count if record.has_pdf else None
    if key == "passages":
        return record.passage_count
    if key == "flags":
        return ", ".join(record.flags())
    return getattr(record, key)


class RecordsModel(QAbstractTableModel):
    editRequested = Signal(int, str, object)  # study id, field key, value (text)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.records: list[StudyRecord] = []
        self.columns: list[Column] = list(FIXED)
        self.attributes: list[AttributeDef] = []
        self._rows: dict[int, int] = {}

    def reload(self, project: Project | None) -> None:
        self.beginResetModel()
        if project is None:
            self.records, self.attributes = [], []
        else:
            self.records = project.records.list()
            self.attributes = project.records.attributes.defs()
        self.columns = [
            *FIXED,
            *(
                Column(f"{ATTRIBUTE}{d.name}", d.name, kind=d.kind if d.kind != "text" else "text")
                for d in self.attributes
            ),
        ]
        self._rows = {record.id: row for row, record in enumerate(self.records)}
        self.endResetModel()

    def set_passage_counts(self, counts: dict[int, int]) -> None:
        """New passage counts for some studies: only their rows change."""
        column = next(
            (i for i, c in enumerate(self.columns) if c.key == "passages"), len(self.columns) - 1
        )
        for study_id, count in counts.items():
            row = self._rows.get(study_id)
            if row is None or self.records[row].passage_count == count:
                continue
            self.records[row] = replace(self.records[row], passage_count=count)
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    # --- lookups ---------------------------------------------------------------------------

    def record(self, row: int) -> StudyRecord | None:
        return self.records[row] if 0 <= row < len(self.records) else None

    def row_of(self, study_id: int) -> int | None:
        return self._rows.get(study_id)

    def column_of(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    def attribute(self, key: str) -> AttributeDef | None:
        name = key[len(ATTRIBUTE) :] if key.startswith(ATTRIBUTE) else None
        return next((d for d in self.attributes if d.name == name), None)

    # --- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.columns[index.column()].editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = self.columns[index.column()]
        value = record_value(record, column.key)
        guessed = column.key in record.guessed
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else display(column.key, value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else display(column.key, value)
        if role == SORT:
            return self._sort_value(column, value)
        if role == STUDY_ID:
            return record.id
        if role == KEY:
            return column.key
        if role == Qt.ItemDataRole.ToolTipRole:
            text = display(column.key, value) if value is not None else ""
            if guessed:
                return f"{text}\nGuessed from the PDF: edit it or confirm the record."
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.FontRole and guessed:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and guessed:
            return QBrush(GUESS_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _sort_value(self, column: Column, value: Any) -> Any:
        if column.kind == "number" and column.key.startswith(ATTRIBUTE):
            return sort_key("number", str(value))
        if column.kind == "number":
            return (1, 0) if value is None else (0, value)
        text = display(column.key, value) if value is not None else ""
        return (1, "") if not text else (0, text.casefold())

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        record = self.record(index.row()) if index.isValid() else None
        if record is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        if not column.editable:
            return False
        current = record_value(record, column.key)
        if str(value) == ("" if current is None else display(column.key, current)):
            return False
        self.editRequested.emit(record.id, column.key, str(value))
        return True


class RecordsProxy(QSortFilterProxyModel):
    """Sorts by each column's own order (numbers by size) and filters by `StudyFilter`."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.study_filter = StudyFilter()
        self.setSortRole(SORT)

    def set_filter(self, study_filter: StudyFilter) -> None:
        # Qt 6.10 replaced invalidateFilter by a begin/end pair; older Qt has only the first.
        begin = getattr(self, "beginFilterChange", None)
        if begin is None:
            self.study_filter = study_filter
            self.invalidateFilter()
            return
        begin()
        self.study_filter = study_filter
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RecordsModel)
        record = model.record(source_row)
        return record is not None and self.study_filter.matches(record)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT), right.data(SORT)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
