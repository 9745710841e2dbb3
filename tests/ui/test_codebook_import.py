"""Import codebook… in the window: read and merged off the GUI thread with a progress dialog
and Cancel, one undo step at the end, other edits held meanwhile, refusals in words."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QPushButton,
    QToolBar,
)
from pytestqt.qtbot import QtBot

from app.core.codebook_import import CodebookMerge
from app.core.errors import CoreError
from app.core.project import Project
from app.exchange.codebook_files import read_codebook_for_import
from app.exchange.errors import Cancelled
from app.ui.codebook import FrameworkEditor, import_job
from app.ui.commands.base import push
from app.ui.commands.codebook import AddCode, ImportCodebook
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.refusing import refusing_writes

WAIT_MS = 30_000


def write_sheet(path: Path, factors: int) -> Path:
    """A codebook sheet: factors under three themes, every tenth one a parent of the next."""
    lines = ["factor;definition;themes;parent"]
    for n in range(factors):
        parent = f"Factor {n - 1}" if n % 10 == 1 else ""
        lines.append(f"Factor {n};What counts as factor {n};Theme {n % 3};{parent}")
    # A factor the project has, with no definition yet: the import fills it in.
    lines.append("Education;Degrees held;Theme 0;")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def file_holds(path: Path) -> dict[str, set[tuple[Any, ...]]]:
    """Everything a codebook import may touch, read straight from the file by SQLite."""
    queries = {
        "codes": "SELECT id, guid, name, definition, colour, parent_id, position FROM codes",
        "frameworks": "SELECT id, guid, name, description FROM frameworks",
        "themes": "SELECT id, guid, framework_id, name, colour, position FROM themes",
        "links": "SELECT code_id, theme_id FROM code_themes",
        "codings": "SELECT id, guid, passage_id, code_id FROM codings",
        "memos": "SELECT code_id, passage_id, text FROM memos",
    }
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {name: set(connection.execute(sql)) for name, sql in queries.items()}
    finally:
        connection.close()


def undefine_education(project: Project) -> None:
    education = project.codebook.find("Education")
    assert education is not None
    project.codebook.update(education.id, definition="")


class Gate:
    """Holds the merge once `at` factors are done, until released or cancelled: what the
    window shows and allows in the middle of an import, tested without racing it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: int):
        self.at = at
        self.reached = threading.Event()
        self.released = threading.Event()
        merge = import_job.merge_undoable

        def held(
            project: Project, data: Any, source: str, progress: Callable[[int, int], None]
        ) -> CodebookMerge:
            def report(done: int, total: int) -> None:
                progress(done, total)
                if done == self.at:
                    self.reached.set()
                    # Each report hears Cancel: a cancelled import goes no further.
                    while not self.released.wait(0.005):
                        progress(done, total)

            return merge(project, data, source, report)

        monkeypatch.setattr(import_job, "merge_undoable", held)


@pytest.fixture
def released() -> Iterator[list[Gate]]:
    gates: list[Gate] = []
    yield gates
    for gate in gates:
        gate.released.set()


def toolbar_button(editor: FrameworkEditor, text: str) -> QPushButton | Any:
    for bar in editor.findChildren(QToolBar):
        for action in bar.actions():
            if isinstance(action, QAction) and action.text() == text:
                return bar.widgetForAction(action)
    raise AssertionError(f"no toolbar button {text!r}")


