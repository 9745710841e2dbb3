"""The window's layout the first time it opens, sized for the screen it opens on.

A 1366x768 laptop gets the whole screen (maximised); a larger monitor a centred window of
most of it.
The docks take a share of the width that keeps factor names and quotes readable (long
factor names wrap in the codebook rather than end in "…"), and the page fits the width
left between them. After that first time the window's own layout is remembered instead
(`geometry.PreserveGeometry`): docks, splitters and column widths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

SMALL_SCREEN = 1500  # up to this width the window takes the whole screen
TALL_SCREEN = 1000  # from this height the study records table shows on first launch too


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(value, high)))


@dataclass(frozen=True)
class Plan:
    window: QRect
    left: int  # the studies and codebook docks
    right: int  # the passages and memo docks
    studies: int  # height of the studies dock (the codebook takes the rest)
    passages: int  # height of the passages dock (the memo takes the rest)


def plan(available: QRect) -> Plan:
    """Where the window goes and how wide its docks are on a screen's available area."""
    width, height = available.width(), available.height()
    if width <= SMALL_SCREEN:
        frame = QRect(available)
    else:
        size = QSize(min(width - 80, round(width * 0.92)), min(height - 40, round(height * 0.92)))
        frame = QRect(available.topLeft(), size)
        frame.moveCenter(available.center())
    left = _clamp(frame.width() * 0.20, 250, 380)
    right = _clamp(frame.width() * 0.28, 360, 560)
    body = frame.height() - 120  # menus, toolbar, status bar, dock titles
    return Plan(frame, left, right, _clamp(body * 0.30, 120, 320), _clamp(body * 0.58, 220, 600))


def lay_out(window: MainWindow, available: QRect, maximise: bool = True) -> Plan:
    """Size the window and its docks for a screen's available area; a window that takes
    all of the window's own screen is maximised (`maximise`)."""
    chosen = plan(available)
    window.setGeometry(chosen.window)
    if maximise and chosen.window == available:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    window.resizeDocks([window.studies_dock, window.passages_dock], [chosen.left, chosen.right],
                       horizontal)  # fmt: skip
    window.resizeDocks(
        [window.studies_dock, window.codebook_dock],
        [chosen.studies, max(200, chosen.window.height() - chosen.studies)],
        vertical,
    )
    window.resizeDocks(
        [window.passages_dock, window.memo_dock],
        [chosen.passages, max(140, chosen.window.height() - chosen.passages)],
        vertical,
    )
    # The factors beside each quote get a fair share; the quote takes the rest.
    window.passages.setColumnWidth(2, round((chosen.right - 60) * 0.42))
    # On a laptop's height the study records table would squeeze the page: it waits in the
    # Studies menu (Ctrl+Shift+L) until asked for.
    records = getattr(window, "records", None)
    if records is not None and available.height() < TALL_SCREEN:
        records.dock.hide()
    return chosen
