"""Saving a view's table: CSV or xlsx, chosen by the file name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.synthesis.grid import Grid
from app.exchange.grid_formats import write_csv, write_xlsx

FILTERS = "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"


def write_grid(grid: Grid, path: Path) -> int:
    if path.suffix.lower() == ".csv":
        return write_csv(grid, path)
    return write_xlsx(grid, path.with_suffix(".xlsx"))


def export_grid(parent: QWidget, grid: Grid, suggested: Path) -> Path | None:
    name, chosen = QFileDialog.getSaveFileName(
        parent, f"Export {grid.title}", str(suggested), FILTERS
    )
    if not name:
        return None
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
    try:
        write_grid(grid, path)
    except OSError as error:
        QMessageBox.warning(
            parent, "Export", f"{path.name} could not be written: {error.strerror or error}"
        )
        return None
    return path
