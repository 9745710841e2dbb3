"""The codebook through the command line: export a .qdc other tools accept, import it back,
and a spreadsheet codebook whose bad rows are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.core.project import Project
from tests.refi import CODEBOOK_XSD, assert_valid


@pytest.fixture
def capitals(tmp_path: Path) -> Path:
    path = tmp_path / "capitals.habitus"
    assert main(["new", str(path), "--framework", "capitals"]) == 0
    return path


def test_export_writes_a_codebook_that_validates_and_imports_back(
    capitals: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "codebook.qdc"

    assert main(["export", str(capitals), str(out)]) == 0

    assert "codebook.qdc" in capsys.readouterr().out
    assert_valid(out, CODEBOOK_XSD)

    fresh = tmp_path / "fresh.habitus"
    assert main(["new", str(fresh)]) == 0
    assert main(["import", str(fresh), str(out)]) == 0
    assert "9 factors added" in capsys.readouterr().out
    with Project.open(capitals, read_only=True) as original, Project.open(fresh) as copy:
        assert [(c.name, c.guid, c.colour, c.definition) for c in copy.codebook.list()] == [
            (c.name, c.guid, c.colour, c.definition) for c in original.codebook.list()
        ]
        (framework,) = copy.frameworks.list()
        assert framework.name == "Bourdieu's capitals"
        names = {t.id: t.name for t in copy.frameworks.themes()}
        advocacy = copy.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
        paid = copy.codebook.find("Paid advocacy")
        assert advocacy is not None and paid is not None
        assert sorted(names[t] for t in copy.frameworks.mapping()[advocacy.id]) == [
            "Social capital",
            "Symbolic capital",
        ]
        assert paid.parent_id == advocacy.id


def test_importing_the_same_codebook_twice_adds_nothing(
    capitals: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "codebook.qdc"
    assert main(["export", str(capitals), str(out)]) == 0
    assert main(["import", str(capitals), str(out)]) == 0
    assert "0 factors added, 9 matched" in capsys.readouterr().out
    with Project.open(capitals, read_only=True) as project:
        assert len(project.codebook.list()) == 9
        assert len(project.frameworks.list()) == 1


def test_a_spreadsheet_codebook_with_a_bad_row_exits_1_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "sheet.habitus"
    assert main(["new", str(project)]) == 0
    sheet = tmp_path / "factors.csv"
    sheet.write_text(
        "Factor,Definition,Themes,Colour\n"
        "Education,Formal schooling,Cultural capital,#e9c46a\n"
        ",A row with no factor,Social capital,\n"
        "Household income,Money at home,Economic capital,not-a-colour\n",
        encoding="utf-8",
    )

    status = main(["import", str(project), str(sheet)])

    captured = capsys.readouterr()
    assert status == 1
    assert "2 factors added" in captured.out
    assert "row 3: no factor name" in captured.err
    assert "row 4: colour 'not-a-colour'" in captured.err
    with Project.open(project, read_only=True) as opened:
        assert [c.name for c in opened.codebook.list()] == ["Education", "Household income"]
        themes = {t.name for t in opened.frameworks.themes()}
        assert themes == {"Cultural capital", "Economic capital"}


def test_a_codebook_that_is_not_xml_exits_1_with_the_reason(
    capitals: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.qdc"
    broken.write_text("<CodeBook><Codes>", encoding="utf-8")
    assert main(["import", str(capitals), str(broken)]) == 1
    assert "broken.qdc is not well-formed XML" in capsys.readouterr().err


def test_a_codebook_import_that_fails_midway_leaves_the_project_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.codebook_import import merge_codebook
    from app.core.errors import CoreError
    from app.core.frameworks import Frameworks
    from app.core.types import CodebookCode, CodebookData

    data = CodebookData(
        codes=[
            CodebookCode("Trust", themes=["Social"]),
            CodebookCode("Money", themes=["Economic"]),
        ],
        framework_name="Small",
    )
    calls = {"n": 0}
    original = Frameworks.add_theme

    def failing_add_theme(self: Frameworks, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise CoreError("the disk went away")
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Frameworks, "add_theme", failing_add_theme)
    with Project.create(tmp_path / "p.habitus") as project:
        with pytest.raises(CoreError):
            merge_codebook(project, data, "small.qdc")
        assert project.codebook.list() == []
        assert project.frameworks.list() == []
