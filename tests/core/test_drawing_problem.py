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


def forget_drawing(project: Project, study_id: int) -> None:
    """As a study imported before Habitus recorded whether its pages can be drawn."""
    with project.database.transaction() as session:
        from app.store.models import Study

        row = session.get(Study, study_id)
        assert row is not None
        row.drawing_problem = None


def test_studies_imported_before_it_was_recorded_are_checked_and_the_answers_kept(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = project.import_pdfs(
        [make_pdf(tmp_path / "fine.pdf", [ONE_COLUMN]), make_pdf(tmp_path / "old.pdf", [["Old."]])]
    ).added
    fine, old = sorted(added, key=lambda s: s.name)
    assert project.studies.unchecked_drawing() == []
    forget_drawing(project, old.id)
    forget_drawing(project, fine.id)
    in_order = [s.id for s in project.studies.list()]  # the studies' order, whichever came first
    assert project.studies.unchecked_drawing() == in_order
    good = project.studies.check_drawing(fine.id)
    refuse_renderer(monkeypatch)
    bad = project.studies.check_drawing(old.id)
    assert good.problem == "" and "cannot open the file" in bad.problem
    assert project.studies.unchecked_drawing() == in_order  # checking writes nothing

    changes: list[object] = []
    project.on_change(changes.append)
    assert sorted(project.studies.keep_drawing_problems([good, bad])) == sorted(in_order)
    assert project.studies.get(old.id).drawing_problem == bad.problem
    assert project.studies.get(fine.id).drawing_problem == ""
    assert project.studies.unchecked_drawing() == []
    assert changes and "studies" in changes[-1].kinds  # type: ignore[attr-defined]
    # An answer already kept is not written over by a late one.
    assert project.studies.keep_drawing_problems([good]) == []


def test_an_answer_about_a_pdf_since_replaced_is_not_kept(project: Project, tmp_path: Path) -> None:
    from app.core.replace_pdf import read_pdf, replace_pdf
    from app.core.studies import DrawingCheck

    (study,) = project.import_pdfs([make_pdf(tmp_path / "v1.pdf", [ONE_COLUMN])]).added
    forget_drawing(project, study.id)
    stale = DrawingCheck(study.id, study.sha256, "the renderer cannot open the file (old)")
    replace_pdf(project, study.id, read_pdf(make_pdf(tmp_path / "v2.pdf", [["New version."]])))
    forget_drawing(project, study.id)
    assert project.studies.keep_drawing_problems([stale]) == []
    assert project.studies.get(study.id).drawing_problem is None


def test_a_read_only_project_keeps_nothing(project: Project, tmp_path: Path) -> None:
    (study,) = project.import_pdfs([make_pdf(tmp_path / "old.pdf", [ONE_COLUMN])]).added
    forget_drawing(project, study.id)
    path = project.path
    project.close()
    with Project.open(path, read_only=True) as reader:
        check = reader.studies.check_drawing(study.id)
        assert reader.studies.keep_drawing_problems([check]) == []
        assert reader.studies.get(study.id).drawing_problem is None


def test_a_replaced_pdf_brings_its_own_answer(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.replace_pdf import read_pdf, replace_pdf

    (study,) = project.import_pdfs([make_pdf(tmp_path / "v1.pdf", [ONE_COLUMN])]).added
    refuse_renderer(monkeypatch)
    replace_pdf(project, study.id, read_pdf(make_pdf(tmp_path / "v2.pdf", [["Damaged copy."]])))
    assert "cannot open the file" in (project.studies.get(study.id).drawing_problem or "")
    monkeypatch.undo()
    replace_pdf(project, study.id, read_pdf(make_pdf(tmp_path / "v3.pdf", [["Good copy."]])))
    assert project.studies.get(study.id).drawing_problem == ""