def test_the_toolbar_import_shows_its_progress_and_is_one_undo_step_undone_and_redone(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.context.require()
    undefine_education(project)
    sheet = write_sheet(tmp_path / "draft.csv", 3500)
    before = file_holds(project.path)
    steps = window.context.undo_stack.count()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    editor = window.frameworks
    window.show_frameworks()
    qtbot.waitExposed(editor)
    reports: list[tuple[int, int, str]] = []
    shown: list[tuple[str, int, int]] = []

    def watch() -> None:
        # Connected before the work starts, after the dialog's own slot: what the job
        # reported, and what the dialog shows after each report.
        assert editor.job is not None
        dialog = editor.job.dialog

        def seen(values: tuple[int, int, str]) -> None:
            reports.append(values)
            shown.append((dialog.labelText(), dialog.value(), dialog.maximum()))

        editor.job.worker.signals.progress.connect(seen)

    editor.importStarted.connect(watch)
    cursors: list[Qt.CursorShape | None] = []

    def cursor_now(_change: object) -> None:
        cursor = QApplication.overrideCursor()
        cursors.append(cursor.shape() if cursor is not None else None)

    window.context.changed.connect(cursor_now)
    with qtbot.waitSignal(editor.imported, timeout=WAIT_MS) as ended:
        qtbot.mouseClick(toolbar_button(editor, "Import codebook…"), Qt.MouseButton.LeftButton)
    command = ended.args[0]
    # The panels reload the new codebook under a wait cursor, gone once it is done.
    assert cursors == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None

    assert reports[0] == (0, 0, "Reading draft.csv: 1,000 rows")
    merging = [
        (n, 3501, f"Importing codebook: {n:,} of 3,501 factors") for n in range(0, 3501, 1000)
    ]
    assert reports[reports.index(merging[0]) :] == [
        *merging,
        (3501, 3501, "Importing codebook: saving 3,501 factors"),
    ]
    # The dialog shows a report's words with its count, and the last report last (what it
    # shows midway is checked, held there, by the Cancel test).
    for label, value, maximum in shown:
        if label.startswith("Importing codebook: ") and "saving" not in label:
            assert label == f"Importing codebook: {value:,} of {maximum:,} factors…"
    assert shown[-1] == ("Importing codebook: saving 3,501 factors…", 3501, 3501)
    assert isinstance(command, ImportCodebook)
    stack = window.context.undo_stack
    assert stack.count() == steps + 1 and stack.undoText() == "Import codebook draft.csv"
    assert editor.report is not None and editor.report.isVisible()
    summary = editor.report.findChild(QLabel)
    assert summary is not None
    assert summary.text() == (
        "draft.csv: 3500 factors added, 1 matched existing ones, 3 themes added, "
        "3501 factor-theme links added."
    )
    imported = file_holds(project.path)
    assert len(imported["codes"] - before["codes"]) == 3500 + 1  # with Education's definition
    assert window.coder.enabled and window.acts.undo.isEnabled()

    editor.report.close()
    cursors.clear()
    window.acts.undo.trigger()
    assert file_holds(project.path) == before
    assert cursors == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None

    window.acts.redo.trigger()
    assert file_holds(project.path) == imported
    window.acts.undo.trigger()
    assert file_holds(project.path) == before


def test_cancel_stops_the_import_and_leaves_the_project_file_as_it_was(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    released: list[Gate],
) -> None:
    project = window.context.require()
    undefine_education(project)
    sheet = write_sheet(tmp_path / "big.csv", 5000)
    before = file_holds(project.path)
    steps = window.context.undo_stack.count()
    gate = Gate(monkeypatch, at=3000)
    released.append(gate)
    editor = window.frameworks
    window.show_frameworks()

    assert editor.import_codebook_from(sheet)
    job = editor.job
    assert job is not None
    qtbot.waitUntil(lambda: job.dialog.isVisible() and job.dialog.value() == 3000, timeout=WAIT_MS)
    assert job.dialog.labelText() == "Importing codebook: 3,000 of 5,001 factors…"
    # Midway, the rows written so far are in the transaction, not in the file.
    assert file_holds(project.path) == before
    job.dialog.grab().save(str(tmp_path / "progress.png"))
    cancel = job.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(editor.imported, timeout=WAIT_MS) as ended:
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    assert isinstance(ended.args[0], Cancelled)
    assert file_holds(project.path) == before
    assert window.context.undo_stack.count() == steps
    assert editor.report is None and editor.message is None
    assert editor.job is None
    assert not any(
        isinstance(shown, QProgressDialog) and shown.isVisible()
        for shown in QApplication.topLevelWidgets()
    )
    assert window.coder.enabled and window.codebook.isEnabled()


def test_while_an_import_runs_coding_undo_and_codebook_edits_wait(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    released: list[Gate],
) -> None:
    project = window.context.require()
    push(window.context.undo_stack, AddCode(project, "Made just before"))
    window.states.update()
    assert window.acts.undo.isEnabled()
    sheet = write_sheet(tmp_path / "big.csv", 3000)
    gate = Gate(monkeypatch, at=2000)
    released.append(gate)
    editor = window.frameworks
    window.show_frameworks()

    assert editor.import_codebook_from(sheet)
    assert gate.reached.wait(WAIT_MS)
    assert not window.coder.enabled
    assert not any(action.isEnabled() for action in window.acts.coding)
    assert not window.acts.undo.isEnabled()
    assert not window.codebook.isEnabled()
    assert not window.acts.import_pdfs.isEnabled()
    assert editor.import_codebook_from(sheet) is False  # one import at a time
    job = editor.job
    assert job is not None
    # Its dialog, once up, blocks the main window and the Frameworks window.
    assert job.dialog.windowModality() == Qt.WindowModality.WindowModal
    assert job.dialog.parent() is editor and editor.parent() is window

    with qtbot.waitSignal(editor.imported, timeout=WAIT_MS):
        gate.released.set()
    assert window.coder.enabled and window.codebook.isEnabled()
    assert window.acts.undo.isEnabled()
    assert window.context.undo_stack.undoText() == "Import codebook big.csv"


def test_closing_the_project_during_an_import_stops_it_and_the_file_keeps_nothing(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    released: list[Gate],
) -> None:
    project = window.context.require()
    path = project.path
    before = file_holds(path)
    gate = Gate(monkeypatch, at=1000)
    released.append(gate)
    editor = window.frameworks

    assert editor.import_codebook_from(write_sheet(tmp_path / "big.csv", 3000))
    assert gate.reached.wait(WAIT_MS)
    with qtbot.waitSignal(editor.imported, timeout=WAIT_MS) as ended:
        window.projects.close()
    assert isinstance(ended.args[0], Cancelled)
    assert window.context.project is None
    assert file_holds(path) == before


def _bad_files(folder: Path) -> list[Path]:
    garbled = folder / "garbled.xlsx"
    garbled.write_bytes(b"PK\x03\x04 this is not a workbook")
    no_factor = folder / "no factor.csv"
    no_factor.write_text("name of the study;year\nHall;2021\n", encoding="utf-8")
    encoding = folder / "encoding.csv"
    encoding.write_bytes(b"\xef\xbb\xbfFactor\nEdu\xffcation\n")
    old = folder / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 an old Excel file")
    return [garbled, no_factor, encoding, old, folder / "missing.qdc"]


def test_a_file_that_cannot_be_read_is_refused_with_its_reason_and_nothing_changes(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    project = context.require()
    before = file_holds(project.path)
    editor = FrameworkEditor(context)
    qtbot.addWidget(editor)
    for path in _bad_files(tmp_path):
        with pytest.raises(CoreError) as reading:
            read_codebook_for_import(path)
        with qtbot.waitSignal(editor.imported, timeout=WAIT_MS) as ended:
            assert editor.import_codebook_from(path)
        assert isinstance(ended.args[0], CoreError)
        box = editor.message
        assert box is not None and box.isVisible()
        assert box.windowTitle() == "Frameworks"
        assert box.text() == str(reading.value)
        assert path.name in box.text()
        box.close()
        assert file_holds(project.path) == before
        assert context.undo_stack.count() == 0
        assert editor.report is None


def test_a_project_that_refuses_the_write_says_so_and_keeps_nothing(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    project = context.require()
    before = file_holds(project.path)
    editor = FrameworkEditor(context)
    qtbot.addWidget(editor)
    sheet = write_sheet(tmp_path / "draft.csv", 3000)

    with refusing_writes(project), qtbot.waitSignal(editor.imported, timeout=WAIT_MS):
        assert editor.import_codebook_from(sheet)
    assert editor.message is not None
    assert editor.message.text() == (
        "review.habitus cannot be written (the file, its folder or its disk is read-only): "
        "this change was not saved."
    )
    assert file_holds(project.path) == before
    assert context.undo_stack.count() == 0

    with project.database.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        connection.exec_driver_sql(f"PRAGMA max_page_count={pages}")
    with qtbot.waitSignal(editor.imported, timeout=WAIT_MS):
        assert editor.import_codebook_from(sheet)
    assert "is full: this change was not saved" in editor.message.text()
    assert file_holds(project.path) == before
    assert context.undo_stack.count() == 0


def test_a_read_only_project_refuses_the_import_before_reading_the_file(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = context.require().path
    context.close()
    reader = AppContext()
    reader.open(Project.open(path, read_only=True))
    try:
        editor = FrameworkEditor(reader)
        qtbot.addWidget(editor)
        assert editor.import_codebook_from(write_sheet(tmp_path / "draft.csv", 10)) is False
        assert editor.job is None
        assert editor.message is not None
        assert editor.message.text().startswith("review.habitus is open read-only")
    finally:
        reader.close()
