"""A codebook of 100,000 factors imported into a project, beside the raw library doing the
bare same work, then imported in the running window: how long, and how long the window
ever stopped answering.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/codebook_import.py [--factors 100000]
        [--xlsx]

The window's figures come from a 10 ms timer on the GUI thread: "longest pause" is the
longest gap between two of its ticks, that is, the longest time the window could not
repaint or answer a click.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.core.codebook_import import merge_undoable, reapply_codebook, revert_codebook
from app.core.project import Project
from app.exchange.codebook_files import read_codebook_for_import
from app.ui.context import AppContext
from app.ui.main_window import MainWindow

T = TypeVar("T")


def timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"  {label:58} {seconds:7.2f} s")
    return result, seconds


def write_sheet(folder: Path, factors: int, xlsx: bool) -> Path:
    """Factors under seven themes, every third one after the first ten under a parent."""
    rows = [["factor", "definition", "themes", "parent"]]
    for n in range(factors):
        parent = f"Factor {n // 10}" if n >= 10 and n % 3 == 0 else ""
        rows.append([f"Factor {n}", f"What counts as factor {n}", f"Theme {n % 7}", parent])
    if xlsx:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        for row in rows:
            sheet.append(row)
        path = folder / "codebook.xlsx"
        workbook.save(path)
        return path
    path = folder / "codebook.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


def raw_insert(template: Path, folder: Path, factors: int) -> None:
    """The least SQLite needs: the same rows and links, one executemany each, one commit."""
    path = folder / "raw.habitus"
    path.write_bytes(template.read_bytes())
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=ON")
    first = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM codes").fetchone()[0]
    theme = connection.execute("SELECT min(id) FROM themes").fetchone()[0]
    now = "2026-01-01T00:00:00"
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO codes (id, guid, name, definition, colour, parent_id, position, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                first + n,
                str(uuid.uuid4()),
                f"Factor {n}",
                f"What counts as factor {n}",
                "#aabbcc",
                None,
                n,
                now,
            )
            for n in range(factors)
        ),
    )
    connection.executemany(
        "INSERT INTO code_themes (code_id, theme_id) VALUES (?, ?)",
        ((first + n, theme) for n in range(factors)),
    )
    connection.execute("COMMIT")
    connection.close()


class Pauses:
    """The longest gaps between ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.longest = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def take(self) -> float:
        """The longest pause since the last call, in seconds."""
        self._tick()
        longest, self.longest = self.longest, 0
        return longest / 1000


def in_window(path: Path, sheet: Path) -> None:
    context = AppContext()
    context.open(Project.open(path))
    window = MainWindow(context, remember=False)
    window.resize(1366, 768)
    window.show()
    window.show_frameworks()
    QTest.qWait(200)
    editor = window.frameworks
    loop = QEventLoop()
    pauses = Pauses()
    phases: dict[str, float] = {}

    def watch() -> None:
        # The last report comes once every factor is written, before the commit.
        assert editor.job is not None
        editor.job.worker.signals.progress.connect(
            lambda values: "saving" in values[2] and phases.setdefault("working", pauses.take())
        )

    editor.importStarted.connect(watch)
    editor.imported.connect(lambda _outcome: loop.quit())
    started = time.perf_counter()
    editor.import_codebook_from(sheet)
    # A real event loop: a loop of QTest.qWait would fight the worker for the GIL.
    loop.exec()
    total = time.perf_counter() - started
    print(f"  {'import, from the click to the report':58} {total:7.2f} s")
    print(f"  {'  longest pause while reading and merging':58} {phases['working']:7.2f} s")
    print(f"  {'  longest pause after: commit, panels reload, report':58} {pauses.take():7.2f} s")
    if editor.report is not None:
        editor.report.close()
    timed("Ctrl+Z in the window (wait cursor)", window.acts.undo.trigger)
    timed("Ctrl+Shift+Z in the window (wait cursor)", window.acts.redo.trigger)
    context.close()
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true", help="an Excel sheet instead of CSV")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        sheet = write_sheet(folder, args.factors, args.xlsx)
        template = folder / "template.habitus"
        Project.create(template, framework="capitals").close()
        print(f"A codebook of {args.factors:,} factors ({sheet.suffix}) into a project:")
        timed(
            "raw sqlite3: the same rows and links, one commit",
            lambda: raw_insert(template, folder, args.factors),
        )
        path = folder / "review.habitus"
        path.write_bytes(template.read_bytes())
        with Project.open(path) as project:
            data, _ = timed("read the sheet", lambda: read_codebook_for_import(sheet))
            merged, _ = timed(
                "merge (one transaction, with the undo states)",
                lambda: merge_undoable(project, data, sheet.name),
            )
            taken, _ = timed(
                "undo: take it back", lambda: revert_codebook(project, merged.before, merged.after)
            )
            timed("redo: put the same factors back", lambda: reapply_codebook(project, taken))
            timed("read the whole codebook (what each panel reads)", project.codebook.list)
        print("In the window (Frameworks window open, codebook panel showing):")
        fresh = folder / "window.habitus"
        fresh.write_bytes(template.read_bytes())
        in_window(fresh, sheet)
    del app


if __name__ == "__main__":
    main()
