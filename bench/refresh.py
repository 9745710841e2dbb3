"""What a coding action costs: SQL statements and wall time, driving the real window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/refresh.py [--studies 30]

Builds a generated review (no corpus needed), opens it in the main window, waits until the
page view has what it asked for, then counts with a SQLAlchemy `before_cursor_execute`
listener every statement an action sends to the project file (every thread), next to the
least a raw SQLAlchemy session needs for the same write.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from app.core.project import Project
from app.pdf.compose import PdfComposer
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pageview.selection import TextSelection

LINE = "Parents with a university degree negotiated their plans with the agency"


def write_studies(folder: Path, studies: int) -> None:
    for number in range(studies):
        pdf = PdfComposer()
        for _ in range(6):
            page = pdf.page()
            top = 72.0
            for _ in range(30):
                top = page.text(72, top, LINE, 10)
        pdf.save(folder / f"study-{number:03d}.pdf")


class Counter:
    def __init__(self, project: Project):
        self.statements = 0
        self.commits = 0
        engine = project.database.engine
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *_args: Any) -> None:
        self.statements += 1

    def _commit(self, *_args: Any) -> None:
        self.commits += 1

    def measure(self, label: str, action: Callable[[], None], raw: str) -> None:
        statements, commits = self.statements, self.commits
        started = time.perf_counter()
        action()
        elapsed = 1000 * (time.perf_counter() - started)
        print(
            f"  {label:44} {self.statements - statements:4d} statements "
            f"{self.commits - commits:3d} commit(s) {elapsed:8.1f} ms   raw minimum: {raw}"
        )


def settle(window: MainWindow) -> None:
    deadline = time.monotonic() + 20
    while window.view.images.busy() and time.monotonic() < deadline:
        QTest.qWait(5)


def wait_for(signal: Any, timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=30)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "pdfs").mkdir()
        write_studies(folder / "pdfs", args.studies)
        path = folder / "review.habitus"
        with Project.create(path, framework="capitals") as project:
            project.import_pdfs([folder / "pdfs"])
        context = AppContext()
        context.open(Project.open(path))
        window = MainWindow(context, remember=False)
        window.resize(1400, 900)
        window.show()
        project = context.require()
        study = project.studies.list()[0].id
        context.select_study(study)
        settle(window)
        counter = Counter(project)
        text = project.studies.text(study, 0)
        view = window.view
        print(f"A review of {args.studies} studies, 6 pages each, the first study on screen:")

        def press(key: Qt.Key) -> Callable[[], None]:
            def action() -> None:
                view.setFocus()
                QTest.keyClick(view, key)

            return action

        view.set_selection(TextSelection(study, 0, 0, 0, 7, text[:7]))
        counter.measure("press 1 on a fresh selection", press(Qt.Key.Key_1), "2 (INSERT x2)")
        counter.measure("press 2 on the passage just made", press(Qt.Key.Key_2), "1 (INSERT)")
        counter.measure("Ctrl+Z (the factor comes off)", window.acts.undo.trigger, "1 (DELETE)")
        counter.measure("Ctrl+Z (the passage goes)", window.acts.undo.trigger, "3")
        editor = window.memo.editor
        editor.setFocus()

        def type_memo() -> None:
            for char in "Parents negotiate":
                QTest.keyClick(editor, char)
                app.processEvents()
            editor.save()

        counter.measure("type a 17-key memo, then pause", type_memo, "2 (SELECT, INSERT)")
        out = folder / "coded.xlsx"
        project.autocode("university degree", project.codebook.list()[0].id)

        def export() -> None:
            window.exports.write_passages(out)
            wait_for(window.exports.exported)

        rows = len(project.passages.list())
        counter.measure(f"export coded passages ({rows} rows)", export, "2 (passages, codings)")
        context.close()
        window.close()


if __name__ == "__main__":
    main()
