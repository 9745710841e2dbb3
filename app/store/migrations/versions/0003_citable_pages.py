"""citable pages: viewer labels, printed numbers, page furniture, unreadable glyphs, checks

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("printed", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("furniture", sa.Text(), server_default="[]", nullable=False))
        batch_op.add_column(
            sa.Column("unreadable", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("studies", schema=None) as batch_op:
        # Studies imported before this revision keep the text they were coded on (layer 1).
        batch_op.add_column(
            sa.Column("text_layer", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.add_column(sa.Column("first_printed", sa.Integer(), nullable=True))
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_check", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_column("text_check")
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.drop_column("first_printed")
        batch_op.drop_column("text_layer")
    with op.batch_alter_table("pages", schema=None) as batch_op:
        batch_op.drop_column("unreadable")
        batch_op.drop_column("furniture")
        batch_op.drop_column("printed")
        batch_op.drop_column("label")
