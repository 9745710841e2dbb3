"""Making a project file refuse writes for a while, the way a read-only disk does."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.core.project import Project


@contextmanager
def refusing_writes(project: Project) -> Iterator[None]:
    """SQLite's own refusal ("attempt to write a readonly database") for every write."""
    with project.database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA query_only=ON")
    try:
        yield
    finally:
        with project.database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA query_only=OFF")


def file_state(path: Path) -> dict[str, Any]:
    """What the file holds, read straight from SQLite: factors, passages, codings, memos."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        codes = {
            row[0]: (row[1], row[2], row[3])
            for row in connection.execute("SELECT id, guid, name, parent_id FROM codes")
        }
        passages: dict[int, tuple[str, dict[int, tuple[int, str]]]] = {
            row[0]: (row[1], {}) for row in connection.execute("SELECT id, guid FROM passages")
        }
        for coding_id, guid, passage_id, code_id in connection.execute(
            "SELECT id, guid, passage_id, code_id FROM codings"
        ):
            passages[passage_id][1][code_id] = (coding_id, guid)
        memos = {
            row[0]: row[1]
            for row in connection.execute(
                "SELECT passage_id, text FROM memos WHERE passage_id IS NOT NULL"
            )
        }
        return {"codes": codes, "passages": passages, "memos": memos}
    finally:
        connection.close()
