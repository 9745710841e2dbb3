"""Writing spreadsheet cells safely, and saving workbooks without half-written files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.exchange.atomic import atomic_target

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
    with atomic_target(Path(path)) as out:
        workbook.save(out)
