"""Codebooks drafted in a spreadsheet (.xlsx or .csv), one factor per row.

Headers are matched loosely (case, spaces and punctuation ignored) because researchers name
them freely: Factor/Code/Name, Definition/Description, Theme(s)/Capital(s), Colour/Color,
Parent, Framework. Only a factor column is required. A row that cannot be used is reported
in `problems` with its spreadsheet row number, the way a researcher would look it up.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.types import CodebookCode, CodebookData, CodebookTheme
from app.exchange.errors import CodebookError
from app.exchange.qdc import normalise_colour

# Earlier spellings win when a sheet has several columns that could mean the same thing,
# so "Factor" beats a general "Name" column.
_HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "factor": ("factor", "factorname", "factors", "code", "codename", "codes", "name"),
    "definition": ("definition", "description", "definitions", "descriptions"),
    "themes": ("themes", "theme", "capitals", "capital", "themenames", "themename"),
    "colour": ("colour", "color", "colours", "colors"),
    "parent": ("parent", "parentfactor", "parentcode", "parentname"),
    "framework": ("framework", "frameworkname"),
}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
_DELIMITERS = (",", ";", "\t")
_THEME_SEPARATOR = re.compile(r"[;,]")


def read_codebook_sheet(path: Path) -> CodebookData:
    """Read factors, their themes and their nesting from the first sheet of `path`.

    Raises CodebookError when the file cannot be read or has no factor column; rows that
    cannot be used are skipped or imported in part and described in `problems`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _EXCEL_SUFFIXES:
        rows = _xlsx_rows(path)
    elif suffix in _TEXT_SUFFIXES:
        rows = _csv_rows(path)
    elif suffix == ".xls":
        raise CodebookError(
            f"{path.name} is in the old Excel format; save it as .xlsx or .csv and import that.",
            path=path,
        )
    else:
        raise CodebookError(
            f"{path.name} is not a spreadsheet Habitus can read; use .xlsx or .csv.", path=path
        )
    return _build(rows, path)


# --- sources ----------------------------------------------------------------------------------


def _xlsx_rows(path: Path) -> list[list[str]]:
    # Imported lazily: openpyxl is slow to import and most sessions never read a sheet.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CodebookError(
            f"{path.name} could not be read as an Excel workbook ({exc}).", path=path
        ) from exc
    except OSError as exc:
        raise CodebookError(
            f"{path.name} could not be opened: {exc.strerror or exc}.", path=path
        ) from exc
    try:
        if not workbook.worksheets:
            raise CodebookError(f"{path.name} has no worksheet.", path=path)
        sheet = workbook.worksheets[0]
        # Some writers store a wrong sheet size, and read-only mode would trust it and cut
        # rows or columns off.
        sheet.reset_dimensions()
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CodebookError(
            f"{path.name} could not be opened: {exc.strerror or exc}.", path=path
        ) from exc
    text = _decode(raw, path)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise CodebookError(
            f"{path.name} could not be read as CSV: {exc} (line {reader.line_num}).",
            path=path,
            line=reader.line_num,
        ) from exc


def _decode(raw: bytes, path: Path) -> str:
    # Excel's "Unicode text" export is UTF-16 with a BOM; anything else is UTF-8 (with or
    # without a BOM) or, from older Excel on Windows, cp1252.
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CodebookError(
        f"{path.name} is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8 and retry.",
        path=path,
    )


def _delimiter(header_line: str) -> str:
    # Headers rarely contain a delimiter, while definitions often contain commas, so the
    # header line is a steadier guide than csv.Sniffer's look at the whole sample.
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


# --- building the codebook --------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    code: CodebookCode
    parent: str


@dataclass
class _Builder:
    # Row number first so the report can be put back in sheet order: parent problems are
    # only found after every row has been read.
    problems: list[tuple[int, str]] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    by_name: dict[str, _Row] = field(default_factory=dict)
    themes: dict[str, str] = field(default_factory=dict)  # casefolded -> first spelling
    framework: str = ""
    framework_row: int = 0
    other_frameworks: set[str] = field(default_factory=set)

    def report(self, row: int, message: str) -> None:
        self.problems.append((row, f"row {row}: {message}"))


