"""Table 1 as a Qt table, either way round: studies by factors, or factors by studies."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.synthesis.grid import SHARED_MARK, TICK
from app.core.synthesis.table1 import Table1

Index = QModelIndex | QPersistentModelIndex
CELL_ROLE = Qt.ItemDataRole.UserRole  # the CellRef behind a cell, or None
TOTALS = "Studies reporting it"


@dataclass(frozen=True)
class CellRef:
    """What a cell counts: a study (None: every study shown) by a factor column or a theme."""

    study_id: int | None
    column: int | None  # index into Table1.columns
    group: int | None  # index into Table1.groups (the roll-up)


@dataclass(frozen=True)
class _Key:
    kind: str  # study, total, record, factor, theme, label-theme, label-factor
    number: int = 0


class Table1Model(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.table = Table1(None)
        self.transposed = False
        self.ticks = False
        self.rollup = False
        self._rows: list[_Key] = []
        self._columns: list[_Key] = []
        self._peak = 1

    def set_table(
        self, table: Table1, transposed: bool = False, ticks: bool = False, rollup: bool = False
    ) -> None:
        self.beginResetModel()
        self.table, self.transposed, self.ticks, self.rollup = table, transposed, ticks, rollup
        studies = [_Key("study", i) for i in range(len(table.rows))] + [_Key("total")]
        # The citation is the row's header, which stays in view when the table scrolls
        # sideways; the record columns follow it.
        records = [_Key("record", i) for i in range(1, 1 + len(table.record_headers))]
        factors = [_Key("factor", j) for j in range(len(table.columns))]
        themes = [_Key("theme", g) for g in range(len(table.groups))] if rollup else []
        if transposed:
            self._rows = factors + themes
            self._columns = [_Key("label-theme"), _Key("label-factor"), *studies]
        else:
            self._rows = studies
            self._columns = records + factors + themes
        self._peak = max([1, *(max(row.counts, default=0) for row in table.rows)])
        self.endResetModel()

    # --- shape -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def first_count_column(self) -> int:
        return 2 if self.transposed else len(self.table.record_headers)

    def header_groups(self) -> list[tuple[int, int, str, str]]:
        """(first section, sections, name, colour) of each band over the column headers."""
        if self.transposed:
            return []
        base = self.first_count_column()
        bands = [(base + g.first, g.size, g.name, g.colour) for g in self.table.groups if g.size]
        if self.rollup and self.table.groups:
            bands.append(
                (base + len(self.table.columns), len(self.table.groups), "Themes", "#777777")
            )
        return bands

    def theme_spans(self) -> list[tuple[int, int]]:
        """Transposed: (first row, rows) of each theme's cell in the first column."""
        if not self.transposed:
            return []
        spans = [(g.first, g.size) for g in self.table.groups if g.size > 1]
        if self.rollup and len(self.table.groups) > 1:
            spans.append((len(self.table.columns), len(self.table.groups)))
        return spans

    # --- cells -----------------------------------------------------------------------------

    def _pair(self, index: Index) -> tuple[_Key, _Key]:
        row, column = self._rows[index.row()], self._columns[index.column()]
        return (column, row) if self.transposed else (row, column)

    def cell(self, index: Index) -> CellRef | None:
        """The study and factor (or theme) a count cell stands for."""
        if not index.isValid():
            return None
        study, what = self._pair(index)
        if study.kind not in ("study", "total") or what.kind not in ("factor", "theme"):
            return None
        study_id = self.table.rows[study.number].study_id if study.kind == "study" else None
        if what.kind == "factor":
            return CellRef(study_id, what.number, None)
        return CellRef(study_id, None, what.number)

    def _count(self, study: _Key, what: _Key) -> int:
        if study.kind == "total":
            if what.kind == "factor":
                return self.table.column_studies()[what.number]
            return self.table.theme_studies()[what.number]
        row = self.table.rows[study.number]
        return row.counts[what.number] if what.kind == "factor" else row.themes[what.number]

    def _group_of(self, what: _Key) -> int | None:
        if what.kind == "theme":
            return what.number
        for number, group in enumerate(self.table.groups):
            if group.first <= what.number < group.first + group.size:
                return number
        return None

    def factor_label(self, number: int) -> str:
        """The factor's name, marked first when it sits under two themes: a long name set
        sideways is cut at its end, never at the mark."""
        column = self.table.columns[number]
        return f"{SHARED_MARK} {column.name}" if column.marked else column.name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        study, what = self._pair(index)
        if role == CELL_ROLE:
            return self.cell(index)
        label = self._label(study, what)
        if label is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return label
            if role == Qt.ItemDataRole.FontRole and study.kind in ("total", "label-theme"):
                font = QFont()
                font.setBold(True)
                return font
            return None
        count = self._count(study, what)
        if role == Qt.ItemDataRole.DisplayRole:
            if not count:
                return ""
            return TICK if self.ticks and study.kind != "total" else str(count)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and count and study.kind != "total":
            group = self._group_of(what)
            colour = QColor(self.table.groups[group].colour if group is not None else "#888888")
            colour.setAlphaF(0.18 + 0.55 * min(1.0, count / self._peak))
            return QBrush(colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(study, what, count)
        return None

    def _label(self, study: _Key, what: _Key) -> str | None:
        """Text of a cell that is not a count: records, names, themes."""
        if what.kind == "record":
            if study.kind == "total":
                return TOTALS if what.number == 0 else ""
            row = self.table.rows[study.number]
            return row.citation if what.number == 0 else row.record[what.number - 1]
        if what.kind in ("label-theme", "label-factor"):
            return None
        if study.kind in ("label-theme", "label-factor"):
            if what.kind == "factor":
                if study.kind == "label-factor":
                    return self.factor_label(what.number)
                group = self._group_of(what)
                return self.table.groups[group].name if group is not None else ""
            if study.kind == "label-factor":
                return self.table.groups[what.number].name
            return "All factors"
        return None

    def _tooltip(self, study: _Key, what: _Key, count: int) -> str:
        name = (
            self.table.columns[what.number].name
            if what.kind == "factor"
            else self.table.groups[what.number].name
        )
        if study.kind == "total":
            return f"{name}: reported by {count} stud{'ies' if count != 1 else 'y'}"
        citation = self.table.rows[study.number].citation
        return f"{citation} — {name}: {count} passage{'s' if count != 1 else ''} (click to list)"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            if self.transposed or role != Qt.ItemDataRole.DisplayRole:
                return None
            key = self._rows[section]
            return self.table.rows[key.number].citation if key.kind == "study" else TOTALS
        key = self._columns[section]
        if key.kind == "record":
            return "Study" if key.number == 0 else self.table.record_headers[key.number - 1]
        if key.kind == "factor":
            column = self.table.columns[key.number]
            if role == Qt.ItemDataRole.ToolTipRole and column.marked:
                return f"{column.name} — also under {', '.join(column.also_under)}"
            return self.factor_label(key.number)
        if key.kind == "theme":
            return self.table.groups[key.number].name
        if key.kind == "label-theme":
            return "Theme"
        if key.kind == "label-factor":
            return "Factor"
        if key.kind == "study":
            return self.table.rows[key.number].citation
        return "Studies"

    def rotated(self, section: int) -> bool:
        """Whether a column header is set sideways (factor and theme names)."""
        return self._columns[section].kind in ("factor", "theme")
