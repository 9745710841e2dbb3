"""A table with grouped headers, as the synthesis views copy and export it.

Table 1 keeps its theme headers over the factor names, a transposed Table 1 its theme cells
beside the factor rows: `app.exchange.grid_formats` writes a grid as HTML (what Word and
Excel paste with the grouping intact), tab-separated text, CSV or xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.synthesis.browser import PassageTable
from app.core.synthesis.cooccurrence import Cooccurrence, Measure
from app.core.synthesis.table1 import Table1

TICK = "✓"
SHARED_MARK = "†"


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    number: bool = False  # right-aligned, written as a number where it is one


@dataclass
class Grid:
    title: str
    header: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def width(self) -> int:
        return max((sum(c.colspan for c in row) for row in self.header + self.body), default=0)


def _value(count: int, ticks: bool) -> Cell:
    if not count:
        return Cell("", number=True)
    return Cell(TICK if ticks else str(count), number=not ticks)


def _factor_label(table: Table1, index: int) -> str:
    column = table.columns[index]
    return f"{column.name} {SHARED_MARK}" if column.marked else column.name


def _notes(table: Table1, ticks: bool) -> list[str]:
    notes = [
        f"{TICK}: the study reports the factor (at least one coded passage)."
        if ticks
        else "Numbers: coded passages per study and factor."
    ]
    if table.subfactors:
        notes.append("A factor counts the passages of its sub-factors too.")
    groups = {
        index: group.name
        for group in table.groups
        for index in range(group.first, group.first + group.size)
    }
    shared: dict[int, list[str]] = {}
    for index, column in enumerate(table.columns):
        if column.marked:
            shared.setdefault(column.code_id, []).append(groups[index])
    names = {column.code_id: column.name for column in table.columns}
    for code_id, themes in shared.items():
        under = ", ".join(themes[:-1]) + f" and {themes[-1]}" if len(themes) > 1 else themes[0]
        notes.append(
            f"{SHARED_MARK} {names[code_id]} sits under {under}: its passages count under each."
        )
    return notes


def table1_grid(
    table: Table1, transpose: bool = False, ticks: bool = False, rollup: bool = False
) -> Grid:
    """Table 1 as a grid: studies by factors (or, transposed, factors by studies), with the
    theme roll-up after it when asked."""
    name = table.framework.name if table.framework is not None else "no framework"
    grid = Grid(f"Table 1: studies by factor ({name})", notes=_notes(table, ticks))
    if transpose:
        _transposed(grid, table, ticks, rollup)
        return grid
    record = list(table.record_headers)
    top = [Cell("Study", rowspan=2)] + [Cell(h, rowspan=2) for h in record]
    top += [Cell(g.name, colspan=g.size) for g in table.groups if g.size]
    second = [Cell(_factor_label(table, i)) for i in range(len(table.columns))]
    if rollup:
        top.append(Cell("Themes", colspan=len(table.groups)))
        second += [Cell(g.name) for g in table.groups]
    grid.header = [top, second]
    for row in table.rows:
        cells = [Cell(row.citation)] + [Cell(v) for v in row.record]
        cells += [_value(v, ticks) for v in row.counts]
        if rollup:
            cells += [_value(v, ticks) for v in row.themes]
        grid.body.append(cells)
    totals = [Cell("Studies reporting it", colspan=1 + len(record))]
    totals += [Cell(str(n), number=True) for n in table.column_studies()]
    if rollup:
        totals += [Cell(str(n), number=True) for n in table.theme_studies()]
    grid.body.append(totals)
    return grid


def _transposed(grid: Grid, table: Table1, ticks: bool, rollup: bool) -> None:
    grid.header = [
        [Cell("Theme"), Cell("Factor")]
        + [Cell(row.citation) for row in table.rows]
        + [Cell("Studies")]
    ]
    studies = table.column_studies()
    for group in table.groups:
        for offset in range(group.size):
            index = group.first + offset
            cells = [Cell(group.name, rowspan=group.size)] if offset == 0 else []
            cells.append(Cell(_factor_label(table, index)))
            cells += [_value(row.counts[index], ticks) for row in table.rows]
            cells.append(Cell(str(studies[index]), number=True))
            grid.body.append(cells)
    if rollup:
        theme_studies = table.theme_studies()
        for number, group in enumerate(table.groups):
            cells = [Cell("All factors", rowspan=len(table.groups))] if number == 0 else []
            cells.append(Cell(group.name))
            cells += [_value(row.themes[number], ticks) for row in table.rows]
            cells.append(Cell(str(theme_studies[number]), number=True))
            grid.body.append(cells)


def passages_grid(table: PassageTable, title: str = "Passages") -> Grid:
    grid = Grid(title, header=[[Cell(h) for h in table.HEADERS]])
    grid.body = [[Cell(text) for text in row] for row in table.table()]
    return grid


def cooccurrence_grid(result: Cooccurrence, measure: Measure) -> Grid:
    grid = Grid(f"Co-occurrence: {measure.value}")
    grid.header = [[Cell("")] + [Cell(code.name) for code in result.codes]]
    matrix = result.matrix(measure)
    for code, values in zip(result.codes, matrix, strict=True):
        grid.body.append([Cell(code.name)] + [Cell(str(v), number=True) for v in values])
    return grid
