"""A study whose pages cannot be drawn (its text read by the fallback parser) says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.project import Project
from tests.conftest import ONE_COLUMN, make_pdf
from tests.undrawable import refuse_renderer


def test_the_reader_of_a_file_says_why_its_pages_cannot_be_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an import worker answers for a file pdfium cannot open (run here, in-process)."""
    from app.pdf.batch import open_file

    fine = make_pdf(tmp_path / "fine.pdf", [ONE_COLUMN])
    assert open_file(str(fine), None, 32).drawing_problem == ""
    refuse_renderer(monkeypatch)
    damaged = make_pdf(tmp_path / "damaged.pdf", [["Recovered text about support."]])
    opened = open_file(str(damaged), None, 32)

    assert "cannot open the file" in opened.drawing_problem
    assert "file structure cannot be read" in opened.drawing_problem
    assert "support" in opened.pages[0].text  # the text is there all the same


def test_the_import_records_the_reason_a_worker_gave(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fine = make_pdf(tmp_path / "fine.pdf", [ONE_COLUMN])
    (drawn,) = project.import_pdfs([fine]).added
    refuse_renderer(monkeypatch)
    damaged = make_pdf(tmp_path / "damaged.pdf", [["Recovered text about support."]])
    (study,) = project.import_pdfs([damaged]).added

    assert drawn.drawing_problem == ""
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
