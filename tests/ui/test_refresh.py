"""What one action costs the window: pressing 1 writes the passage and refreshes only the
rows it concerns; a memo is written once typing pauses, and at once when she moves on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from app.core.project import Project
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pageview.selection import TextSelection
from tests.sqlcount import statements
from tests.ui.conftest import stored

# What pressing "1" on a fresh selection may cost: the passage and its coding written, then
# the passage read once for every panel, its study's count and its factor's count.
PRESS_1_STATEMENTS = 5


@pytest.fixture
def window(window: MainWindow, context: AppContext) -> MainWindow:
    """The main window showing the first study, its pages drawn and their words in."""
    context.select_study(context.require().studies.list()[0].id)
    settle(window)
    return window


def settle(window: MainWindow) -> None:
    """Wait until the page view has what it asked for: nothing runs in the background."""
    doc = window.view.document()
    assert doc is not None
    deadline = time.monotonic() + 10
    while window.view.images.busy() or not doc.has_words(0):
        assert time.monotonic() < deadline, "the page view never settled"
        QTest.qWait(5)


class Signals:
    """Counts the emissions of some Qt signals."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def watch(self, name: str, signal: Any) -> None:
        self.counts[name] = 0

        def seen(*_args: object) -> None:
            self.counts[name] += 1

        signal.connect(seen)


def selection(project: Project, study_id: int, start: int, end: int) -> TextSelection:
    text = project.studies.text(study_id, 0)
    return TextSelection(study_id, 0, start, 0, end, text[start:end])


def test_pressing_1_writes_the_passage_and_refreshes_only_its_rows(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    factor = window.codebook.first_codes(1)[0]
    studies_model = window.studies.model()
    passages_model = window.passages.model()
    codebook_model = window.codebook.model
    signals = Signals()
    for name, model in (
        ("studies", studies_model),
        ("passages", passages_model),
        ("codebook", codebook_model),
    ):
        signals.watch(f"{name} reset", model.modelReset)
        signals.watch(f"{name} changed", model.dataChanged)
    signals.watch("passages inserted", passages_model.rowsInserted)
    window.view.set_selection(selection(project, study, 0, 7))
    window.view.setFocus()

    with statements(project) as sent:
        qtbot.keyClick(window.view, Qt.Key.Key_1)

    with stored(project.path) as reader:
        (passage,) = reader.passages.list(study_id=study)
    assert passage.code_ids == (factor,)
    assert len(sent) <= PRESS_1_STATEMENTS, "\n".join(sent)
    assert [s.split()[0] for s in sent[:2]] == ["INSERT", "INSERT"], sent
    assert signals.counts == {
        "studies reset": 0,
        "studies changed": 1,  # the one study's row: its passage count
        "passages reset": 0,
        "passages changed": 0,
        "passages inserted": 1,
        "codebook reset": 0,
        "codebook changed": 1,  # the one factor's row: its counts
    }
    assert window.passages.passage_ids() == [passage.id]
    assert "(1)" in studies_model.index(0, 0).data()
    assert codebook_model.index_of(factor, 1).data() == 1
    assert passage.id in window.view.marks().passages


def test_undoing_the_coding_takes_out_only_its_row(window: MainWindow, qtbot: QtBot) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    other = project.passages.add_text(study, 0, 8, 0, 12, (window.codebook.first_codes(1)[0],))
    window.view.set_selection(selection(project, study, 0, 7))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    passages_model = window.passages.model()
    signals = Signals()
    signals.watch("reset", passages_model.modelReset)
    signals.watch("removed", passages_model.rowsRemoved)

    window.acts.undo.trigger()

    assert signals.counts == {"reset": 0, "removed": 1}
    assert window.passages.passage_ids() == [other.id]
    assert set(window.view.marks().passages) == {other.id}


@pytest.fixture
def commits(context: AppContext) -> Iterator[list[int]]:
    seen: list[int] = []

    def record(_connection: Any) -> None:
        seen.append(1)

    engine = context.require().database.engine
    event.listen(engine, "commit", record)
    yield seen
    event.remove(engine, "commit", record)


def type_slowly(editor: QObject, text: str) -> None:
    """Keys one by one with the event loop running between them, as a person types."""
    for char in text:
        QTest.keyClick(editor, char)  # type: ignore[call-overload]
        QApplication.processEvents()


def study_memo(project: Project, study_id: int) -> str:
    with stored(project.path) as reader:
        return reader.memos.get("study", study_id)


def test_a_burst_of_typing_is_written_once_after_the_pause(
    window: MainWindow, qtbot: QtBot, commits: list[int]
) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    editor = window.memo.editor
    editor.setFocus()

    with statements(project) as sent:
        type_slowly(editor, "Strong design")
        assert study_memo(project, study) == "", "nothing is written while she types"
        with qtbot.waitSignal(editor.saved, timeout=5_000):
            pass

    assert study_memo(project, study) == "Strong design"
    assert len(commits) == 1
    assert len(sent) <= 2, sent


@pytest.mark.parametrize("move_on", ["focus", "study", "close"])
def test_a_memo_is_written_at_once_when_she_moves_on(
    window: MainWindow, qtbot: QtBot, move_on: str
) -> None:
    project = window.context.require()
    first, second = (s.id for s in project.studies.list()[:2])
    editor = window.memo.editor
    editor.setFocus()
    type_slowly(editor, "Read twice")
    assert editor.pending()
    moves: dict[str, Callable[[], None]] = {
        "focus": lambda: window.view.setFocus(),
        "study": lambda: window.context.select_study(second),
        "close": lambda: window.projects.close(),
    }

    moves[move_on]()

    # No waiting: the pause has not elapsed, the move itself wrote the memo.
    assert not editor.pending()
    with Project.open(project.path, read_only=True) as reader:
        assert reader.memos.get("study", first) == "Read twice"


def test_the_mouse_and_keys_never_wait_on_pdfium(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word boxes and images come from the worker; while it is busy with pdfium (holding
    pdfium's lock), dragging and pressing keys on the page neither wait nor call pdfium."""
    import app.pdf.render as render
    import app.pdf.words as words

    gui = threading.main_thread()
    on_gui: list[str] = []
    inside, release = threading.Event(), threading.Event()
    real_words, real_render = words._pdfium_words, render._render

    def slow_words(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is gui:
            on_gui.append("words")
        else:
            inside.set()
            release.wait(3)  # the worker holds pdfium's lock meanwhile
        return real_words(*args, **kwargs)

    def watched_render(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is gui:
            on_gui.append("render")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(words, "_pdfium_words", slow_words)
    monkeypatch.setattr(render, "_render", watched_render)
    project = window.context.require()
    second = project.studies.list()[1].id
    window.context.select_study(second)  # pages never shown: their words are not stored yet
    qtbot.waitUntil(lambda: inside.is_set() or bool(on_gui), timeout=10_000)
    assert on_gui == [], "pdfium ran on the GUI thread"

    viewport = window.view.viewport()
    start = window.view.map_from_page(0, 60, 82)
    end = window.view.map_from_page(0, 300, 120)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=start)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.view.find("education")
    window.view.find_next()

    assert not release.is_set() and on_gui == []  # all of that ran while pdfium was busy
    release.set()
    settle(window)
    doc = window.view.document()
    assert doc is not None and doc.has_words(0)
    first, last = doc.words(0)[0], doc.words(0)[3]
    start = window.view.map_from_page(0, first.x0 + 1, (first.top + first.bottom) / 2)
    end = window.view.map_from_page(0, last.x1 - 1, (last.top + last.bottom) / 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)

    assert len(project.passages.list(study_id=second)) == 1
    assert on_gui == []