def _build(rows: list[list[str]], path: Path) -> CodebookData:
    header_at = next((i for i, row in enumerate(rows) if any(row)), None)
    if header_at is None:
        raise CodebookError(f"{path.name} is empty: no header row was found.", path=path)
    headers = rows[header_at]
    columns = _match_columns(headers)
    if "factor" not in columns:
        found = ", ".join(f"'{h}'" for h in headers if h) or "none"
        raise CodebookError(
            f"{path.name} has no factor column. The headers found are {found}; "
            "name one column Factor (or Code, or Name).",
            path=path,
            line=header_at + 1,
        )

    builder = _Builder()
    for index in range(header_at + 1, len(rows)):
        cells = rows[index]
        if any(cells):
            _add_row(builder, index + 1, {f: _cell(cells, c) for f, c in columns.items()})
    return CodebookData(
        codes=_nest(builder),
        framework_name=builder.framework or path.stem,
        themes=[CodebookTheme(name=name) for name in builder.themes.values()],
        problems=[message for _, message in sorted(builder.problems, key=lambda p: p[0])],
    )


def _match_columns(headers: Sequence[str]) -> dict[str, int]:
    keys = [re.sub(r"[^a-z]", "", h.casefold()) for h in headers]
    columns: dict[str, int] = {}
    for name, variants in _HEADER_VARIANTS.items():
        for variant in variants:
            if variant in keys:
                columns[name] = keys.index(variant)
                break
    return columns


def _cell(cells: Sequence[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def _add_row(builder: _Builder, number: int, cells: dict[str, str]) -> None:
    name = cells["factor"]
    if not name:
        builder.report(number, "no factor name; the row was skipped")
        return
    earlier = builder.by_name.get(name.casefold())
    if earlier is not None:
        builder.report(
            number, f"factor '{name}' already appears in row {earlier.number}; the row was skipped"
        )
        return

    code = CodebookCode(name=name, definition=cells.get("definition", ""))
    raw_colour = cells.get("colour", "")
    if raw_colour:
        code.colour = normalise_colour(raw_colour)
        if code.colour is None:
            builder.report(
                number,
                f"colour '{raw_colour}' is not #RRGGBB; the factor was imported without a colour",
            )
    for part in _THEME_SEPARATOR.split(cells.get("themes", "")):
        theme = part.strip()
        if theme:
            spelling = builder.themes.setdefault(theme.casefold(), theme)
            if spelling not in code.themes:
                code.themes.append(spelling)

    framework = cells.get("framework", "")
    if framework and not builder.framework:
        builder.framework, builder.framework_row = framework, number
    elif framework not in (builder.framework, "") and framework not in builder.other_frameworks:
        builder.other_frameworks.add(framework)
        builder.report(
            number,
            f"framework '{framework}' differs from '{builder.framework}' "
            f"(row {builder.framework_row}); the codebook was imported as '{builder.framework}'",
        )

    row = _Row(number, code, cells.get("parent", ""))
    builder.rows.append(row)
    builder.by_name[name.casefold()] = row


def _nest(builder: _Builder) -> list[CodebookCode]:
    # Parents are resolved after every row is read so a child may come before its parent.
    roots: list[CodebookCode] = []
    parent_of: dict[int, _Row] = {}  # row number -> its parent's row
    for row in builder.rows:
        if not row.parent:
            roots.append(row.code)
            continue
        target = builder.by_name.get(row.parent.casefold())
        reason = ""
        if target is None:
            reason = f"parent '{row.parent}' names no factor in the sheet"
        elif _is_within(target, row, parent_of):
            reason = f"parent '{row.parent}' would put '{row.code.name}' inside itself"
        if target is None or reason:
            builder.report(row.number, f"{reason}; the factor was imported at the top level")
            roots.append(row.code)
            continue
        target.code.children.append(row.code)
        parent_of[row.number] = target
    return roots


def _is_within(candidate: _Row, row: _Row, parent_of: dict[int, _Row]) -> bool:
    """True when `candidate` is `row` itself or already sits somewhere beneath it."""
    current: _Row | None = candidate
    while current is not None:
        if current is row:
            return True
        current = parent_of.get(current.number)
    return False
