"""study records: bibliographic fields, studies without a PDF, groups, exclusion reasons,
typed attributes, imported references

Revision ID: 0004
Revises: 0003
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A new project starts with these; the researcher edits the list.
DEFAULT_REASONS = (
    "Wrong population",
    "Wrong intervention or exposure",
    "Wrong outcomes",
    "Wrong study design",
    "Not a primary study",
    "Full text not available",
)

TEXT_FIELDS = (
    "title",
    "journal",
    "volume",
    "issue",
    "page_range",
    "doi",
    "design",
    "sample",
    "country",
    "setting",
)


def _refuse_cascading_rebuild(bind: sa.engine.Connection) -> None:
    # Rebuilding `studies` drops the old copy; with foreign keys on, that would cascade into
    # every page, passage and coding. app.store.migrate turns them off first; if it could
    # not, stop here rather than lose anything.
    fk_on = bind.exec_driver_sql("PRAGMA foreign_keys").scalar()
    has_rows = bind.exec_driver_sql("SELECT count(*) FROM studies").scalar()
    if fk_on and has_rows:
        raise RuntimeError("studies cannot be rebuilt while foreign keys are enforced")


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "exclusion_reasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exclusion_reasons")),
        sa.UniqueConstraint("name", name=op.f("uq_exclusion_reasons_name")),
    )
    op.create_table(
        "study_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_groups")),
        sa.UniqueConstraint("guid", name=op.f("uq_study_groups_guid")),
        sa.UniqueConstraint("name", name=op.f("uq_study_groups_name")),
    )
    op.create_table(
        "group_members",
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["study_groups.id"],
            name=op.f("fk_group_members_group_id_study_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["studies.id"],
            name=op.f("fk_group_members_study_id_studies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("study_id", "group_id", name=op.f("pk_group_members")),
    )
    with op.batch_alter_table("group_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_members_group_id"), ["group_id"], unique=False)
    op.create_table(
        "attribute_defs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("choices", sa.Text(), server_default="[]", nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('text', 'number', 'date', 'choice')", name=op.f("ck_attribute_defs_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attribute_defs")),
        sa.UniqueConstraint("guid", name=op.f("uq_attribute_defs_guid")),
        sa.UniqueConstraint("name", name=op.f("uq_attribute_defs_name")),
    )
    op.create_table(
        "reference_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("duplicate", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["studies.id"],
            name=op.f("fk_reference_records_study_id_studies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_records")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_reference_records_fingerprint")),
    )
    with op.batch_alter_table("reference_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_records_study_id"), ["study_id"], unique=False
        )

    # Reasons: the defaults, then any reason typed before there was a list.
    reasons = sa.table("exclusion_reasons", sa.column("name"), sa.column("position"))
    typed = [
        row[0]
        for row in bind.execute(
            sa.text(
                "SELECT DISTINCT trim(screening_reason) FROM studies "
                "WHERE trim(screening_reason) != '' ORDER BY 1"
            )
        )
    ]
    names = list(dict.fromkeys([*DEFAULT_REASONS, *typed]))
    op.bulk_insert(reasons, [{"name": n, "position": i} for i, n in enumerate(names)])

    # Groups: each distinct group a study was put in becomes a group of its own.
    groups = [
        row[0]
        for row in bind.execute(
            sa.text(
                "SELECT DISTINCT trim(study_group) FROM studies "
                "WHERE trim(study_group) != '' ORDER BY 1"
            )
        )
    ]
    for position, name in enumerate(groups):
        bind.execute(
            sa.text(
                "INSERT INTO study_groups (guid, name, position) VALUES (:guid, :name, :position)"
            ),
            {"guid": str(uuid.uuid4()), "name": name, "position": position},
        )
    bind.execute(
        sa.text(
            "INSERT INTO group_members (study_id, group_id) "
            "SELECT s.id, g.id FROM studies s JOIN study_groups g ON g.name = trim(s.study_group)"
        )
    )

    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exclusion_reason_id", sa.Integer(), nullable=True))
    bind.execute(
        sa.text(
            "UPDATE studies SET exclusion_reason_id = (SELECT r.id FROM exclusion_reasons r "
            "WHERE r.name = trim(studies.screening_reason)) WHERE trim(screening_reason) != ''"
        )
    )
    bind.execute(
        sa.text("UPDATE studies SET screening = 'unscreened' WHERE screening = 'undecided'")
    )

    _refuse_cascading_rebuild(bind)
    with op.batch_alter_table("studies", schema=None, recreate="always") as batch_op:
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column(
            "filename", existing_type=sa.Text(), server_default="", existing_nullable=False
        )
        batch_op.alter_column(
            "page_count", existing_type=sa.Integer(), server_default="0", existing_nullable=False
        )
        batch_op.alter_column(
            "screening",
            existing_type=sa.String(length=16),
            server_default="unscreened",
            existing_nullable=False,
        )
        batch_op.drop_column("screening_reason")
        batch_op.drop_column("study_group")
        batch_op.create_foreign_key(
            batch_op.f("fk_studies_exclusion_reason_id_exclusion_reasons"),
            "exclusion_reasons",
            ["exclusion_reason_id"],
            ["id"],
        )
        batch_op.add_column(sa.Column("authors", sa.Text(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("year", sa.Integer(), nullable=True))
        for name in TEXT_FIELDS:
            batch_op.add_column(sa.Column(name, sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("sample_size", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("guessed", sa.Text(), server_default="[]", nullable=False))

    # Attributes: every name used so far becomes a text attribute.
    with op.batch_alter_table("study_attributes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attribute_id", sa.Integer(), nullable=True))
    names = [
        row[0]
        for row in bind.execute(sa.text("SELECT DISTINCT name FROM study_attributes ORDER BY 1"))
    ]
    for position, name in enumerate(names):
        bind.execute(
            sa.text(
                "INSERT INTO attribute_defs (guid, name, kind, choices, position) "
                "VALUES (:guid, :name, 'text', '[]', :position)"
            ),
            {"guid": str(uuid.uuid4()), "name": name, "position": position},
        )
    bind.execute(
        sa.text(
            "UPDATE study_attributes SET attribute_id = "
            "(SELECT d.id FROM attribute_defs d WHERE d.name = study_attributes.name)"
        )
    )
    with op.batch_alter_table("study_attributes", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint("uq_study_attributes_study_id", type_="unique")
        batch_op.drop_column("name")
        batch_op.alter_column("attribute_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_study_attributes_study_id"), ["study_id", "attribute_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_study_attributes_attribute_id_attribute_defs"),
            "attribute_defs",
            ["attribute_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(
            batch_op.f("ix_study_attributes_attribute_id"), ["attribute_id"], unique=False
        )


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("study_attributes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.Text(), server_default="", nullable=False))
    bind.execute(
        sa.text(
            "UPDATE study_attributes SET name = "
            "(SELECT d.name FROM attribute_defs d WHERE d.id = study_attributes.attribute_id)"
        )
    )
    with op.batch_alter_table("study_attributes", schema=None, recreate="always") as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_attributes_attribute_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_study_attributes_attribute_id_attribute_defs"), type_="foreignkey"
        )
        batch_op.drop_constraint("uq_study_attributes_study_id", type_="unique")
        batch_op.drop_column("attribute_id")
        batch_op.create_unique_constraint("uq_study_attributes_study_id", ["study_id", "name"])

    with op.batch_alter_table("studies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("screening_reason", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("study_group", sa.Text(), server_default="", nullable=False))
    bind.execute(
        sa.text(
            "UPDATE studies SET screening_reason = coalesce((SELECT r.name FROM "
            "exclusion_reasons r WHERE r.id = studies.exclusion_reason_id), '')"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE studies SET study_group = coalesce((SELECT group_concat(g.name, '; ') "
            "FROM group_members m JOIN study_groups g ON g.id = m.group_id "
            "WHERE m.study_id = studies.id), '')"
        )
    )
    bind.execute(
        sa.text("UPDATE studies SET screening = 'undecided' WHERE screening = 'unscreened'")
    )
    _refuse_cascading_rebuild(bind)
    with op.batch_alter_table("studies", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_studies_exclusion_reason_id_exclusion_reasons"), type_="foreignkey"
        )
        for name in ("exclusion_reason_id", "authors", "year", *TEXT_FIELDS, "sample_size"):
            batch_op.drop_column(name)
        batch_op.drop_column("guessed")
        batch_op.alter_column(
            "screening",
            existing_type=sa.String(length=16),
            server_default="undecided",
            existing_nullable=False,
        )
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
    op.drop_table("reference_records")
    op.drop_table("attribute_defs")
    op.drop_table("group_members")
    op.drop_table("study_groups")
    op.drop_table("exclusion_reasons")
