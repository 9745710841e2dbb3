"""A study whose pages cannot be drawn (its text read by the fallback parser) says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.project import Project
from app.pdf.errors import DamagedPdf
from tests.conftest import ONE_COLUMN, make_pdf


def refuse_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfium cannot open any file from now on; pdfplumber still reads the text."""

    def refuse(data: bytes, password: str | None) -> object:
        raise DamagedPdf("the file structure cannot be read")

    monkeypatch.setattr("app.pdf.handles.open_document", refuse)


def test_a_study_the_renderer_cannot_open_is_recorded_with_the_reason(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fine = make_pdf(tmp_path / "fine.pdf", [ONE_COLUMN])
    (drawn,) = project.import_pdfs([fine]).added
    refuse_renderer(monkeypatch)
    damaged = make_pdf(tmp_path / "damaged.pdf", [["Recovered text about support."]])
    (study,) = project.import_pdfs([damaged]).added

    assert drawn.drawing_problem == ""
    assert study.drawing_problem is not None
    assert "cannot open the file" in study.drawing_problem
    assert "file structure cannot be read" in study.drawing_problem
    assert project.studies.get(study.id).drawing_problem == study.drawing_problem
    assert "support" in project.studies.text(study.id, 0)  # the text is there all the same


def test_info_flags_it_and_checks_studies_imported_before_it_was_recorded(
    project: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (study,) = project.import_pdfs([make_pdf(tmp_path / "old.pdf", [ONE_COLUMN])]).added
    with project.database.transaction() as session:  # as a project of the previous format
        from app.store.models import Study

        row = session.get(Study, study.id)
        assert row is not None
        row.drawing_problem = None
    path = project.path
    project.close()
    refuse_renderer(monkeypatch)

    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "old: 1 pages" in out and "pages cannot be drawn: the renderer cannot open" in out
    assert main(["info", str(path), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)["studies"]
    assert "cannot open the file" in listed["drawing_problem"]
