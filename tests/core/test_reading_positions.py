"""Reading positions are kept per study in the project file, and the last one read is known."""

from __future__ import annotations

from app.core.project import Project


def test_positions_are_kept_per_study_and_the_last_study_read_is_known(imported: Project) -> None:
    alpha, beta, _ = (s.id for s in imported.studies.list())
    assert imported.reading.get(alpha) is None and imported.reading.last_study() is None
    changes = []
    imported.on_change(changes.append)
    assert imported.reading.set(alpha, 1, 120.5)
    assert imported.reading.set(beta, 0, 30.0)
    assert imported.reading.set(alpha, 1, 200.0)
    got = imported.reading.get(alpha)
    assert got is not None and (got.page, got.top) == (1, 200.0)
    assert imported.reading.last_study() == alpha
    assert [c.kinds for c in changes] == [frozenset({"reading"})] * 3
    assert changes[0].study_id == alpha
    assert not imported.reading.set(9999, 0, 0.0)  # a study that is not there: nothing kept


def test_a_read_only_project_reads_positions_but_keeps_none(imported: Project) -> None:
    alpha = imported.studies.list()[0].id
    imported.reading.set(alpha, 1, 50.0)
    with Project.open(imported.path, read_only=True) as reader:
        kept = reader.reading.get(alpha)
        assert kept is not None and kept.page == 1
        assert not reader.reading.set(alpha, 0, 0.0)
    still = imported.reading.get(alpha)
    assert still is not None and still.page == 1
