"""Closing a project while the page view is still at work: nothing outlives the project."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.commands.base import push
from app.ui.commands.codebook import AddCode
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


def test_closing_the_project_waits_for_the_page_being_rendered(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.pdf.render as render

    real = render.render_page
    entered, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def held_render(*args: object, **kwargs: object) -> object:
        entered.set()
        release.wait(10)
        image = real(*args, **kwargs)  # type: ignore[arg-type]
        finished.append(True)
        return image

    monkeypatch.setattr(render, "render_page", held_render)
    context.select_study(context.require().studies.list()[0].id)
    qtbot.waitUntil(entered.is_set)
    project = context.require()
    push(context.undo_stack, AddCode(project, "Transport"))
    # Closing clears the undo stack first: that lets the held render go on.
    context.undo_stack.indexChanged.connect(lambda _index: release.set())
    context.close()
    assert finished == [True]


def test_a_project_opened_read_only_says_so_in_the_title(
    window: MainWindow, imported: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.store import database

    path = imported.path
    window.context.close()
    monkeypatch.setattr(database, "_write_problem", lambda _p: "it is on read-only media")
    assert window.open_project(path)
    assert "(read-only)" in window.windowTitle()
