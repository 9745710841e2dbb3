"""The "Table 1" sheet: one row per study, one column per factor under merged theme headers.

Written from any `Table1` (rows of studies, groups of factors under themes, a count per
cell), so the query behind it can change without this sheet changing.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from app.core.reporting.records import TABLE1_COLUMNS
from app.core.reporting.table1 import Table1
from app.exchange.workbook.sheet import (
    Cell,
    Column,
    SheetLayout,
    SheetWriter,
    Value,
    number_or_text,
)

TITLE = "Table 1"
TICK = "✓"
# A light tint of a theme's colour keeps black header text readable.
_TINT = 0.55


def tint(colour: str, amount: float = _TINT) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    light = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in light)


def _number(value: str | int) -> Value:
    if isinstance(value, str):
        return number_or_text(value) if value else None
    return value


def roll_up_header(theme: str) -> str:
    return f"All {theme}"


def write_table1(
    workbook: Workbook,
    table: Table1,
    ticks: bool = False,
    theme_colours: dict[int, str] | None = None,
) -> SheetWriter:
    colours = theme_colours or {}
    lead = [Column("Citation", max_width=40)] + [
        Column(c.header, max_width=30) for c in TABLE1_COLUMNS
    ]
    columns = list(lead)
    banner: list[Value | Cell] = [None] * len(lead)
    merges = []
    # The lead columns' headers sit on the second header row, under an empty merged cell.
    for index in range(len(lead)):
        letter = get_column_letter(index + 1)
        merges.append(f"{letter}1:{letter}2")
        banner[index] = lead[index].header
    for group in table.groups:
        first = len(columns) + 1
        for factor in group.factors:
            columns.append(Column(factor.name, max_width=18, centre=True))
        columns.append(Column(roll_up_header(group.name), max_width=18, centre=True))
        last = len(columns)
        colour = colours.get(group.theme_id)
        title: Value | Cell = Cell(group.name, tint(colour)) if colour else group.name
        banner.extend([title] + [None] * (last - first))
        if last > first:
            merges.append(f"{get_column_letter(first)}1:{get_column_letter(last)}1")
    layout = SheetLayout(columns, [banner], merges, freeze_columns=1)

    def mark(count: int) -> Value:
        if not count:
            return None
        return TICK if ticks else count

    rows: list[list[Value | Cell]] = []
    for row in table.rows:
        cells: list[Value | Cell] = [row.record.citation]
        cells.extend(_number(column.value(row.record)) for column in TABLE1_COLUMNS)
        for group in table.groups:
            cells.extend(mark(row.count(f.code_id)) for f in group.factors)
            cells.append(mark(row.theme_count(group.theme_id)))
        rows.append(cells)
    writer = SheetWriter(workbook, TITLE, layout)
    writer.write(rows)
    # How many studies carry each factor: the table's last line, outside the filter.
    total: list[Value | Cell] = [f"Studies ({len(table.rows)})"] + [None] * len(TABLE1_COLUMNS)
    for group in table.groups:
        total.extend(sum(1 for r in table.rows if r.count(f.code_id)) for f in group.factors)
        total.append(sum(1 for r in table.rows if r.theme_count(group.theme_id)))
    writer.append([])
    writer.append(total)
    return writer
