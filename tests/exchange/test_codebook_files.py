"""Codebook files and a project: a saved template starts a new project, and the codebook
export and the template go through the same writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import CoreError
from app.core.project import Project
from app.exchange.codebook_files import (
    export_codebook,
    import_codebook_file,
    read_codebook_file,
    read_template,
    save_template,
)
from tests.refi import CODEBOOK_XSD, assert_valid


def test_a_saved_template_starts_a_new_project_with_factors_and_mapping(
    project: Project, tmp_path: Path
) -> None:
    (framework,) = project.frameworks.list()
    project.codebook.add("Unmapped working idea")
    template = tmp_path / "capitals.qdc"

    written = save_template(project, framework.id, template)

    assert written == 9
    assert_valid(template, CODEBOOK_XSD)
    fresh_path = tmp_path / "next.habitus"
    with Project.create(fresh_path, template=read_template(template)) as fresh:
        names = {c.name for c in fresh.codebook.list()}
        assert "Unmapped working idea" not in names
        assert names == {c.name for c in project.codebook.list()} - {"Unmapped working idea"}
        (copy,) = fresh.frameworks.list()
        assert copy.name == framework.name
        themes = {t.id: t.name for t in fresh.frameworks.themes(copy.id)}
        advocacy = fresh.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
        paid = fresh.codebook.find("Paid advocacy")
        assert advocacy is not None and paid is not None
        assert {themes[t] for t in fresh.frameworks.mapping()[advocacy.id]} == {
            "Social capital",
            "Symbolic capital",
        }
        assert paid.parent_id == advocacy.id
        assert len({t.colour for t in fresh.frameworks.themes(copy.id)}) == 4


def test_the_codebook_export_keeps_factors_outside_the_framework(
    project: Project, tmp_path: Path
) -> None:
    project.codebook.add("Unmapped working idea")
    out = tmp_path / "codebook.qdc"

    assert export_codebook(project, out) == 10
    assert_valid(out, CODEBOOK_XSD)

    names = set()
    stack = list(read_codebook_file(out).codes)
    while stack:
        code = stack.pop()
        names.add(code.name)
        stack.extend(code.children)
    assert "Unmapped working idea" in names


def test_a_template_without_factors_or_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CoreError, match="No template file"):
        read_template(tmp_path / "missing.qdc")
    empty = tmp_path / "empty.csv"
    empty.write_text("factor;definition\n", encoding="utf-8")
    with pytest.raises(CoreError, match="holds no factors"):
        read_template(empty)


def test_importing_a_sheet_names_the_framework_after_the_file(
    project: Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "Relational lens.csv"
    sheet.write_text("factor;themes\nTrust;Relational\n", encoding="utf-8")

    result = import_codebook_file(project, sheet)

    assert result.added == ["Trust"]
    assert "Relational lens" in {f.name for f in project.frameworks.list()}
