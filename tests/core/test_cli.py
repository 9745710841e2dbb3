"""The `habitus` command end to end, reading the spreadsheet back with openpyxl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core.project import Project
from tests.conftest import make_pdf


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_import_info_autocode_export(
    tmp_path: Path, pdf_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.habitus"
    (pdf_folder / "broken.pdf").write_bytes(b"%PDF-1.7 nothing else")

    assert run(capsys, "new", project, "--framework", "capitals")[0] == 0
    code, out, err = run(capsys, "import", project, pdf_folder)
    assert code == 1
    assert "Imported 3 studies (4 pages)" in out
    assert "broken.pdf" in err and "failed" in err

    code, out, _ = run(capsys, "import", project, pdf_folder)
    assert code == 1 and "Imported 0 studies" in out and "3 already in the project" in out

    code, out, _ = run(capsys, "info", project, "--json")
    info = json.loads(out)
    assert code == 0
    assert {s["name"]: s["pages"] for s in info["studies"]} == {
        "alpha": 2,
        "beta": 1,
        "gamma-scan": 1,
    }
    scan = next(s for s in info["studies"] if s["name"] == "gamma-scan")
    assert scan["flags"] == ["no text layer: region coding only"]
    assert len(info["frameworks"][0]["themes"]) == 4

    code, out, _ = run(
        capsys,
        "autocode",
        project,
        "--phrase",
        "Household income",
        "--code",
        "Household income",
        "--ignore-case",
    )
    assert code == 0 and "Coded 1 new passages" in out
    run(capsys, "autocode", project, "--phrase", "column line 3", "--code", "Lines")

    out_xlsx = tmp_path / "coded.xlsx"
    code, out, _ = run(capsys, "export", project, out_xlsx)
    assert code == 0
    sheet = load_workbook(out_xlsx)["Passages"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:7] == ("Citation", "Study", "Page", "PDF page", "Quote", "Text check", "Factor")
    column = {name: index for index, name in enumerate(header)}
    by_factor = {row[column["Factor"]]: row for row in rows[1:]}
    income = by_factor["Household income"]
    assert income[:5] == ("alpha", "alpha", 1, 1, "Household income")
    assert income[column["Theme(s)"]] == "Economic capital"
    lines = [row for row in rows[1:] if row[column["Factor"]] == "Lines"]
    assert len(lines) == 2
    assert all(row[1] == "beta" and row[column["Theme(s)"]] is None for row in lines)


def test_a_quote_that_looks_like_a_formula_stays_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = make_pdf(tmp_path / "f.pdf", [["=SUM(A1:A9) is not a formula here"]])
    project = tmp_path / "p.habitus"
    run(capsys, "new", project)
    run(capsys, "import", project, pdf)
    run(capsys, "autocode", project, "--phrase", "=SUM(A1:A9)", "--code", "Formula")
    out_xlsx = tmp_path / "f.xlsx"
    assert run(capsys, "export", project, out_xlsx)[0] == 0
    cell = load_workbook(out_xlsx)["Passages"]["E2"]
    assert cell.value == "=SUM(A1:A9)"
    assert cell.data_type == "s"


def test_usage_errors_and_bad_projects_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "frobnicate")[0] == 2
    not_a_project = tmp_path / "x.habitus"
    not_a_project.write_text("hello")
    code, _, err = run(capsys, "info", not_a_project)
    assert code == 2 and "not a Habitus project" in err
    project = tmp_path / "p.habitus"
    run(capsys, "new", project)
    code, _, err = run(capsys, "export", project, tmp_path / "out.pdf")
    assert code == 2 and ".xlsx" in err and ".qdpx" in err
    code, _, err = run(capsys, "new", project)
    assert code == 2 and "already exists" in err


def test_info_reads_a_project_that_is_open_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.habitus"
    with Project.create(path, framework="capitals"):
        code, out, _ = run(capsys, "info", path)
        assert code == 0 and "Advocacy" in out
        code, _, err = run(capsys, "autocode", path, "--phrase", "x", "--code", "y")
        assert code == 2 and "already open" in err


def test_demo_builds_a_coded_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "demo", tmp_path / "demo")
    assert code == 0 and "Built the demo project" in out
    with Project.open(tmp_path / "demo" / "demo.habitus", read_only=True) as demo:
        studies = demo.studies.list()
        assert len(studies) == 4
        assert all(study.passage_count > 0 for study in studies)
        assert any(study.pages_without_text for study in studies)
        assert len(demo.frameworks.themes()) == 4
        assert "Hall & Ortiz (2021)" in {study.label for study in studies}


def test_a_new_project_starts_from_a_template_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source.habitus"
    run(capsys, "new", source, "--framework", "capitals")
    template = tmp_path / "capitals.qdc"
    assert run(capsys, "export", source, template)[0] == 0

    target = tmp_path / "target.habitus"
    assert run(capsys, "new", target, "--template", template)[0] == 0
    with Project.open(target, read_only=True) as project:
        advocacy = project.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
        assert advocacy is not None
        assert {t.name for t in project.frameworks.themes_of(advocacy.id)} == {
            "Social capital",
            "Symbolic capital",
        }

    broken = tmp_path / "broken.qdc"
    broken.write_text("<CodeBook><Codes>")
    code, _, err = run(capsys, "new", tmp_path / "third.habitus", "--template", broken)
    assert code == 1 and "broken.qdc" in err
    assert not (tmp_path / "third.habitus").exists()


def test_an_export_that_cannot_be_written_is_named_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.habitus"
    run(capsys, "new", project)
    code, _, err = run(capsys, "export", project, tmp_path / "missing" / "out.xlsx")
    assert code == 1
    assert "out.xlsx could not be written: there is no folder" in err and "missing" in err
    assert "Traceback" not in err


def test_a_protected_pdf_is_told_how_to_give_its_password_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.core.test_import import encrypt

    project = tmp_path / "p.habitus"
    locked = encrypt(make_pdf(tmp_path / "plain.pdf", [["Text"]]), tmp_path / "sealed.pdf", "s")
    assert run(capsys, "new", project)[0] == 0
    code, _, err = run(capsys, "import", project, locked)
    assert code == 1
    assert "sealed.pdf: password required (give it with --password)" in err
