"""One file, one writer, whatever the path: locks, copies, refusals and closed projects."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from app.store import database as database_module
from app.store.database import create_database, open_database
from app.store.errors import (
    NewerProject,
    ProjectBusy,
    ProjectClosed,
    ProjectLocked,
    ReadOnlyStorage,
)
from app.store.models import Code


def _codes(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM codes ORDER BY id")]
    finally:
        connection.close()


def _add(database: database_module.Database, name: str) -> None:
    with database.transaction() as session:
        session.add(Code(name=name, colour="#112233"))


def test_a_symlink_to_an_open_project_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    first = create_database(path)
    link = tmp_path / "shortcut.habitus"
    link.symlink_to(path)
    with pytest.raises(ProjectLocked, match=r"shortcut\.habitus is already open"):
        open_database(link)
    first.close()
    through_link = open_database(link)
    _add(through_link, "Education")
    through_link.close()
    assert _codes(path) == ["Education"]


def test_a_hard_link_opens_read_only_and_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    create_database(path).close()
    other = tmp_path / "other-name.habitus"
    os.link(path, other)
    database = open_database(other)
    assert database.read_only
    assert database.read_only_reason is not None and "hard links" in database.read_only_reason
    with pytest.raises(ReadOnlyStorage, match="hard links"):
        _add(database, "Education")
    database.close()
    assert _codes(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-name.habitus", "review.habitus"]


def test_a_copy_of_the_project_file_alone_holds_every_committed_edit(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    database = create_database(path)
    for number in range(30):
        _add(database, f"Factor {number}")
    # What a backup or sync program does while the window is open: copy the one file.
    copy = tmp_path / "copy.habitus"
    shutil.copyfile(path, copy)
    assert len(_codes(copy)) == 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.habitus", "review.habitus"]
    database.close()


def test_a_refused_open_leaves_nothing_beside_the_project(tmp_path: Path) -> None:
    path = tmp_path / "future.habitus"
    create_database(path).close()
    connection = sqlite3.connect(path)
    # As an older Habitus left it: in WAL mode, then written by a newer one.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.habitus"]
    for read_only in (False, True):
        with pytest.raises(NewerProject):
            open_database(path, read_only=read_only)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["future.habitus"]


def test_reading_a_project_leaves_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    create_database(path).close()
    reader = open_database(path, read_only=True)
    assert reader.meta("name") == "review"
    reader.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.habitus"]


def test_a_project_on_read_only_media_opens_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "review.habitus"
    database = create_database(path)
    _add(database, "Education")
    database.close()
    monkeypatch.setattr(database_module, "_write_problem", lambda _p: "it is on read-only media")
    opened = open_database(path)
    assert opened.read_only and opened.read_only_reason == "it is on read-only media"
    assert opened.meta("name") == "review"
    with pytest.raises(ReadOnlyStorage, match="read-only media"):
        _add(opened, "Income")
    opened.close()


def test_names_with_url_characters_open_and_read(tmp_path: Path) -> None:
    path = tmp_path / "review #2? 100%.habitus"
    database = create_database(path)
    _add(database, "Education")
    database.close()
    reader = open_database(path, read_only=True)
    assert reader.meta("name") == "review #2? 100%"
    reader.close()
    assert _codes(path) == ["Education"]


def test_a_new_project_appears_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "review.habitus"

    def fail(_path: Path, _data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.store.atomic_file.write_new_file", fail)
    with pytest.raises(OSError):
        create_database(path)
    assert list(tmp_path.iterdir()) == []


def test_a_closed_database_refuses_reads_and_writes(tmp_path: Path) -> None:
    database = create_database(tmp_path / "review.habitus")
    database.close()
    with pytest.raises(ProjectClosed, match=r"review\.habitus has been closed"):
        database.meta("name")
    with pytest.raises(ProjectClosed):
        _add(database, "Education")
    database.close()  # closing twice is harmless


def test_a_late_writer_thread_cannot_write_after_close(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    database = create_database(path)
    closed = threading.Event()
    outcome: list[BaseException] = []

    def late_render_task() -> None:
        closed.wait()
        try:
            _add(database, "written after close")
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=late_render_task)
    thread.start()
    database.close()
    closed.set()
    thread.join()
    assert len(outcome) == 1 and isinstance(outcome[0], ProjectClosed)
    assert _codes(path) == []


def test_writes_from_other_threads_wait_for_the_one_writer(tmp_path: Path) -> None:
    database = create_database(tmp_path / "review.habitus")
    taken: list[bool] = []
    with database.transaction() as session:
        session.add(Code(name="Education", colour="#112233"))
        other = threading.Thread(target=lambda: taken.append(database._writer.acquire(False)))
        other.start()
        other.join()
    assert taken == [False]
    database.close()


def test_a_file_held_by_another_program_gives_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 20)
    path = tmp_path / "review.habitus"
    database = create_database(path)
    intruder = sqlite3.connect(path, isolation_level=None)
    intruder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProjectBusy, match=r"Another program is holding review\.habitus"):
            _add(database, "Education")
    finally:
        intruder.execute("ROLLBACK")
        intruder.close()
    _add(database, "Income")
    database.close()
    assert _codes(path) == ["Income"]


CRASH_MID_COMMIT = """
import os, signal, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA cache_size=1")  # spill pages into the file before the commit
connection.execute("BEGIN IMMEDIATE")
for number in range(200):
    connection.execute(
        "INSERT INTO codes (guid, name, definition, colour, position, created_at) "
        "VALUES (?, ?, ?, '#112233', 0, 'now')",
        (f"guid-{number}", f"Half-saved {number}", "x" * 2000),
    )
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("read_only", [False, True])
def test_a_project_killed_mid_commit_opens_as_it_was_before(
    tmp_path: Path, read_only: bool
) -> None:
    import subprocess
    import sys

    path = tmp_path / "review.habitus"
    database = create_database(path)
    _add(database, "Education")
    database.close()
    script = tmp_path / "crash.py"
    script.write_text(CRASH_MID_COMMIT)
    subprocess.run([sys.executable, str(script), str(path)], check=False)
    assert (tmp_path / "review.habitus-journal").stat().st_size > 0  # left hot by the kill

    reopened = open_database(path, read_only=read_only)
    reopened.close()
    assert _codes(path) == ["Education"]
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_a_journal_deleted_by_another_program_mid_commit_is_no_false_alarm(
    tmp_path: Path,
) -> None:
    path = tmp_path / "review.habitus"
    database = create_database(path)
    with database.transaction() as session:
        session.add(Code(name="Education", colour="#112233"))
        session.flush()
        (tmp_path / "review.habitus-journal").unlink()  # a cleaner or a sync client
    database.close()
    assert _codes(path) == ["Education"]
