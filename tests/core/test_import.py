"""Importing PDFs: folders, duplicates, bad files, scans, columns, passwords, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.project import Project
from tests.conftest import ONE_COLUMN, make_pdf, make_two_column_pdf


def encrypt(source: Path, target: Path, password: str) -> Path:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(source))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_a_folder_imports_every_pdf_with_its_pages(imported: Project) -> None:
    studies = {study.name: study for study in imported.studies.list()}
    assert sorted(studies) == ["alpha", "beta", "gamma-scan"]
    assert studies["alpha"].page_count == 2
    assert "university degree" in imported.studies.text(studies["alpha"].id, 0)
    assert "advocacy" in imported.studies.text(studies["alpha"].id, 1)


def test_importing_the_same_folder_again_adds_nothing(imported: Project, pdf_folder: Path) -> None:
    report = imported.import_pdfs([pdf_folder])
    assert report.added == []
    assert len(report.duplicates) == 3
    assert len(imported.studies.list()) == 3


def test_a_page_without_text_is_flagged_for_region_coding(imported: Project) -> None:
    scan = next(s for s in imported.studies.list() if s.name == "gamma-scan")
    assert scan.region_only
    assert imported.studies.pages(scan.id)[0].text_status == "none"


def test_two_columns_keep_their_reading_order(imported: Project) -> None:
    beta = next(s for s in imported.studies.list() if s.name == "beta")
    text = imported.studies.text(beta.id, 0)
    assert text.index("Left column line 7") < text.index("Right column line 0")
    assert all(not ("Left" in line and "Right" in line) for line in text.splitlines())


def test_bad_files_each_get_a_reason_and_the_good_ones_still_import(
    project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = make_pdf(folder / "good.pdf", [ONE_COLUMN])
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.pdf").write_text("these are notes, not a PDF")
    (folder / "truncated.pdf").write_bytes(good.read_bytes()[:300])
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)

    report = project.import_pdfs([folder, tmp_path / "missing.pdf"])

    assert [s.name for s in report.added] == ["good"]
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert set(reasons) == {"empty.pdf", "notes.pdf", "truncated.pdf", "garbage.pdf", "missing.pdf"}
    assert "empty" in reasons["empty.pdf"]
    assert "not a PDF" in reasons["notes.pdf"]
    assert reasons["missing.pdf"] == "no such file or folder"
    assert all(reason for reason in reasons.values())
    assert [s.name for s in project.studies.list()] == ["good"]


def test_a_password_protected_pdf_needs_its_password(project: Project, tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", [ONE_COLUMN])
    locked = encrypt(plain, tmp_path / "locked.pdf", "secret")

    refused = project.import_pdfs([locked])
    assert refused.added == []
    assert "password required" in refused.failures[0].reason

    wrong = project.import_pdfs([locked], password="guess")
    assert "wrong password" in wrong.failures[0].reason
    assert wrong.failures[0].needs_password and refused.failures[0].needs_password

    accepted = project.import_pdfs([locked], password="secret")
    assert [s.name for s in accepted.added] == ["locked"]
    study = accepted.added[0]
    assert "university degree" in project.studies.text(study.id, 0)
    assert project.studies.words(study.id, 0), "word boxes need the stored password"


def test_an_empty_user_password_opens_without_asking(project: Project, tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", [ONE_COLUMN])
    locked = encrypt(plain, tmp_path / "open.pdf", "")
    report = project.import_pdfs([locked])
    assert [s.name for s in report.added] == ["open"]


def test_cancelling_keeps_whole_studies_only(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(4):
        make_pdf(folder / f"s{number}.pdf", [[f"Study {number} page {p}"] for p in range(12)])
    calls: list[int] = []

    def progress(done: int, total: int, _name: str) -> None:
        calls.append(done)

    report = project.import_pdfs([folder], progress=progress, cancelled=lambda: bool(calls))
    assert report.cancelled
    studies = project.studies.list()
    assert len(studies) < 4
    for study in studies:
        assert len(project.studies.pages(study.id)) == study.page_count == 12


def test_a_disk_that_fills_while_a_study_is_indexed_stops_the_import_keeping_the_study(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.fulltext import SearchOptions
    from app.store.errors import StorageFull

    folder = tmp_path / "two"
    folder.mkdir()
    for number in range(2):
        make_pdf(folder / f"s{number}.pdf", [[f"Household income in study {number}"]])
    index = project.search_index
    update = index.update_studies

    def full(_ids: object) -> None:
        raise StorageFull("The disk holding p.habitus is full: this change was not saved.")

    monkeypatch.setattr(index, "update_studies", full)
    report = project.import_pdfs([folder])
    assert report.stopped is not None and "disk" in report.stopped
    (study,) = report.added
    assert project.studies.pages(study.id)
    # Space returns: the study's pages are indexed before the next search finds them.
    monkeypatch.setattr(index, "update_studies", update)
    hits = project.fulltext.search('"household income"', SearchOptions())
    assert [hit.hit.study_id for hit in hits.hits] == [study.id]


def test_progress_reaches_the_total(project: Project, tmp_path: Path) -> None:
    make_two_column_pdf(tmp_path / "a.pdf")
    make_pdf(tmp_path / "b.pdf", [["one"], ["two"], ["three"]])
    seen: list[tuple[int, int]] = []
    project.import_pdfs(
        [tmp_path / "a.pdf", tmp_path / "b.pdf"], progress=lambda d, t, _n: seen.append((d, t))
    )
    assert seen[-1] == (4, 4)


def test_open_pdfs_belong_to_their_project_and_close_with_it(
    imported: Project, tmp_path: Path, pdf_folder: Path
) -> None:
    alpha = next(s for s in imported.studies.list() if s.name == "alpha")
    imported.studies.words(alpha.id, 0)
    assert imported.pdfs.keys() == [alpha.sha256]

    with Project.create(tmp_path / "other.habitus") as other:
        other.import_pdfs([pdf_folder / "alpha.pdf"])
        (copy,) = other.studies.list()
        assert other.pdfs.keys() == []  # nothing opened by the first project shows here
        other.studies.words(copy.id, 1)
        assert other.pdfs.keys() == [copy.sha256]
    assert other.pdfs.closed and other.pdfs.keys() == []
    assert imported.pdfs.keys() == [alpha.sha256]

    imported.close()
    assert imported.pdfs.closed and imported.pdfs.keys() == []
