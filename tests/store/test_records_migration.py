"""Upgrading a project of format 3 to study records keeps every page, passage and coding."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from app.store import migrate
from app.store.database import APPLICATION_ID, open_database

ROWS = [
    "INSERT INTO studies (id, guid, name, filename, sha256, page_count, position, imported_at,"
    " screening, screening_reason, study_group) VALUES"
    " (1, 'g1', 'Hall 2021', 'hall.pdf', 'abc', 1, 0, 'now', 'excluded', 'Wrong setting', 'a'),"
    " (2, 'g2', 'Ortiz 2020', 'ortiz.pdf', 'def', 1, 1, 'now', 'undecided', '', '')",
    "INSERT INTO pdf_blobs (study_id, data) VALUES (1, x'25504446'), (2, x'25504446')",
    "INSERT INTO pages (study_id, page_index, width, height, rotation, text, text_status)"
    " VALUES (1, 0, 612, 792, 0, 'Parents with a degree', 'ok'),"
    " (2, 0, 612, 792, 0, 'Income', 'ok')",
    "INSERT INTO codes (id, guid, name, definition, colour, position, created_at)"
    " VALUES (1, 'c1', 'Education', '', '#112233', 0, 'now')",
    "INSERT INTO passages (id, guid, study_id, kind, start_page, start_offset, end_page,"
    " end_offset, quote, boxes, pdf_sha256, created_at)"
    " VALUES (1, 'p1', 1, 'text', 0, 0, 0, 7, 'Parents', '[]', 'abc', 'now')",
    "INSERT INTO codings (guid, passage_id, code_id, created_at) VALUES ('k1', 1, 1, 'now')",
    "INSERT INTO memos (passage_id, text, updated_at) VALUES (1, 'why', 'now')",
    "INSERT INTO study_attributes (study_id, name, value) VALUES (1, 'Country', 'Australia')",
]


def test_a_format_3_project_keeps_its_codings_and_moves_reasons_groups_and_attributes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.habitus"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
        migrate.upgrade(connection, "0003")
        for row in ROWS:
            connection.execute(text(row))
    engine.dispose()

    database = open_database(path)
    with database.engine.connect() as connection:
        q = connection.exec_driver_sql
        counts = [
            q(f"SELECT count(*) FROM {table}").scalar()
            for table in ("pages", "passages", "codings", "memos", "pdf_blobs")
        ]
        studies = q(
            "SELECT s.name, s.screening, r.name, s.sha256 FROM studies s "
            "LEFT JOIN exclusion_reasons r ON r.id = s.exclusion_reason_id ORDER BY s.id"
        ).all()
        groups = q(
            "SELECT m.study_id, g.name FROM group_members m "
            "JOIN study_groups g ON g.id = m.group_id"
        ).all()
        attributes = q(
            "SELECT a.study_id, d.name, d.kind, a.value FROM study_attributes a "
            "JOIN attribute_defs d ON d.id = a.attribute_id"
        ).all()
        foreign_keys = q("PRAGMA foreign_keys").scalar()
        reasons = [row[0] for row in q("SELECT name FROM exclusion_reasons ORDER BY position")]
    database.close()

    assert counts == [2, 1, 1, 1, 2]
    assert studies == [
        ("Hall 2021", "excluded", "Wrong setting", "abc"),
        ("Ortiz 2020", "unscreened", None, "def"),
    ]
    assert groups == [(1, "a")]
    assert attributes == [(1, "Country", "text", "Australia")]
    assert "Wrong study design" in reasons
    # The connection the upgrade ran on (foreign keys off) never comes back from the pool.
    assert foreign_keys == 1
