"""GUI fixtures: isolated settings for every test, a context over a small imported project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from app.core.project import Project
from app.ui.context import AppContext


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
