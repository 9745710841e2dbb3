"""Backups of a project as the window offers them: listing, with what each holds, and
restoring one in place of the project (which must be closed; it is kept as a copy first)."""

from __future__ import annotations

from pathlib import Path

from app.store.backups import BackupInfo, backups_folder, list_backups, restore_backup

__all__ = ["BackupInfo", "backups", "backups_folder", "restore"]


def backups(project: Path) -> list[BackupInfo]:
    """The project's rolling backups, newest first."""
    return list_backups(project)


def restore(backup: BackupInfo, project: Path) -> Path:
    """Replace the closed project with the backup; returns where the old file was kept."""
    return restore_backup(backup.path, project)
