"""Opening, creating and closing a project file.

One engine per opened file. Every connection turns foreign keys on; the file runs in WAL
mode with full syncs, since a researcher's codings matter more than write speed.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import __version__
from app.store import migrate
from app.store.errors import NewerProject, NotAProject, ProjectLocked, StorageFull
from app.store.models import Meta

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks a SQLite file as ours: "Habi".
APPLICATION_ID = 0x48616269


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _engine(path: Path, read_only: bool) -> Engine:
    if read_only:
        url = f"sqlite+pysqlite:///file:{path}?mode=ro&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path}"
    engine = create_engine(url)
    event.listen(engine, "connect", _on_connect)
    return engine


def _is_full(error: BaseException) -> bool:
    message = str(error).lower()
    return "database or disk is full" in message or "disk i/o error" in message


class Database:
    """An opened project file: its engine, a session factory, and the lock that keeps it ours."""

    def __init__(self, path: Path, engine: Engine, lock: FileLock | None, read_only: bool):
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._local = threading.local()
        # Told at the end of each outermost transaction whether it was committed.
        self.after_transaction: list[Callable[[bool], None]] = []

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: committed whole, or rolled back whole.

        Transactions nest: inside an open one (on the same thread), a further `transaction`
        or `reading` joins it, so an action made of several steps (importing a codebook)
        is still saved whole or not at all, and its steps see each other's writes.
        """
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        session = self._sessions()
        self._local.session = session
        committed = False
        try:
            yield session
            session.commit()
            committed = True
        except OperationalError as error:
            session.rollback()
            if _is_full(error):
                raise StorageFull(
                    f"The disk holding {self.path.name} is full: this change was not saved. "
                    "Free some space; everything saved before is intact."
                ) from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            self._local.session = None
            session.close()
            for listener in list(self.after_transaction):
                listener(committed)

    def in_transaction(self) -> bool:
        """Whether this thread is inside an open transaction."""
        return getattr(self._local, "session", None) is not None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def meta(self, key: str) -> str | None:
        with self.reading() as session:
            return session.scalar(select(Meta.value).where(Meta.key == key))

    def set_meta(self, session: Session, key: str, value: str) -> None:
        session.merge(Meta(key=key, value=value))

    def close(self) -> None:
        # Disposing closes the last connection, which checkpoints the WAL back into the file.
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            # The project should stay one file on disk once closed.
            Path(self._lock.lock_file).unlink(missing_ok=True)
            self._lock = None


def _lock_for(path: Path) -> FileLock:
    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise ProjectLocked(
            f"{path.name} is already open in another Habitus window. "
            "Close it there first; two windows writing one project could lose work."
        ) from None
    return lock


def _check_header(path: Path) -> None:
    if not path.exists():
        raise NotAProject(f"{path} does not exist.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotAProject(f"{path.name} is not a Habitus project (it is not a SQLite database).")


def _application_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("PRAGMA application_id")).scalar_one())


def backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(
        f"{path.stem}.backup-format{migrate.format_number(revision)}-{stamp}{path.suffix}"
    )


def _backup(path: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, WAL contents included."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()


def create_database(path: Path, name: str | None = None) -> Database:
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; open it instead of creating it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock_for(path)
    engine = _engine(path, read_only=False)
    try:
        with engine.begin() as connection:
            connection.execute(text("PRAGMA journal_mode=WAL"))
            connection.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
            migrate.upgrade(connection)
        database = Database(path, engine, lock, read_only=False)
        with database.transaction() as session:
            database.set_meta(session, "name", name or path.stem)
            database.set_meta(session, "created_with", __version__)
            database.set_meta(session, "saved_with", __version__)
            database.set_meta(session, "created_at", datetime.now().isoformat(timespec="seconds"))
    except BaseException:
        engine.dispose()
        lock.release()
        path.unlink(missing_ok=True)
        raise
    return database


def open_database(path: Path, read_only: bool = False) -> Database:
    """Open a project, upgrading an older one after backing it up.

    Refuses, leaving the file untouched: a missing file, a file that is not SQLite or not
    ours, a file from a newer Habitus, a file already open elsewhere.
    """
    path = Path(path)
    _check_header(path)
    lock = None if read_only else _lock_for(path)
    engine = _engine(path, read_only=True)
    try:
        try:
            if _application_id(engine) != APPLICATION_ID:
                raise NotAProject(f"{path.name} is a SQLite database but not a Habitus project.")
            with engine.connect() as connection:
                revision = migrate.current_revision(connection)
                saved_with = connection.execute(
                    text("SELECT value FROM project_meta WHERE key = 'saved_with'")
                ).scalar()
        except DatabaseError as error:
            raise NotAProject(
                f"{path.name} cannot be read as a Habitus project: {error.orig}"
            ) from error
        finally:
            engine.dispose()
        head = migrate.head_revision()
        if revision not in migrate.known_revisions():
            raise NewerProject(
                path.name,
                migrate.format_number(revision),
                str(saved_with or "a newer version"),
                migrate.format_number(head),
                __version__,
            )
        if read_only:
            if revision != head:
                raise NotAProject(
                    f"{path.name} is in an older project format; open it normally once to "
                    "upgrade it (a backup copy is kept)."
                )
            return Database(path, _engine(path, read_only=True), None, read_only=True)
        engine = _engine(path, read_only=False)
        if revision != head:
            _backup(path, backup_path(path, revision))
            with engine.begin() as connection:
                migrate.upgrade(connection)
        database = Database(path, engine, lock, read_only=False)
        with database.transaction() as session:
            database.set_meta(session, "saved_with", __version__)
        return database
    except BaseException:
        engine.dispose()
        if lock is not None:
            lock.release()
        raise
