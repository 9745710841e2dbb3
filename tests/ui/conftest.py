"""GUI fixtures: isolated settings for every test, a context over a small imported project."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.context import AppContext
from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: object) -> Iterator[None]:
    """No test reads or writes the user's real settings."""
    QCoreApplication.setOrganizationName("HabitusTests")
    QCoreApplication.setApplicationName("HabitusTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "settings"))
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def context(imported: Project) -> Iterator[AppContext]:
    ctx = AppContext()
    ctx.open(imported)
    yield ctx
    ctx.close()


@contextmanager
def stored(path: Path) -> Iterator[Project]:
    """The project file as a second reader sees it: only what was committed."""
    with Project.open(path, read_only=True) as reader:
        yield reader


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win
