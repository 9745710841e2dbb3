"""Putting a table on the clipboard so that it pastes into Word and Excel as a table."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QStandardItemModel

from app.core.synthesis.grid import Grid
from app.exchange.grid_formats import to_html, to_tsv


def _blank_mime() -> QMimeData:
    """An empty QMimeData made by Qt itself, not by Python.

    The clipboard keeps its data until the process exits, after Python has shut down; a
    QMimeData constructed from Python calls back into the interpreter when Qt finally
    deletes it there, which crashes the exit (PySide6 6.11). One from a Qt factory does not.
    """
    model = QStandardItemModel(1, 1)
    mime = model.mimeData([model.index(0, 0)])
    for kind in mime.formats():
        mime.removeFormat(kind)
    return mime


def grid_mime(grid: Grid) -> QMimeData:
    mime = _blank_mime()
    mime.setHtml(to_html(grid))
    mime.setText(to_tsv(grid))
    return mime


def copy_grid(grid: Grid) -> None:
    QGuiApplication.clipboard().setMimeData(grid_mime(grid))
