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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.controls import has_controls, strip_controls
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
_REPORT_EVERY = 1000  # rows between two progress reports

# Told how many rows have been read so far; may raise to stop the reading.
RowProgress = Callable[[int], None]


def read_codebook_sheet(path: Path, progress: RowProgress | None = None) -> CodebookData:
    """Read factors, their themes and their nesting from the first sheet of `path`.

    Raises CodebookError when the file cannot be read or has no factor column; rows that
    cannot be used are skipped or imported in part and described in `problems`. A large
    Excel sheet takes seconds (about ten for 100,000 rows): `progress` hears how far it got.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _EXCEL_SUFFIXES:
        rows = _xlsx_rows(path, progress)
    elif suffix in _TEXT_SUFFIXES:
        rows = _csv_rows(path, progress)
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


def _read(
    rows: Iterable[Sequence[Any]], cell: Callable[[Any], str], progress: RowProgress | None
) -> list[list[str]]:
    read: list[list[str]] = []
    for row in rows:
        read.append([cell(value) for value in row])
        if progress is not None and len(read) % _REPORT_EVERY == 0:
            progress(len(read))
    if progress is not None:
        progress(len(read))
    return read


def _xlsx_rows(path: Path, progress: RowProgress | None = None) -> list[list[str]]:
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
        return _read(sheet.iter_rows(values_only=True), _cell_text, progress)
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


def _csv_rows(path: Path, progress: RowProgress | None = None) -> list[list[str]]:
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
        return _read(reader, str.strip, progress)
    except csv.Error as exc:
        raise CodebookError(
            f"{path.name} could not be read as CSV: {exc} (line {reader.line_num}).",
            path=path,
            line=reader.line_num,
        ) from exc


_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


# What spreadsheet programs save "CSV" and "Unicode text" in around the world.
_CODE_PAGES = (
    "cp1252",  # Western Europe and the Americas
    "cp1250",  # Central Europe
    "cp1251",  # Cyrillic
    "cp1253",  # Greek
    "cp1254",  # Turkish
    "cp1255",  # Hebrew
    "cp1256",  # Arabic
    "cp1257",  # Baltic
    "cp1258",  # Vietnamese
    "cp932",  # Japanese (Shift-JIS)
    "euc_jp",
    "gb18030",  # Chinese, simplified
    "big5",  # Chinese, traditional
    "cp949",  # Korean
    "koi8_r",
    "mac_roman",
)


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 saved without a byte-order mark, told by where the zero bytes fall
    (text that is mostly Latin script has one in every two, or three in every four)."""
    if len(raw) < 4 or raw.count(0) < len(raw) // 4:
        return None
    quads = len(raw) // 4
    if quads and len(raw) % 4 == 0:
        if sum(raw[4 * i + 1 : 4 * i + 4] == b"\x00\x00\x00" for i in range(quads)) > quads // 2:
            return "utf-32-le"
        if sum(raw[4 * i : 4 * i + 3] == b"\x00\x00\x00" for i in range(quads)) > quads // 2:
            return "utf-32-be"
    pairs = len(raw) // 2
    if len(raw) % 2 == 0:
        if sum(raw[2 * i + 1] == 0 for i in range(pairs)) > pairs // 2:
            return "utf-16-le"
        if sum(raw[2 * i] == 0 for i in range(pairs)) > pairs // 2:
            return "utf-16-be"
    return None


def _decode(raw: bytes, path: Path) -> str:
    """The sheet's text in whatever encoding it was saved: a byte-order mark says so; else
    UTF-8 if it is valid UTF-8; else the encoding the bytes read best in (Excel's "CSV" is
    the Windows code page of its machine: 1252 in Western Europe, Shift-JIS in Japan...).
    Text that reads as nothing sensible in any is refused rather than imported as garbage."""
    for mark, encoding in _BOMS:
        if raw.startswith(mark):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        # Zero bytes first: UTF-16 text of Latin script is valid UTF-8 too, full of NULs.
        wide = _wide_encoding(raw)
        if wide is not None:
            try:
                return raw.decode(wide)
            except UnicodeDecodeError:
                pass
        try:
            # Stray control characters in UTF-8 text are removed cell by cell, and named.
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(raw, cp_isolation=list(_CODE_PAGES)).best()
        if best is not None and best.chaos < 0.2:
            text = str(best)
            if "\x00" not in text:
                return text
    raise CodebookError(
        f"{path.name} is not in a text encoding Habitus can recognise; save it as "
        "CSV UTF-8 (in Excel: Save As, CSV UTF-8) and import that.",
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
        if not any(cells):
            continue
        if any(has_controls(cell) for cell in cells):
            cells = [strip_controls(cell) for cell in cells]
            builder.report(
                index + 1, "control characters (invisible, unprintable) were removed from it"
            )
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
    """Put each factor under its parent. Parents are resolved after every row is read, so a
    child may come before its parent; a parent that would close a loop is refused for the
    row that would close it (the loop's last row in sheet order), as reading row by row
    would. One pass over the rows, whatever the depth."""
    parent_of: dict[int, _Row] = {}  # row number -> its parent's row
    for row in builder.rows:
        if not row.parent:
            continue
        target = builder.by_name.get(row.parent.casefold())
        if target is None:
            builder.report(
                row.number,
                f"parent '{row.parent}' names no factor in the sheet; "
                "the factor was imported at the top level",
            )
            continue
        parent_of[row.number] = target
    # Each row has one parent at most, so loops are simple cycles: walk up from every row,
    # marking rows on the current walk, and cut a cycle where the walk meets itself.
    on_walk, settled = 1, 2
    seen: dict[int, int] = {}
    for row in builder.rows:
        walk: list[_Row] = []
        current = row
        while current.number in parent_of and current.number not in seen:
            seen[current.number] = on_walk
            walk.append(current)
            current = parent_of[current.number]
        if seen.get(current.number) == on_walk:
            cycle = walk[walk.index(current) :]
            last = max(cycle, key=lambda member: member.number)
            builder.report(
                last.number,
                f"parent '{last.parent}' would put '{last.code.name}' inside itself; "
                "the factor was imported at the top level",
            )
            del parent_of[last.number]
        for member in walk:
            seen[member.number] = settled
    roots: list[CodebookCode] = []
    for row in builder.rows:
        parent = parent_of.get(row.number)
        (parent.code.children if parent is not None else roots).append(row.code)
    return roots
