"""Codebooks of any depth and size: read, merged and taken back in one pass each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event

from app.cli import main
from app.core.codebook_import import merge_codebook
from app.core.project import Project
from app.core.types import CodebookCode, CodebookData
from app.exchange.codebook_files import read_codebook_for_import
from app.exchange.qdc import write_qdc

DEPTH = 1500


def _chain(depth: int) -> CodebookData:
    root = CodebookCode("Level 0", themes=["Deep"])
    current = root
    for level in range(1, depth):
        child = CodebookCode(f"Level {level}")
        current.children.append(child)
        current = child
    return CodebookData(codes=[root], framework_name="Deep")


def test_a_codebook_nested_1500_levels_deep_goes_in_and_out(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.qdc"
    write_qdc(_chain(DEPTH), deep)
    path = project.path
    project.close()

    assert main(["import", str(path), str(deep)]) == 0
    assert f"{DEPTH} factors added" in capsys.readouterr().out
    with Project.open(path, read_only=True) as reader:
        codes = reader.codebook.list()
        assert sum(code.name.startswith("Level ") for code in codes) == DEPTH
        parents = {code.name: code.parent_id for code in codes}
        ids = {code.name: code.id for code in codes}
    assert parents[f"Level {DEPTH - 1}"] == ids[f"Level {DEPTH - 2}"]
    back = tmp_path / "back.qdc"
    assert main(["export", str(path), str(back)]) == 0
    data = read_codebook_for_import(back)
    depth, node = 1, next(c for c in data.codes if c.name == "Level 0")
    while node.children:
        depth, node = depth + 1, node.children[0]
    assert depth == DEPTH


def _recorder(seen: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda done, total: seen.append((done, total))


def test_merging_takes_as_many_statements_for_4000_factors_as_for_400(project: Project) -> None:
    statements: list[str] = []
    event.listen(
        project.database.engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_rest: statements.append(statement),
    )
    counts = []
    for size in (400, 4000):
        data = CodebookData(
            codes=[
                CodebookCode(f"Factor {size}-{n}", themes=[f"Theme {n % 5}"]) for n in range(size)
            ],
            framework_name=f"Sheet {size}",
        )
        progress: list[tuple[int, int]] = []
        first = len(statements)
        result = merge_codebook(project, data, "sheet.csv", progress=_recorder(progress))
        counts.append(len(statements) - first)
        assert len(result.added) == size and result.mappings_added == size
        assert progress[-1] == (size, size)
        assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    # Bulk inserts: a few statements per thousand factors, not several per factor.
    assert counts[1] < counts[0] + 40


def test_undo_of_a_large_import_is_one_pass_and_redo_brings_back_the_same_ids(
    project: Project,
) -> None:
    from app.core.codebook_import import codebook_state, reapply_codebook, revert_codebook

    data = CodebookData(
        codes=[
            CodebookCode(f"Factor {n}", children=[CodebookCode(f"Sub {n}")]) for n in range(3000)
        ]
    )
    before = codebook_state(project)
    merge_codebook(project, data, "big.qdc")
    after = {(c.id, c.guid, c.name, c.parent_id) for c in project.codebook.list()}
    taken = revert_codebook(project, before)
    assert codebook_state(project).codes == before.codes
    reapply_codebook(project, taken)
    assert {(c.id, c.guid, c.name, c.parent_id) for c in project.codebook.list()} == after
