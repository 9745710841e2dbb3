"""Writing spreadsheet cells safely, and saving workbooks without half-written files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from app.core.controls import strip_controls
from app.exchange.atomic import atomic_target
from app.exchange.errors import ExportError, os_error_in

FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(cell: Any, value: Any) -> None:
    """Set a cell; text that a spreadsheet would run as a formula stays text, and control
    characters (which no spreadsheet file can hold) are left out.

    A quote from a PDF can begin with "=" or "-"; openpyxl would store it as a formula.
    """
    if isinstance(value, str):
        value = strip_controls(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


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
        disk = os_error_in(error)
        if disk is None:
            raise
        raise ExportError(
            f"{path.name} could not be written: {disk.strerror or disk}. "
            "Nothing was changed there.",
            path=path,
        ) from error
