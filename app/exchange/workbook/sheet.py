"""One sheet of the workbook in openpyxl's write-only mode (rows stream straight to disk).

Write-only sheets take column widths and frozen panes before the first row, so rows are
gathered first, widths fitted to them, then everything is written in one pass.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.exchange.cells import FORMULA_STARTS, clean_text, looks_like_formula

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFE8E8E8")
HEADER_BORDER = Border(bottom=Side(style="thin", color="FF808080"))
HEADER_ALIGN = Alignment(vertical="bottom", wrap_text=True)
CENTRED_HEADER = Alignment(horizontal="center", vertical="bottom", wrap_text=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
DATE_FORMAT = "yyyy-mm-dd hh:mm"

# Excel's column width unit is about one character of the default font.
MIN_WIDTH = 6.0
DEFAULT_MAX_WIDTH = 50.0
# Widths are measured on the first rows only: enough to fit, without walking 50,000 quotes.
_MEASURED_ROWS = 2000


Value = str | int | float | dt.datetime | None


@dataclass
class Column:
    header: str
    wrap: bool = False  # long text: wrapped, top-aligned, within max_width
    max_width: float = DEFAULT_MAX_WIDTH
    width: float | None = None  # fixed width instead of fitting
    centre: bool = False


@dataclass
class Cell:
    """A value with a fill colour (a factor's colour, a theme's)."""

    value: Value
    fill: str | None = None  # "#RRGGBB"


@dataclass
class SheetLayout:
    columns: list[Column]
    # Rows above the column headers (theme names over their factors) and merged ranges.
    banner: list[list[Value | Cell]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    freeze_columns: int = 0
    filter: bool = True


def fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor="FF" + colour.lstrip("#").upper())


def _width(value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, dt.datetime):
        return 16.0
    text = str(value)
    longest = max((len(line) for line in text.splitlines()), default=0)
    return longest * 1.1 + 2


def fitted_widths(layout: SheetLayout, rows: Sequence[Sequence[object]]) -> list[float]:
    widths = []
    for index, column in enumerate(layout.columns):
        if column.width is not None:
            widths.append(column.width)
            continue
        measured = max(
            (_width(row[index]) for row in rows[:_MEASURED_ROWS] if index < len(row)),
            default=0.0,
        )
        header = max((len(word) for word in column.header.split()), default=0) * 1.2 + 3
        widths.append(max(MIN_WIDTH, min(column.max_width, max(measured, header))))
    return widths


class SheetWriter:
    def __init__(self, workbook: Workbook, title: str, layout: SheetLayout):
        sheet = workbook.create_sheet(title)
        assert isinstance(sheet, WriteOnlyWorksheet)
        self.sheet = sheet
        self.layout = layout
        self.rows_written = 0
        self._styles: dict[tuple[object, ...], Any] = {}
        # One styled cell per column and style, given each row's value in turn: a
        # write-only sheet writes a row out before the next is appended.
        self._reused: dict[tuple[object, ...], Any] = {}
        self._flags = [(c.wrap, c.centre and not c.wrap) for c in layout.columns]

    def write(
        self,
        rows: Sequence[Sequence[Value | Cell]],
        on_row: Callable[[int], None] | None = None,
    ) -> None:
        layout, sheet = self.layout, self.sheet
        widths = fitted_widths(layout, [[_plain(v) for v in row] for row in rows])
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_row = len(layout.banner) + 1
        sheet.freeze_panes = f"{get_column_letter(layout.freeze_columns + 1)}{header_row + 1}"
        for banner in layout.banner:
            sheet.append([self._header(v, centred=True) for v in banner])
        sheet.append([self._header(c.header) for c in layout.columns])
        for number, row in enumerate(rows, start=1):
            sheet.append(self.cells(row))
            if on_row is not None:
                on_row(number)
        self.rows_written = len(rows)
        for merge in layout.merges:
            sheet.merged_cells.add(merge)
        if layout.filter and layout.columns:
            last = get_column_letter(len(layout.columns))
            sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(1, len(rows))}"

    def append(self, row: Iterable[Value | Cell]) -> None:
        """A row after the table (totals): outside the filter's range."""
        self.sheet.append(self.cells(list(row)))

    def cells(self, row: Sequence[Value | Cell]) -> list[Any]:
        # The plain cases inline: a large export goes through here close to a million times.
        flags = self._flags
        width = len(flags)
        out: list[Any] = []
        for index, raw in enumerate(row):
            if raw is None:
                out.append(None)
                continue
            wrap, centre = flags[index] if index < width else (False, False)
            kind = type(raw)
            if not (wrap or centre):
                if kind is int or kind is float:
                    out.append(raw)
                    continue
                if kind is str and raw.isprintable() and not raw.startswith(FORMULA_STARTS):  # type: ignore[union-attr]
                    out.append(raw)
                    continue
            out.append(self._cell(raw, wrap, centre, index))
        return out

    def _cell(self, raw: Value | Cell, wrap: bool, centre: bool, column: int) -> Any:
        if raw is None:
            return None  # an empty cell needs no style: most memos and checks are empty
        colour = None
        if isinstance(raw, Cell):
            colour, raw = raw.fill, raw.value
        formula = False
        if isinstance(raw, str):
            raw = clean_text(raw)
            formula = looks_like_formula(raw)
        dated = isinstance(raw, dt.datetime)
        if not (colour or formula or dated or wrap or centre):
            return raw
        key = (column, colour, formula, dated, wrap, centre)
        cell = self._reused.get(key)
        if cell is None:
            cell = WriteOnlyCell(self.sheet, None)
            # Styles are copied from one prototype cell per combination: setting them on
            # each cell costs more than writing the cell.
            cell._style = copy.copy(self._prototype(colour, formula, dated, wrap, centre)._style)
            self._reused[key] = cell
        cell.value = raw
        if formula:
            cell.data_type = "s"
        return cell

    def _prototype(
        self, colour: str | None, formula: bool, dated: bool, wrap: bool, centre: bool
    ) -> Any:
        key = (colour, formula, dated, wrap, centre)
        found = self._styles.get(key)
        if found is None:
            found = WriteOnlyCell(self.sheet, None)
            if formula:
                found.quotePrefix = True
            if dated:
                found.number_format = DATE_FORMAT
            if wrap:
                found.alignment = WRAP
            elif centre:
                found.alignment = CENTRE
            if colour is not None:
                found.fill = fill(colour)
            self._styles[key] = found
        return found

    def _header(self, raw: Value | Cell, centred: bool = False) -> Any:
        colour = raw.fill if isinstance(raw, Cell) else None
        value = raw.value if isinstance(raw, Cell) else raw
        if isinstance(value, str):
            value = clean_text(value)
        cell = WriteOnlyCell(self.sheet, value)
        if isinstance(value, str) and looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.font = HEADER_FONT
        cell.fill = fill(colour) if colour else HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = CENTRED_HEADER if centred else HEADER_ALIGN
        return cell


def _plain(value: Value | Cell) -> object:
    return value.value if isinstance(value, Cell) else value


def number_or_text(text: str) -> int | str:
    """A printed page number as a number when it is one ("164"), else the text ("xii")."""
    stripped = text.strip()
    if stripped.isdigit() and not (len(stripped) > 1 and stripped.startswith("0")):
        return int(stripped)
    return text


def local_time(stamp: str) -> dt.datetime | None:
    """A stored UTC timestamp as the researcher's local time (Excel has no time zones)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)
