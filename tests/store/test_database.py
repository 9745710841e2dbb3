"""The project file: created, reopened, upgraded with a backup, refused when not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, text

from app.store import migrate
from app.store.database import APPLICATION_ID, create_database, open_database
from app.store.errors import NewerProject, NotAProject, ProjectLocked, StorageFull
from app.store.models import Base, Code, Study


def test_a_new_project_reopens_with_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "review.habitus"
    database = create_database(path)
    with database.transaction() as session:
        session.add(Code(name="Education", colour="#112233"))
    database.close()

    reopened = open_database(path)
    with reopened.reading() as session:
        names = [code.name for code in session.query(Code).all()]
    reopened.close()
    assert names == ["Education"]
    assert not (tmp_path / "review.habitus.lock").exists()


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    database = create_database(tmp_path / "p.habitus")
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": migrate.include_name}
        )
        diffs = compare_metadata(context, Base.metadata)
    database.close()
    assert diffs == []


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    database = create_database(tmp_path / "p.habitus")
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # A rollback journal: committed edits live in the .habitus file itself.
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "delete"
    database.close()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.habitus"
    path.write_text("just some notes")
    with pytest.raises(NotAProject, match="not a SQLite database"):
        open_database(path)
    assert path.read_text() == "just some notes"


def test_a_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.habitus"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(NotAProject, match="not a Habitus project"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_from_a_newer_habitus_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.habitus"
    create_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.execute("UPDATE project_meta SET value = '9.0' WHERE key = 'saved_with'")
    connection.commit()
    connection.close()
    before = path.read_bytes()

    with pytest.raises(NewerProject) as caught:
        open_database(path)
    message = str(caught.value)
    assert "Habitus 9.0" in message and "format 99" in message
    assert f"format {migrate.format_number(migrate.head_revision())}" in message
    assert path.read_bytes() == before
    assert list(tmp_path.glob("future.backup-*")) == []


def test_an_older_project_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.habitus"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
        migrate.upgrade(connection, "0001")
        connection.execute(
            text(
                "INSERT INTO studies (guid, name, filename, sha256, page_count, position, "
                "imported_at) VALUES ('g', 'Hall 2021', 'hall.pdf', 'abc', 3, 0, 'now')"
            )
        )
    engine.dispose()

    database = open_database(path)
    with database.reading() as session:
        study = session.query(Study).one()
        name, screening = study.name, study.screening
    with database.engine.connect() as connection:
        revision = migrate.current_revision(connection)
    database.close()

    assert revision == migrate.head_revision()
    assert (name, screening) == ("Hall 2021", "unscreened")
    backups = list(tmp_path.glob("old.backup-format1-*.habitus"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert backup.execute("SELECT name FROM studies").fetchone() == ("Hall 2021",)
    backup.close()


def test_a_second_opening_is_refused_while_the_first_is_open(tmp_path: Path) -> None:
    path = tmp_path / "p.habitus"
    first = create_database(path)
    with pytest.raises(ProjectLocked, match="already open"):
        open_database(path)
    reader = open_database(path, read_only=True)
    assert reader.meta("name") == "p"
    reader.close()
    first.close()
    open_database(path).close()


def test_a_full_disk_rolls_back_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "p.habitus"
    database = create_database(path)
    with database.engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar()
    # Cap the file at its current size on every new connection: the next big write fails.
    from sqlalchemy import event

    @event.listens_for(database.engine, "connect")
    def cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    database.engine.dispose()
    with pytest.raises(StorageFull, match="disk"), database.transaction() as session:
        session.add(Code(name="A" * 200_000, colour="#000000"))
    database.close()

    reopened = open_database(path)
    with reopened.reading() as session:
        assert session.query(Code).count() == 0
    reopened.close()


def test_revision_files_are_named_after_their_alembic_revisions() -> None:
    scripts = migrate.scripts()
    assert {script.revision for script in scripts.walk_revisions()} == migrate.known_revisions()
    assert scripts.get_current_head() == migrate.head_revision()


def test_a_large_write_lets_readers_in_until_it_commits(tmp_path: Path) -> None:
    """Ten megabytes written in one transaction (five times SQLite's default page cache)
    still leave the file readable by others until the commit."""
    import threading

    path = tmp_path / "p.habitus"
    database = create_database(path)
    written, go = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            with database.transaction() as session:
                session.execute(
                    insert(Code),
                    [
                        {"name": f"Factor {n}", "colour": "#000000", "definition": "d" * 5000}
                        for n in range(2000)
                    ],
                )
                written.set()
                go.wait()
        except BaseException as error:
            failures.append(error)
            written.set()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert written.wait(60)
        # No waiting: a reader that finds the file locked fails at once.
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0)
        try:
            assert reader.execute("SELECT count(*) FROM codes").fetchone() == (0,)
        finally:
            reader.close()
    finally:
        go.set()
        writer.join()
    assert failures == []
    with database.reading() as session:
        assert session.query(Code).count() == 2000
    database.close()
