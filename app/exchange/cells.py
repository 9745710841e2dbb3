"""Writing spreadsheet cells safely, and saving workbooks without half-written files.

A quote from a PDF can begin with "=", "-" or "@"; a spreadsheet would run it as a formula.
Such text is stored as text, and marked so that Excel keeps it text even when the cell is
edited. Characters XML cannot carry (and Excel would refuse) are dropped.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from app.exchange.atomic import atomic_target
from app.exchange.errors import export_failure

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters other than tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    # Nearly every cell is printable as it is; checking that is far cheaper than a regex.
    return text if text.isprintable() else _CONTROL.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def safe_cell(cell: Any, value: Any) -> None:
    """Set a cell; text that a spreadsheet would run as a formula stays text."""
    if isinstance(value, str):
        value = clean_text(value)
    cell.value = value
    if isinstance(value, str) and looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def save_atomically(workbook: Any, path: Path) -> None:
    """Write beside the target, then rename over it: a failed save leaves the old file.

    The workbook is built in memory first: openpyxl's zip writer, failing half-way on a full
    disk, would report "seek of closed file" (at exit, too) instead of the disk's reason.
    """
    path = Path(path)
    buffer = io.BytesIO()
    workbook.save(buffer)
    try:
        with atomic_target(path) as out:
            out.write(buffer.getbuffer())
    except Exception as error:
        failure = export_failure(path, error)
        if failure is None:
            raise
        raise failure from error
