"""reading positions per study; why a study's pages cannot be drawn

Revision ID: 0008
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reading_positions",
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("top", sa.Float(), nullable=False),
        sa.Column("read_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["studies.id"],
            name=op.f("fk_reading_positions_study_id_studies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("study_id", name=op.f("pk_reading_positions")),
    )
    with op.batch_alter_table("studies", schema=None) as batch_op:
        # NULL: not known (imported before this revision); "": drawn fine; else the reason.
        batch_op.add_column(sa.Column("drawing_problem", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.drop_column("drawing_problem")
    op.drop_table("reading_positions")
