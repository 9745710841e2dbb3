"""Writing spreadsheet cells safely, and saving workbooks without half-written files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(cell: Any, value: Any) -> None:
    """Set a cell; text that a spreadsheet would run as a formula stays text.

    A quote from a PDF can begin with "=" or "-"; openpyxl would store it as a formula.
    """
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


def save_atomically(workbook: Any, path: Path) -> None:
    """Write beside the target, then rename over it: a failed save leaves the old file."""
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        workbook.save(temp)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
