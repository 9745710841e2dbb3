"""study screening: decision, reason, group

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("screening", sa.String(length=16), server_default="undecided", nullable=False)
        )
        batch_op.add_column(
            sa.Column("screening_reason", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("study_group", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.drop_column("study_group")
        batch_op.drop_column("screening_reason")
        batch_op.drop_column("screening")
