"""Rolling backups of a project: a copy every few minutes of editing and when it closes.

Copies are taken through SQLite's backup API, so each is a consistent project in its own
right, and kept in the user's data folder (one folder per project; the last few kept), not
beside the project: the project stays one file to copy, mail and sync. A copy is taken off
the writer's path: in a thread while she edits, page by page, starting over if an edit lands
mid-copy; after a few such restarts the last attempt holds the writer for the moment the
copy takes, so that a busy session still gets its backups.

Restoring keeps the current file first, beside it, as `review.before-restore-<when>.habitus`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.store.database import Database, copy_database
from app.store.errors import ProjectFileError
from app.store.file_lock import ProjectLock

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 10 * 60
KEEP = 5
SUFFIX = ".habitus"
_STAMP = "%Y%m%d-%H%M%S"
_ENV_FOLDER = "HABITUS_BACKUP_DIR"
_ENV_SWITCH = "HABITUS_BACKUPS"  # "off" turns rolling backups off (the test suite does)


def backups_folder(project: Path) -> Path:
    """Where the backups of this project file go: one folder per file, named after it."""
    real = Path(os.path.realpath(project))
    configured = os.environ.get(_ENV_FOLDER)
    if configured:
        base = Path(configured)
    else:
        import platformdirs

        base = Path(platformdirs.user_data_dir("Habitus", appauthor=False)) / "backups"
    digest = hashlib.sha1(os.fsencode(real)).hexdigest()[:10]
    return base / f"{real.stem}-{digest}"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    studies: int
    passages: int
    factors: int
    size: int  # bytes


def list_backups(project: Path) -> list[BackupInfo]:
    """The project's backups, newest first, with what each holds."""
    folder = backups_folder(project)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        try:
            taken = datetime.strptime(path.stem[: len("20260101-000000")], _STAMP)
            counts = _counts(path)
            size = path.stat().st_size
        except (ValueError, OSError, sqlite3.Error):
            continue  # not ours, or damaged: not offered
        found.append(BackupInfo(path, taken, *counts, size))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def _counts(path: Path) -> tuple[int, int, int]:
    from urllib.parse import quote

    uri = f"file:{quote(os.fsencode(path))}?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    try:
        return tuple(  # type: ignore[return-value]
            int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("studies", "passages", "codes")
        )
    finally:
        connection.close()


class _Restarted(Exception):
    pass


def take_backup(database: Database, keep: int = KEEP) -> Path:
    """Copy the project now; returns the copy. Prunes all but the newest `keep`."""
    folder = backups_folder(database.real_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(_STAMP)
    # Copies within one second are numbered after the last, so that names sort by age.
    taken = [p.name[len(stamp) + 1 : len(stamp) + 3] for p in folder.glob(f"{stamp}-*")]
    number = max((int(n) for n in taken if n.isdigit()), default=0) + 1
    target = folder / f"{stamp}-{number:02d}{SUFFIX}"
    partial = target.with_name(f".{target.name}.partial")
    try:
        try:
            _copy(database.real_path, partial, restarts_allowed=3)
        except _Restarted:
            with database.writer_held():
                _copy(database.real_path, partial, restarts_allowed=None)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _prune(folder, keep)
    return target


def _copy(source: Path, target: Path, restarts_allowed: int | None) -> None:
    from urllib.parse import quote

    target.unlink(missing_ok=True)
    reader = sqlite3.connect(f"file:{quote(os.fsencode(source))}?mode=ro", uri=True)
    reader.execute("PRAGMA busy_timeout=5000")
    restarts = 0
    last: int | None = None

    def progress(_status: int, remaining: int, _total: int) -> None:
        nonlocal restarts, last
        if last is not None and remaining > last:
            restarts += 1  # an edit landed mid-copy: SQLite started over
            if restarts_allowed is not None and restarts > restarts_allowed:
                raise _Restarted()
        last = remaining

    try:
        copy = sqlite3.connect(target)
        try:
            reader.backup(copy, pages=1024, progress=progress)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        reader.close()


def _prune(folder: Path, keep: int) -> None:
    copies = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.name, reverse=True)
    for old in copies[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


class RollingBackups:
    """Takes a backup when `interval` seconds of editing have gone by since the last one,
    and at close when anything changed since. Failures are logged, never raised: a backup
    that cannot be taken must not stop her work."""

    def __init__(self, database: Database, interval: float = INTERVAL_SECONDS, keep: int = KEEP):
        self.database = database
        self.interval = interval
        self.keep = keep
        self._dirty = False
        self._last = time.monotonic()
        self._running: threading.Thread | None = None
        self._lock = threading.Lock()
        database.after_transaction.append(self._after)
        database.before_close.append(self._on_close)

    @staticmethod
    def wanted() -> bool:
        return os.environ.get(_ENV_SWITCH, "on").lower() != "off"

    def _after(self, committed: bool) -> None:
        if not committed:
            return
        self._dirty = True
        if time.monotonic() - self._last >= self.interval:
            self._start()

    def _start(self) -> None:
        with self._lock:
            if self._running is not None and self._running.is_alive():
                return
            self._dirty = False
            self._last = time.monotonic()
            self._running = threading.Thread(target=self._take, name="backup", daemon=True)
            self._running.start()

    def _take(self) -> None:
        try:
            take_backup(self.database, self.keep)
        except Exception:
            self._dirty = True  # try again at the next chance
            log.exception("backup of %s failed", self.database.shown)

    def _on_close(self) -> None:
        running = self._running
        if running is not None:
            running.join()
        if self._dirty:
            self._dirty = False
            self._take()


def restore_backup(backup: Path, project: Path) -> Path:
    """Put a backup in place of a closed project; returns where the replaced file was kept.

    Refused while any window has the project open for writing.
    """
    project = Path(project)
    real = Path(os.path.realpath(project))
    lock = ProjectLock.acquire(real, project.name)
    try:
        stamp = datetime.now().strftime(_STAMP)
        kept = project.with_name(f"{project.stem}.before-restore-{stamp}{project.suffix}")
        if real.exists():
            copy_database(real, kept)
        partial = real.with_name(f".{real.name}.restoring")
        try:
            copy_database(backup, partial)
            os.replace(partial, real)
        finally:
            partial.unlink(missing_ok=True)
        return kept
    except sqlite3.Error as error:
        raise ProjectFileError(f"The backup could not be restored: {error}") from error
    finally:
        lock.release()
