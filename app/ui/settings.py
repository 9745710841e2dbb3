"""Every remembered preference in one typed registry over QSettings.

Widgets never call QSettings with string keys of their own: each value is declared here once
with its key, type and default, so a typo cannot silently read a default forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

VERSION = 1
MAX_RECENT = 10


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    kind: type


SETTINGS_VERSION = Setting[int]("meta/version", 0, int)
RECENT_PROJECTS = Setting[list[str]]("projects/recent", [], list)


def window_geometry(name: str) -> Setting[QByteArray]:
    return Setting[QByteArray](f"windows/{name}/geometry", QByteArray(), QByteArray)


def window_state(name: str) -> Setting[QByteArray]:
    """Dock and toolbar layout of a main window."""
    return Setting[QByteArray](f"windows/{name}/state", QByteArray(), QByteArray)


def part_state(window: str, part: str) -> Setting[QByteArray]:
    """A splitter's sizes or a header's column widths inside a window."""
    return Setting[QByteArray](f"windows/{window}/parts/{part}", QByteArray(), QByteArray)


class Settings:
    def __init__(self, store: QSettings | None = None):
        self._store = store if store is not None else QSettings()
        if self.get(SETTINGS_VERSION) != VERSION:
            self.set(SETTINGS_VERSION, VERSION)

    def get(self, setting: Setting[T]) -> T:
        value: Any = self._store.value(setting.key, setting.default, type=setting.kind)
        return setting.default if value is None else value

    def set(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(setting.key, value)

    def sync(self) -> None:
        self._store.sync()

    # --- recent projects -------------------------------------------------------------------

    def recent_projects(self) -> list[Path]:
        """Most recent first; files that have gone away are left out."""
        return [Path(p) for p in self.get(RECENT_PROJECTS) if p and Path(p).exists()]

    def add_recent_project(self, path: Path) -> None:
        key = str(path.resolve())
        paths = [key] + [p for p in self.get(RECENT_PROJECTS) if p != key]
        self.set(RECENT_PROJECTS, paths[:MAX_RECENT])

    def forget_recent_project(self, path: Path) -> None:
        key = str(path.resolve())
        self.set(RECENT_PROJECTS, [p for p in self.get(RECENT_PROJECTS) if p != key])
