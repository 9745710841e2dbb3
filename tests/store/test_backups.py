"""Rolling backups: taken as she edits and at close, the last few kept, restored in place."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from app.core.project import Project
from app.store import backups as backups_module
from app.store.backups import RollingBackups, list_backups, restore_backup, take_backup
from app.store.errors import ProjectLocked


@pytest.fixture(autouse=True)
def backups_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "backups"
    monkeypatch.setenv("HABITUS_BACKUPS", "on")
    monkeypatch.setenv("HABITUS_BACKUP_DIR", str(folder))
    return folder


def _factors(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM codes ORDER BY id")]
    finally:
        connection.close()


def test_closing_after_edits_keeps_a_backup_with_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    Project.create(path).close()
    assert list_backups(path) == []  # nothing edited yet, nothing to keep
    with Project.open(path) as project:
        project.codebook.add("Education")
        project.codebook.add("Income")
    (backup,) = list_backups(path)
    assert (backup.studies, backup.passages, backup.factors) == (0, 0, 2)
    assert _factors(backup.path) == ["Education", "Income"]
    assert backup.path.parent != path.parent  # not beside the project: it stays one file


def test_only_the_last_few_backups_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    Project.create(path).close()
    for number in range(backups_module.KEEP + 2):
        with Project.open(path) as project:
            project.codebook.add(f"Factor {number}")
    kept = list_backups(path)
    assert len(kept) == backups_module.KEEP
    assert [b.factors for b in kept] == list(range(backups_module.KEEP + 2, 2, -1))


def test_a_backup_is_taken_in_the_background_once_the_interval_has_passed(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    Project.create(path).close()
    project = Project.open(path)
    rolling = RollingBackups(project.database, interval=0)
    project.codebook.add("Education")
    assert rolling._running is not None
    rolling._running.join()
    assert [b.factors for b in list_backups(path)] == [1]
    project.close()


def test_a_backup_taken_while_she_edits_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    Project.create(path).close()
    project = Project.open(path)
    stop = threading.Event()

    def edit() -> None:
        number = 0
        while not stop.is_set():
            project.codebook.add(f"Factor {number}")
            number += 1

    editor = threading.Thread(target=edit)
    editor.start()
    try:
        copies = [take_backup(project.database) for _ in range(3)]
    finally:
        stop.set()
        editor.join()
    project.close()
    for copy in copies:
        connection = sqlite3.connect(copy)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()


def test_restoring_puts_the_backup_in_place_and_keeps_the_current_file(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    with Project.create(path) as project:
        project.codebook.add("Education")
    (backup,) = list_backups(path)
    with Project.open(path) as project:
        project.codebook.add("Written after the backup")
        with pytest.raises(ProjectLocked):
            restore_backup(backup.path, path)
    kept = restore_backup(backup.path, path)
    assert _factors(path) == ["Education"]
    assert _factors(kept) == ["Education", "Written after the backup"]
    assert kept.parent == path.parent and kept.name.startswith("review.before-restore-")
