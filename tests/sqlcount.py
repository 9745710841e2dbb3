"""Counting the SQL statements an action sends to the project file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from app.core.project import Project


@contextmanager
def statements(project: Project) -> Iterator[list[str]]:
    """Every statement executed on the project's engine inside the with-block, in order;
    transaction control (BEGIN IMMEDIATE) is not counted, being no work on the data."""
    seen: list[str] = []

    def record(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _ctx: Any, _many: bool
    ) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(" ".join(statement.split()))

    engine = project.database.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
