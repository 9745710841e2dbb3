"""Schema versions: which revision a file is at, and bringing it to ours."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
# Revision files are named after their revision id, "0001_initial.py": knowing the versions
# needs no Alembic import, which keeps opening a project (and every CLI call) quick.
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def known_revisions() -> set[str]:
    return {
        match.group(1)
        for path in (MIGRATIONS / "versions").iterdir()
        if (match := _REVISION_FILE.match(path.name))
    }


def head_revision() -> str:
    return max(known_revisions())


def current_revision(connection: Connection) -> str | None:
    has_table = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).scalar()
    if not has_table:
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(connection: Connection, target: str = "head") -> None:
    from alembic import command

    # SQLite alters a table by copying it and dropping the original; with foreign keys on,
    # dropping a parent table (studies) cascades into its children. The pragma only takes
    # effect outside a transaction, so it is set before the first write; a migration that
    # rebuilds a parent checks that it took (see 0004).
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    command.upgrade(alembic_config(connection), target)
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the upgrade left {len(broken)} dangling references; not saved")
    # Foreign keys cannot be turned back on inside the transaction: this connection must not
    # be handed out again with them off, so it leaves the pool once closed.
    connection.detach()


def format_number(revision: str | None) -> str:
    """Revisions are numbered 0001, 0002...: the project format users see is that number."""
    if revision is None:
        return "0"
    return revision.lstrip("0") or "0"


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """What comparing the models with a file looks at: not the FTS5 search index (a virtual
    table and its shadow tables, made by migration 0005 and not modelled)."""
    return not (type_ == "table" and name is not None and name.startswith("search_fts"))
