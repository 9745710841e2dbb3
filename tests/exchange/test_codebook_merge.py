"""Merging a codebook as one step: it writes as it goes, stopped midway it leaves nothing,
and undone it takes back exactly what it added."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.codebook_import import (
    codebook_state,
    merge_codebook,
    merge_undoable,
    reapply_codebook,
    revert_codebook,
)
from app.core.project import Project
from app.core.types import CodebookCode, CodebookData
from app.exchange.codebook_files import read_codebook_for_import
from app.exchange.errors import Cancelled


def _codebook(size: int, name: str = "Sheet") -> CodebookData:
    return CodebookData(
        codes=[
            CodebookCode(
                f"{name} factor {n}",
                themes=[f"{name} theme {n % 3}"],
                children=[CodebookCode(f"{name} sub {n}")] if n % 10 == 0 else [],
            )
            for n in range(size)
        ],
        framework_name=name,
    )


def _stored(project: Project) -> dict[str, set[tuple[object, ...]]]:
    """Factors, frameworks, themes, links and definitions, as the file holds them."""
    return {
        "codes": {
            (c.id, c.guid, c.name, c.definition, c.colour, c.parent_id, c.position)
            for c in project.codebook.list()
        },
        "frameworks": {(f.id, f.name) for f in project.frameworks.list()},
        "themes": {(t.id, t.framework_id, t.name) for t in project.frameworks.themes()},
        "links": {
            (code_id, theme_id)
            for code_id, theme_ids in project.frameworks.mapping().items()
            for theme_id in theme_ids
        },
    }


def test_the_factors_are_written_as_the_merge_goes(project: Project) -> None:
    seen: list[tuple[int, int, int]] = []
    existing = len(project.codebook.list())

    def progress(done: int, total: int) -> None:
        # On the merge's own thread, reads see what its transaction has written so far.
        seen.append((done, total, len(project.codebook.list()) - existing))

    merge_codebook(project, _codebook(5000), "sheet.csv", progress)

    total = 5000 + 500
    assert [done for done, _, _ in seen] == [*range(1000, total, 1000), total]
    assert all(of == total for _, of, _ in seen)
    # At most one batch waits to be written at any report; all is written at the last.
    assert all(written >= done - 2000 for done, _, written in seen)
    assert seen[-1][2] == total


def test_an_exception_from_progress_stops_the_merge_and_leaves_the_project_as_it_was(
    project: Project,
) -> None:
    project.codebook.add("Trust")
    before = _stored(project)
    heard: list[int] = []

    def stop_midway(done: int, _total: int) -> None:
        heard.append(done)
        if done == 3000:
            raise Cancelled()

    with pytest.raises(Cancelled):
        merge_codebook(project, _codebook(5000), "sheet.csv", stop_midway)

    assert heard[-1] == 3000
    assert _stored(project) == before
    with Project.open(project.path, read_only=True) as reader:
        assert _stored(reader) == before


def test_even_at_the_last_report_a_stop_writes_nothing(project: Project) -> None:
    before = _stored(project)

    def stop_at_the_end(done: int, total: int) -> None:
        if done == total:
            raise Cancelled()

    with pytest.raises(Cancelled):
        merge_codebook(project, _codebook(1500), "sheet.csv", stop_at_the_end)
    assert _stored(project) == before


def test_undo_takes_back_what_the_import_added_and_nothing_added_after_it(
    project: Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "draft.csv"
    sheet.write_text(
        "factor;definition;themes\n"
        "Trust;Belief in providers;Relational\n"
        "Education;Degrees held;Relational\n",
        encoding="utf-8",
    )
    education = project.codebook.find("Education")
    assert education is not None
    project.codebook.update(education.id, definition="")
    original = _stored(project)

    merged = merge_undoable(project, read_codebook_for_import(sheet), sheet.name)
    imported = _stored(project)
    assert merged.before.codes < merged.after.codes
    assert project.codebook.get(education.id).definition == "Degrees held"
    # Written later, by something that is not on the undo stack (another import).
    later = project.codebook.add("Written later")

    taken = revert_codebook(project, merged.before, merged.after)

    assert project.codebook.find("Trust") is None
    assert project.codebook.find("Written later") == later
    assert project.codebook.get(education.id).definition == ""
    kept = (later.id, later.guid, later.name, "", later.colour, None, later.position)
    reverted = _stored(project)
    assert reverted == {**original, "codes": original["codes"] | {kept}}

    reapply_codebook(project, taken)
    assert _stored(project) == {**imported, "codes": imported["codes"] | {kept}}


def test_without_an_after_state_undo_takes_back_everything_since(project: Project) -> None:
    before = codebook_state(project)
    merge_codebook(project, _codebook(20), "sheet.csv")
    project.codebook.add("Written later")
    revert_codebook(project, before)
    assert project.codebook.find("Written later") is None
