"""index factors by parent: deleting or undoing thousands of factors stays linear

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite looks up a deleted factor's children (ON DELETE SET NULL) by parent_id; without
    # an index each delete scans every factor.
    op.create_index("ix_codes_parent_id", "codes", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_codes_parent_id", table_name="codes")
