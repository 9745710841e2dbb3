"""search index: every page's searchable text, an FTS5 index over it, and indexes that
cover each passage's study and extent

Revision ID: 0005
Revises: 0004

The index is derived from `pages` and rebuilt by Habitus whenever it is missing or out of
date, so an SQLite built without FTS5 gets the table but no index (search then reads every
page instead).

`search_source` is what FTS5 indexes: each text twice, as it is ("self-management" gives
"self" and "management") and with hyphens taken out ("selfmanagement", and "bur- den" from a
line-end hyphen as "burden"), so that a word is found whichever way a compound is broken.
The triggers keep the index in step with `search_text`, whose rows go with their pages.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HYPHENS = ("-", "\u2010", "\u2011")


def _joined(column: str) -> str:
    expression = column
    for hyphen in HYPHENS:
        expression = f"replace(replace({expression}, '{hyphen} ', ''), '{hyphen}', '')"
    return expression


def _values(prefix: str) -> str:
    return (
        f"{prefix}.page_id, {prefix}.body, {_joined(prefix + '.body')}, "
        f"{prefix}.seam, {_joined(prefix + '.seam')}"
    )


COLUMNS = "rowid, split, joined, seam_split, seam_joined"
FTS_STATEMENTS = (
    "CREATE VIEW search_source AS SELECT page_id, body AS split, "
    f"{_joined('body')} AS joined, seam AS seam_split, {_joined('seam')} AS seam_joined "
    "FROM search_text",
    "CREATE VIRTUAL TABLE search_fts USING fts5(split, joined, seam_split, seam_joined, "
    "content='search_source', content_rowid='page_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN "
    f"INSERT INTO search_fts({COLUMNS}) VALUES ({_values('new')}); END",
    "CREATE TRIGGER search_text_ad AFTER DELETE ON search_text BEGIN "
    f"INSERT INTO search_fts(search_fts, {COLUMNS}) VALUES ('delete', {_values('old')}); END",
    "CREATE TRIGGER search_text_au AFTER UPDATE ON search_text BEGIN "
    f"INSERT INTO search_fts(search_fts, {COLUMNS}) VALUES ('delete', {_values('old')}); "
    f"INSERT INTO search_fts({COLUMNS}) VALUES ({_values('new')}); END",
)


def _has_fts5() -> bool:
    connection = op.get_bind()
    try:
        connection.exec_driver_sql("CREATE VIRTUAL TABLE temp._habitus_fts5_probe USING fts5(x)")
    except sa.exc.OperationalError:
        return False
    connection.exec_driver_sql("DROP TABLE temp._habitus_fts5_probe")
    return True


def upgrade() -> None:
    op.create_table(
        "search_text",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("seam", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"], ["pages.id"], name=op.f("fk_search_text_page_id_pages"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("page_id", name=op.f("pk_search_text")),
    )
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.create_index("ix_passages_id_study", ["id", "study_id"], unique=False)
        batch_op.create_index(
            "ix_passages_extent",
            ["study_id", "start_page", "start_offset", "end_page", "end_offset", "kind"],
            unique=False,
        )
    if _has_fts5():
        for statement in FTS_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_index("ix_passages_extent")
        batch_op.drop_index("ix_passages_id_study")
    for name in ("search_text_au", "search_text_ad", "search_text_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP VIEW IF EXISTS search_source")
    op.drop_table("search_text")
