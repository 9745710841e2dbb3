"""Writing a grid (`app.core.synthesis.grid`) as HTML, tab-separated text, CSV or xlsx.

HTML keeps merged header cells (`colspan`, `rowspan`), which is what Word and Excel use when
a table is pasted; the plain-text forms repeat nothing and leave merged cells empty.
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

from app.core.synthesis.grid import Cell, Grid
from app.exchange.atomic import atomic_target
from app.exchange.cells import FORMULA_STARTS, safe_cell, save_atomically


def _layout(rows: list[list[Cell]]) -> list[list[str]]:
    """Cells placed on a plain grid: a merged cell's text in its first slot, "" elsewhere."""
    out: list[list[str]] = []
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        line: list[str] = []
        c = 0
        cells = iter(row)
        while True:
            while (r, c) in taken:
                line.append(taken.pop((r, c)))
                c += 1
            cell = next(cells, None)
            if cell is None:
                break
            line.append(cell.text)
            for _ in range(1, cell.colspan):
                line.append("")
            for dr in range(1, cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = ""
            c += cell.colspan
        out.append(line)
    return out


def to_rows(grid: Grid) -> list[list[str]]:
    return _layout(grid.header + grid.body)


def to_tsv(grid: Grid) -> str:
    def clean(text: str) -> str:
        return " ".join(text.split())

    lines = ["\t".join(clean(t) for t in row) for row in to_rows(grid)]
    lines += ["", *grid.notes] if grid.notes else []
    return "\n".join(lines) + "\n"


def to_html(grid: Grid) -> str:
    def cell(tag: str, c: Cell) -> str:
        spans = ""
        if c.colspan > 1:
            spans += f' colspan="{c.colspan}"'
        if c.rowspan > 1:
            spans += f' rowspan="{c.rowspan}"'
        align = ' style="text-align:right"' if c.number else ""
        return f"<{tag}{spans}{align}>{html.escape(c.text)}</{tag}>"

    parts = ['<table border="1" cellspacing="0" cellpadding="3">']
    parts.append(f"<caption>{html.escape(grid.title)}</caption>")
    parts.append("<thead>")
    for row in grid.header:
        parts.append("<tr>" + "".join(cell("th", c) for c in row) + "</tr>")
    parts.append("</thead><tbody>")
    for row in grid.body:
        parts.append("<tr>" + "".join(cell("td", c) for c in row) + "</tr>")
    parts.append("</tbody></table>")
    parts += [f"<p>{html.escape(note)}</p>" for note in grid.notes]
    return "\n".join(parts)


def write_csv(grid: Grid, path: Path) -> int:
    """UTF-8 with a byte-order mark, so that Excel opens it right; returns body rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in to_rows(grid):
        # A cell a spreadsheet would run as a formula is written as text.
        writer.writerow([f"'{t}" if t.startswith(FORMULA_STARTS) else t for t in row])
    with atomic_target(Path(path)) as out:
        out.write(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return len(grid.body)


def write_xlsx(grid: Grid, path: Path) -> int:
    """One sheet: merged, bold headers, frozen below them; returns body rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", grid.title)[:31]
    rows = grid.header + grid.body
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows, start=1):
        c = 1
        for item in row:
            while (r, c) in taken:
                c += 1
            target = sheet.cell(row=r, column=c)
            value: str | int = item.text
            if item.number and item.text.isdigit():
                value = int(item.text)
            safe_cell(target, value)
            target.alignment = Alignment(wrap_text=True, vertical="top")
            if r <= len(grid.header):
                target.font = Font(bold=True)
                target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if item.colspan > 1 or item.rowspan > 1:
                sheet.merge_cells(
                    start_row=r,
                    start_column=c,
                    end_row=r + item.rowspan - 1,
                    end_column=c + item.colspan - 1,
                )
                for dr in range(item.rowspan):
                    for dc in range(item.colspan):
                        taken.add((r + dr, c + dc))
            c += item.colspan
    for number, note in enumerate(grid.notes, start=len(rows) + 2):
        sheet.cell(row=number, column=1, value=note)
    if grid.header:
        sheet.freeze_panes = sheet.cell(row=len(grid.header) + 1, column=1)
    save_atomically(workbook, path)
    return len(grid.body)
