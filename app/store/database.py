"""Opening, creating and closing a project file, and the one path every write takes.

One writer: every write transaction runs on one connection, one at a time (`transaction`
takes the writer lock; a second thread waits its turn), so an import, the page view saving
word boxes and the researcher's edits never race. Reads run on their own connections,
free of that lock. A closed database refuses every call.

The file keeps a rollback journal, not a write-ahead log: a committed edit is in the
`.habitus` file itself when `transaction` returns, so a copy of that one file taken by a
backup or sync program holds every edit, a reader leaves no `-wal`/`-shm` files behind, and
a project on read-only media can be read. Measured on this machine with full syncs
(bench/store_commit.py), a small edit costs 1.2 ms committed this way, against 0.16 ms
into a WAL that a copy of the file alone would miss, and 1.1 ms into a WAL checkpointed
after each write: nothing a researcher can notice.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool, StaticPool

from app import __version__
from app.store import migrate
from app.store.errors import (
    NewerProject,
    NotAProject,
    ProjectBusy,
    ProjectClosed,
    ProjectDamaged,
    ReadOnlyStorage,
    StorageFailed,
    StorageFull,
    StoreError,
)
from app.store.file_lock import ProjectLock
from app.store.models import Meta

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks a SQLite file as ours: "Habi".
APPLICATION_ID = 0x48616269
BUSY_TIMEOUT_MS = 5000
_IOERR_DELETE_NOENT = 5898  # SQLITE_IOERR | 23 << 8
# FULL: a commit is on the disk before it returns. The test suite, which checks behaviour
# and not power cuts, may ask for less through the environment (bench/soak.py never does).
SYNCHRONOUS = os.environ.get("HABITUS_SQLITE_SYNCHRONOUS", "FULL")
# Pages a write may hold in memory before it has to take the file whole (SQLite's default,
# the 2 MB page cache, lets a 100,000-factor codebook lock every reader out for the second
# it takes to write): 64 MB at the usual 4 KB page. Only a write that large uses the memory;
# larger ones (a project import with its PDFs) still spill and lock readers out meanwhile.
SPILL_PAGES = 16384


# --- connections ---------------------------------------------------------------------------


def _uri(path: Path, mode: str, immutable: bool = False) -> str:
    """A SQLite URI for the file; mode is "ro", "rw" or "rwc" (create)."""
    # Percent-encoding the file name's bytes keeps "#", "?" and names that are not valid
    # UTF-8 intact on their way through SQLite's URI parser.
    uri = f"file:{quote(os.fsencode(path))}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri


def _lenient_text(raw: bytes) -> str:
    # A damaged byte in a stored text must not make the whole project unreadable: it
    # shows as U+FFFD, the rest reads as written.
    return raw.decode("utf-8", errors="replace")


def _connect(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    connection.text_factory = _lenient_text
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    connection.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    # Set outside any transaction: SQLite applies it to the pager only then.
    connection.execute(f"PRAGMA cache_spill={SPILL_PAGES}")
    return connection


def _engine(connect: Callable[[], sqlite3.Connection], single: bool) -> Engine:
    """An engine over our own connections: one shared connection for the writer, a small
    pool for readers."""
    if single:
        return create_engine("sqlite+pysqlite://", creator=connect, poolclass=StaticPool)
    return create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool)


# --- errors --------------------------------------------------------------------------------


def translate(error: BaseException, shown: str) -> StoreError | None:
    """The StoreError that says, in a sentence, what SQLite's error means for her file."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(original, sqlite3.Error):
        return None
    if isinstance(original, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return None  # a bug, not the disk: keep its traceback
    message = str(original).lower()
    if "full" in message:
        return StorageFull(
            f"The disk holding {shown} is full: this change was not saved. "
            "Free some space; everything saved before is intact."
        )
    if "readonly" in message or "read-only" in message:
        return ReadOnlyStorage(
            f"{shown} cannot be written (the file, its folder or its disk is read-only): "
            "this change was not saved."
        )
    if "locked" in message or "busy" in message:
        return ProjectBusy(
            f"Another program is holding {shown} locked: this change was not saved. "
            "Close that program (or wait a moment) and try again."
        )
    if "malformed" in message or "not a database" in message:
        return ProjectDamaged(
            f"{shown} is damaged ({original}). Restore it from a backup "
            "(File > Restore from backup); the damaged file is kept."
        )
    if "i/o" in message or "unable to open" in message or "disk" in message:
        return StorageFailed(
            f"The disk reported an error with {shown} ({original}): this change was not "
            "saved. Check the disk (is it still connected?) and try again."
        )
    return None


@contextmanager
def _translated(shown: str) -> Iterator[None]:
    try:
        yield
    except StoreError:
        raise
    except Exception as error:
        found = translate(error, shown)
        if found is None:
            raise
        raise found from error


# --- the opened database -------------------------------------------------------------------


class Database:
    """An opened project file: the writer, the readers, and the lock that keeps it ours."""

    def __init__(
        self,
        path: Path,
        writer: Engine | None,
        reader: Engine,
        lock: ProjectLock | None,
        read_only_reason: str | None = None,
    ):
        self.path = path  # as the user named it: what messages show
        self.real_path = Path(os.path.realpath(path))
        self.engine = writer if writer is not None else reader
        self.reader = reader
        self.read_only = writer is None
        self.read_only_reason = read_only_reason
        self._lock = lock
        self._writes = sessionmaker(self.engine, expire_on_commit=False)
        self._reads = sessionmaker(reader, expire_on_commit=False)
        self._writer = threading.RLock()
        self._local = threading.local()
        self._closed = False
        self.journal_mode = "delete"
        # Told at the end of each outermost transaction whether it was committed.
        self.after_transaction: list[Callable[[bool], None]] = []
        # Told just before the file is closed (a final backup).
        self.before_close: list[Callable[[], None]] = []

    @property
    def shown(self) -> str:
        return self.path.name

    @property
    def closed(self) -> bool:
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise ProjectClosed(f"{self.shown} has been closed; open it again to go on.")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: committed whole, or rolled back whole, by the one writer.

        Transactions nest: inside an open one (on the same thread), a further `transaction`
        or `reading` joins it, so an action made of several steps (importing a codebook)
        is still saved whole or not at all, and its steps see each other's writes.
        """
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        self._check_open()
        if self.read_only:
            raise ReadOnlyStorage(
                f"{self.shown} is open read-only"
                + (f" ({self.read_only_reason})" if self.read_only_reason else "")
                + ": this change was not saved."
            )
        with self._writer:
            self._check_open()
            session = self._writes()
            self._local.session = session
            committed = False
            try:
                with _translated(self.shown):
                    # Take the write lock at once: another program writing the file is
                    # found here, before any work is done, not at commit.
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                    yield session
                    self._commit(session)
                committed = True
            except BaseException:
                with contextlib.suppress(Exception):
                    session.rollback()
                raise
            finally:
                self._local.session = None
                with contextlib.suppress(Exception):
                    session.close()
                if committed and self.journal_mode == "wal":
                    self._checkpoint()
                for listener in list(self.after_transaction):
                    listener(committed)

    def _commit(self, session: Session) -> None:
        try:
            session.commit()
        except DBAPIError as error:
            # The last step of a commit is deleting the journal. If another program (a
            # cleaner, a sync client) deleted it first, SQLite says so with this code,
            # but the change is in the file: saying "not saved" would be a lie.
            if getattr(error.orig, "sqlite_errorcode", None) != _IOERR_DELETE_NOENT:
                raise
            log.warning("the journal of %s was deleted by another program", self.shown)

    def _checkpoint(self) -> None:
        # Only for a file another program kept in WAL mode: its edits still go to the
        # .habitus file before the call returns.
        with contextlib.suppress(Exception), self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def in_transaction(self) -> bool:
        """Whether this thread is inside an open transaction."""
        return getattr(self._local, "session", None) is not None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        self._check_open()
        session = self._reads()
        try:
            with _translated(self.shown):
                yield session
        finally:
            with contextlib.suppress(Exception):
                session.rollback()
                session.close()

    @contextmanager
    def writer_held(self) -> Iterator[None]:
        """Hold the writer lock: no write starts until the block ends (backups, copies)."""
        with self._writer:
            self._check_open()
            yield

    def meta(self, key: str) -> str | None:
        with self.reading() as session:
            return session.scalar(select(Meta.value).where(Meta.key == key))

    def set_meta(self, session: Session, key: str, value: str) -> None:
        session.merge(Meta(key=key, value=value))

    def close(self) -> None:
        """Wait for a write in progress, then close; every later call is refused."""
        if self._closed:
            return
        # Hooks run before the writer is taken: a backup may need to hold it itself.
        hooks, self.before_close = list(self.before_close), []
        for hook in hooks:
            try:
                hook()
            except Exception:
                log.exception("closing %s", self.shown)
        with self._writer:
            if self._closed:
                return
            self._closed = True
            self.after_transaction.clear()
            for engine in {self.engine, self.reader}:
                with contextlib.suppress(Exception):
                    engine.dispose()
            if self._lock is not None:
                self._lock.release()
                self._lock = None


# --- checks before opening -----------------------------------------------------------------


def _check_header(path: Path, shown: str) -> bytes:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise NotAProject(f"{shown} does not exist.") from None
    except IsADirectoryError:
        raise NotAProject(f"{shown} is a folder, not a Habitus project.") from None
    except OSError as error:
        raise NotAProject(f"{shown} cannot be read: {error.strerror or error}.") from None
    if not header.startswith(SQLITE_HEADER):
        raise NotAProject(f"{shown} is not a Habitus project (it is not a SQLite database).")
    return header


def _wal_mode(header: bytes) -> bool:
    # Bytes 18 and 19 of the header are the file format's write and read versions: 2 in WAL.
    return len(header) >= 20 and header[18] == 2


def _write_problem(path: Path) -> str | None:
    """Why the file cannot be written here, or None when it can."""
    folder = path.parent
    try:
        fd = os.open(path, os.O_RDWR)
        os.close(fd)
    except OSError as error:
        if error.errno == errno.EROFS:
            return "it is on read-only media"
        return f"it cannot be written: {error.strerror or error}"
    if not os.access(folder, os.W_OK):
        # SQLite writes its journal beside the file.
        return "its folder cannot be written"
    return None


def _recover(path: Path, shown: str, writable: bool) -> None:
    """Roll back what a crash left half-written (a hot journal) before anything reads it.

    A read-only connection cannot do that and would refuse the file, so a short read-write
    connection does it: SQLite checks that no other process is still writing first.
    """
    journal = Path(f"{path}-journal")
    try:
        hot = journal.stat().st_size > 0
    except OSError:
        return
    if not hot:
        return
    if not writable:
        raise NotAProject(
            f"{shown} was not closed cleanly, and the change it was saving can only be "
            "rolled back where the file can be written. Copy it (with the file "
            f"{journal.name} beside it) to a writable disk and open it there."
        )
    connection = sqlite3.connect(_uri(path, "rw"), uri=True)
    try:
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        found = translate(error, shown)
        raise found if found is not None else NotAProject(str(error)) from error
    finally:
        connection.close()


def _peek(path: Path, wal: bool) -> tuple[int, str | None, str | None]:
    """Application id, schema revision and the version that last saved it, read without
    leaving any file behind (a WAL-mode file is read as immutable for that)."""
    has_wal = Path(f"{path}-wal").exists()
    connection = sqlite3.connect(_uri(path, "ro", immutable=wal and not has_wal), uri=True)
    try:
        app_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        if app_id != APPLICATION_ID:
            return app_id, None, None
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        saved_with = None
        if "project_meta" in tables:
            row = connection.execute(
                "SELECT value FROM project_meta WHERE key = 'saved_with'"
            ).fetchone()
            saved_with = row[0] if row else None
        return app_id, revision, saved_with
    finally:
        connection.close()


def backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(
        f"{path.stem}.backup-format{migrate.format_number(revision)}-{stamp}{path.suffix}"
    )


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, whatever journal the source keeps."""
    reader = sqlite3.connect(_uri(source, "ro"), uri=True)
    try:
        copy = sqlite3.connect(_uri(target, "rwc"), uri=True)
        try:
            reader.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        reader.close()


# --- opening -------------------------------------------------------------------------------


def open_database(path: Path, read_only: bool = False) -> Database:
    """Open a project, upgrading an older one after backing it up.

    Refuses, leaving the file untouched and nothing beside it: a missing file, a file that
    is not SQLite or not ours, a file from a newer Habitus, a file already open elsewhere
    for writing (by whatever path). A file that cannot be written here (read-only media,
    no permission, or a file with other names, hard links that would each keep a journal
    of their own) opens read-only, saying why in `read_only_reason`.
    """
    path = Path(path)
    shown = path.name
    real = Path(os.path.realpath(path))
    header = _check_header(real, shown)
    reason: str | None = None
    if not read_only:
        reason = _write_problem(real)
        if reason is None and os.stat(real).st_nlink > 1:
            reason = "the file has other names (hard links); copy it to open it for writing"
        read_only = reason is not None
    lock = None if read_only else ProjectLock.acquire(real, shown)
    try:
        _recover(real, shown, writable=reason is None and _write_problem(real) is None)
        try:
            app_id, revision, saved_with = _peek(real, _wal_mode(header))
        except sqlite3.Error as error:
            raise NotAProject(f"{shown} cannot be read as a Habitus project: {error}") from error
        if app_id != APPLICATION_ID:
            raise NotAProject(f"{shown} is a SQLite database but not a Habitus project.")
        head = migrate.head_revision()
        if revision not in migrate.known_revisions():
            raise NewerProject(
                shown,
                migrate.format_number(revision),
                str(saved_with or "a newer version"),
                migrate.format_number(head),
                __version__,
            )
        if read_only:
            if revision != head:
                raise NotAProject(
                    f"{shown} is in an older project format; open it normally once to "
                    "upgrade it (a backup copy is kept)."
                )
            # A file left in WAL mode by an older Habitus is read as it stands, so that
            # reading it creates no -wal or -shm files beside it.
            immutable = _wal_mode(header) and not Path(f"{real}-wal").exists()
            reader = _engine(lambda: _connect(_uri(real, "ro", immutable)), single=False)
            return Database(path, None, reader, None, reason)
        assert lock is not None
        return _open_for_writing(path, real, revision, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_for_writing(path: Path, real: Path, revision: str | None, lock: ProjectLock) -> Database:
    shown = path.name
    writer = _engine(lambda: _connect(_uri(real, "rw")), single=True)
    reader = _engine(lambda: _connect(_uri(real, "ro")), single=False)
    try:
        with _translated(shown):
            if revision != migrate.head_revision():
                copy_database(real, backup_path(path, revision))
                with writer.begin() as connection:
                    migrate.upgrade(connection)
            with writer.connect() as connection:
                # Older files kept a write-ahead log; their edits move into the file here.
                mode = connection.exec_driver_sql("PRAGMA journal_mode=DELETE").scalar()
        database = Database(path, writer, reader, lock)
        database.journal_mode = str(mode).lower()
        with database.transaction() as session:
            database.set_meta(session, "saved_with", __version__)
        return database
    except BaseException:
        writer.dispose()
        reader.dispose()
        raise


# --- creating ------------------------------------------------------------------------------

_empty_schema: bytes | None = None
_schema_lock = threading.Lock()


def _schema_image() -> bytes:
    """An empty project at the head revision, built by migration once per process."""
    global _empty_schema
    with _schema_lock:
        if _empty_schema is None:
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            engine = create_engine(
                "sqlite+pysqlite://", creator=lambda: connection, poolclass=StaticPool
            )
            conn = engine.connect()
            try:
                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                migrate.upgrade(conn)
                conn.commit()
                # Taken before the connection closes: the upgrade detached it from the pool,
                # so closing it closes the in-memory database too.
                _empty_schema = connection.serialize()
            finally:
                conn.close()
                engine.dispose()
                connection.close()
        return _empty_schema


class DraftDatabase(Database):
    """A new project being built in memory; `publish` writes it to its file in one step."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        engine = create_engine(
            "sqlite+pysqlite://", creator=lambda: connection, poolclass=StaticPool
        )
        super().__init__(path, engine, engine, None)
        self._connection = connection

    def publish(self) -> None:
        """Write the whole project to `path`, which must not exist; a failure (or a kill)
        leaves nothing there."""
        from app.store.atomic_file import write_new_file

        with self.writer_held():
            image = self._connection.serialize()
        write_new_file(self.path, image)

    def close(self) -> None:
        super().close()
        with contextlib.suppress(Exception):
            self._connection.close()


def draft_database(path: Path, name: str | None = None) -> DraftDatabase:
    """An empty project for `path`, in memory until published."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.deserialize(_schema_image())
    connection.execute("PRAGMA foreign_keys=ON")
    draft = DraftDatabase(Path(path), connection)
    now = datetime.now().isoformat(timespec="seconds")
    with draft.transaction() as session:
        draft.set_meta(session, "name", name or Path(path).stem)
        draft.set_meta(session, "created_with", __version__)
        draft.set_meta(session, "saved_with", __version__)
        draft.set_meta(session, "created_at", now)
    return draft


def create_database(path: Path, name: str | None = None) -> Database:
    """A new, empty project file, written whole in one step, then opened."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; open it instead of creating it.")
    draft = draft_database(path, name)
    try:
        draft.publish()
    finally:
        draft.close()
    return open_database(path)
