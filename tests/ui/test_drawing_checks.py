"""Studies imported before Habitus recorded whether their pages can be drawn are checked in
the background once the project opens, and the Studies list flags those that cannot."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.core.studies import DrawingCheck, Studies
from app.store import models
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.conftest import stored
from tests.undrawable import refuse_renderer

pytestmark = pytest.mark.gui


def as_before_it_was_recorded(project: Project) -> dict[str, int]:
    """Every study as one imported before drawing problems were recorded; ids by name."""
    with project.database.transaction() as session:
        session.query(models.Study).update({"drawing_problem": None})
    return {s.name: s.id for s in project.studies.list()}


def line_of(window: MainWindow, study_id: int) -> tuple[str, str]:
    index = window.studies.model().index(window.studies.study_ids().index(study_id), 0)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


def test_a_project_opened_in_the_window_has_its_old_studies_checked_and_flagged(
    qtbot: QtBot, imported: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ids = as_before_it_was_recorded(imported)
    path = imported.path
    imported.close()
    refuse_renderer(monkeypatch)  # this copy of pdfium cannot open any of them
    window = MainWindow(AppContext(), remember=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.studies.study_ids() == []

    with qtbot.waitSignal(window.drawing_checks.finished, timeout=20_000) as done:
        assert window.open_project(path)
    assert sorted(done.args[0]) == sorted(ids.values())
    for study_id in ids.values():
        line, tip = line_of(window, study_id)
        assert "pages cannot be drawn" in line
        assert "cannot open the file" in tip
    assert "The pages of 3 studies cannot be drawn" in window.statusBar().currentMessage()
    with stored(path) as reader:
        assert reader.studies.unchecked_drawing() == []
        assert "cannot open the file" in (reader.studies.get(ids["beta"]).drawing_problem or "")
    qtbot.waitUntil(lambda: window.view.painter.blank(0), timeout=10_000)
    assert window.grab().save(str(tmp_path / "checked.png"))


def test_studies_whose_pages_can_be_drawn_are_recorded_without_a_flag(
    qtbot: QtBot, imported: Project
) -> None:
    ids = as_before_it_was_recorded(imported)
    context = AppContext()
    context.open(imported)
    window = MainWindow(context, remember=False)  # the project is already open
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.drawing_checks.finished, timeout=20_000):
        pass
    assert imported.studies.unchecked_drawing() == []
    for study_id in ids.values():
        assert "cannot be drawn" not in line_of(window, study_id)[0]
        assert imported.studies.get(study_id).drawing_problem == ""
    assert window.statusBar().currentMessage() == ""
    context.close()


def test_a_read_only_project_is_not_checked(qtbot: QtBot, imported: Project) -> None:
    ids = as_before_it_was_recorded(imported)
    path = imported.path
    imported.close()
    context = AppContext()
    context.open(Project.open(path, read_only=True))
    window = MainWindow(context, remember=False)
    qtbot.addWidget(window)
    assert not window.drawing_checks.busy()
    assert context.require().studies.get(ids["alpha"]).drawing_problem is None
    context.close()


def test_closing_the_project_waits_for_the_study_in_hand_and_keeps_its_answer(
    qtbot: QtBot, imported: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = as_before_it_was_recorded(imported)
    checking, release = threading.Event(), threading.Event()
    looked_at: list[int] = []
    check = Studies.check_drawing

    def slow_check(self: Studies, study_id: int) -> DrawingCheck:
        assert threading.current_thread() is not threading.main_thread()  # pdfium's work
        looked_at.append(study_id)
        checking.set()
        release.wait(10)
        return check(self, study_id)

    monkeypatch.setattr(Studies, "check_drawing", slow_check)
    path = imported.path
    context = AppContext()
    context.open(imported)
    window = MainWindow(context, remember=False)
    qtbot.addWidget(window)
    assert window.drawing_checks.busy()
    assert checking.wait(10)
    release.set()
    context.close()  # waits for the study in hand, keeps its answer, checks no further
    assert not window.drawing_checks.busy()
    with stored(path) as reader:
        first = looked_at[0]
        assert reader.studies.get(first).drawing_problem == ""
        unchecked = set(reader.studies.unchecked_drawing())
    assert unchecked == set(ids.values()) - set(looked_at)
