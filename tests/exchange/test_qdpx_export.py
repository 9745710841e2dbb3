"""REFI-QDA project export: a schema-valid .qdpx, in the standard's conventions, that comes
back into a new project as the same review."""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path

import pytest

from app.core.project import Project
from app.core.reporting.records import study_records
from app.exchange.qdpx.importer import import_qdpx
from app.exchange.qdpx.writer import export_qdpx
from tests.exchange.conftest import Review
from tests.pdfgen import Page, write_pdf
from tests.refi import PROJECT_XSD, assert_valid

NS = "{urn:QDA-XML:project:1.0}"


def qde_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def validate(qde: bytes, tmp_path: Path) -> None:
    """Against the standard's schema, shipped with the tests, with both validators."""
    target = tmp_path / "project.qde"
    target.write_bytes(qde)
    assert_valid(target, PROJECT_XSD)


@pytest.fixture
def exported(review: Review, tmp_path: Path) -> Path:
    out = tmp_path / "review.qdpx"
    summary = export_qdpx(review.project, out)
    assert (summary.studies, summary.passages, summary.factors, summary.notes) == (2, 4, 9, 4)
    return out


def test_the_project_file_validates_against_the_refi_qda_schema(
    exported: Path, tmp_path: Path
) -> None:
    validate(qde_of(exported), tmp_path)


def test_the_archive_holds_project_qde_and_lowercase_sources_named_by_guid(
    exported: Path, review: Review
) -> None:
    from lxml import etree

    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        root = etree.fromstring(archive.read("project.qde"))
        paths = [
            el.get("path") or el.get("plainTextPath")
            for el in root.iter(f"{NS}PDFSource", f"{NS}Representation")
            if el.get("path") or el.get("plainTextPath")
        ]
        assert len(paths) == 4
        for path in paths:
            assert path.startswith("internal://")
            name = path.removeprefix("internal://")
            assert f"sources/{name}" in names
            uuid.UUID(Path(name).stem)
        pdf = archive.read(f"sources/{review.project.studies.get(review.hall).guid}.pdf")
    assert names[0] == "project.qde"
    assert all(n == "project.qde" or n.startswith("sources/") for n in names)
    assert pdf == review.project.studies.pdf(review.hall)[0]


def test_text_passages_carry_quote_page_and_their_text_positions(
    exported: Path, review: Review
) -> None:
    from lxml import etree

    with zipfile.ZipFile(exported) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        study = review.project.studies.get(review.hall)
        source = root.find(f".//{NS}PDFSource[@guid='{study.guid}']")
        assert source is not None
        representation = source.find(f"{NS}Representation")
        assert representation is not None
        text_path = representation.get("plainTextPath").removeprefix("internal://")
        text = archive.read(f"sources/{text_path}").decode("utf-8")
    passage = review.project.passages.get(review.income_passage)
    selection = source.find(f"{NS}PDFSelection[@guid='{passage.guid}']")
    assert selection is not None
    assert selection.get("page") == "1"
    assert selection.findtext(f"{NS}Representation/{NS}PlainTextContent") == "Household income"
    twin = representation.find(f"{NS}PlainTextSelection[@guid='{passage.guid}']")
    assert twin is not None
    start, end = int(twin.get("startPosition")), int(twin.get("endPosition"))
    assert text[start:end] == "Household income"
    across = review.project.passages.get(review.across)
    twin = representation.find(f"{NS}PlainTextSelection[@guid='{across.guid}']")
    assert twin is not None
    # Pages are separated by a form feed in the text representation.
    quote = text[int(twin.get("startPosition")) : int(twin.get("endPosition"))]
    assert quote == "Informal networks and support helped with forms.\fA paid advocate"


def test_pdf_coordinates_are_whole_points_from_the_bottom_left_of_the_media_box(
    exported: Path, review: Review
) -> None:
    from lxml import etree

    root = etree.fromstring(qde_of(exported))
    region = review.project.passages.get(review.region)
    selection = root.find(f".//{NS}PDFSelection[@guid='{region.guid}']")
    assert selection is not None
    # The region is 80..300 across and 90..250 down an A4 page 842 points high.
    corners = {k: int(selection.get(k)) for k in ("firstX", "firstY", "secondX", "secondY")}
    assert corners == {"firstX": 80, "firstY": 752, "secondX": 300, "secondY": 592}
    assert selection.find(f"{NS}Representation") is None
    # Every coordinate is an integer, as the schema demands.
    assert all(
        re.fullmatch(r"-?\d+", el.get(k))
        for el in root.iter(f"{NS}PDFSelection")
        for k in ("firstX", "firstY", "secondX", "secondY", "page")
    )


def test_coordinates_of_a_turned_page_are_in_its_unturned_user_space(tmp_path: Path) -> None:
    from lxml import etree

    pdf = tmp_path / "turned.pdf"
    write_pdf(pdf, [Page(width=792, height=612, rotate=90).text("Sideways text", 100, 100)])
    with Project.create(tmp_path / "t.habitus") as project:
        project.import_pdfs([pdf])
        study = project.studies.list()[0].id
        region = project.passages.add_region(study, 0, (100.0, 50.0, 200.0, 80.0))
        out = tmp_path / "t.qdpx"
        export_qdpx(project, out)
        selection = etree.fromstring(qde_of(out)).find(f".//{NS}PDFSelection")
        assert selection is not None
        # Displayed (x, y) on a page turned 90 degrees is user-space (y, x).
        assert [int(selection.get(k)) for k in ("firstX", "firstY", "secondX", "secondY")] == [
            50,
            200,
            80,
            100,
        ]
        fresh = Project.create(tmp_path / "back.habitus")
        import_qdpx(fresh, out)
        (back,) = fresh.passages.list()
        assert back.rect == region.rect
        fresh.close()


def _strip_habitus(path: Path, out: Path) -> Path:
    """The same file without Habitus's processing instructions: as another tool sees it."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "project.qde":
                data = re.sub(rb"<\?habitus [^?]*\?>\s*", b"", data)
            target.writestr(info, data)
    return out


def _same_review(original: Project, copy: Project, exact_boxes: bool) -> None:
    studies = original.studies.list()
    assert [(s.name, s.sha256, s.page_count) for s in copy.studies.list()] == [
        (s.name, s.sha256, s.page_count) for s in studies
    ]
    names = {c.id: c.name for c in original.codebook.list()}
    copy_names = {c.id: c.name for c in copy.codebook.list()}
    by_guid = {p.guid: p for p in copy.passages.list()}
    for passage in original.passages.list():
        back = by_guid[passage.guid]
        assert back.kind == passage.kind
        assert back.quote == passage.quote
        assert (back.start_page, back.start_offset, back.end_page, back.end_offset) == (
            passage.start_page,
            passage.start_offset,
            passage.end_page,
            passage.end_offset,
        )
        assert sorted(copy_names[c] for c in back.code_ids) == sorted(
            names[c] for c in passage.code_ids
        )
        if passage.rect is not None:
            assert back.rect is not None
            assert all(abs(a - b) <= 1 for a, b in zip(back.rect, passage.rect, strict=True))
        assert len(back.boxes) == len(passage.boxes)
        for a, b in zip(back.boxes, passage.boxes, strict=True):
            tolerance = 1e-3 if exact_boxes else 1.0
            assert a.page == b.page
            assert all(
                abs(x - y) <= tolerance
                for x, y in zip(
                    (a.x0, a.top, a.x1, a.bottom), (b.x0, b.top, b.x1, b.bottom), strict=True
                )
            )
    assert [(c.name, c.colour, c.definition, c.guid) for c in copy.codebook.list()] == [
        (c.name, c.colour, c.definition, c.guid) for c in original.codebook.list()
    ]
    parents = {c.name: copy_names.get(c.parent_id or -1) for c in copy.codebook.list()}
    assert parents["Paid advocacy"] == "Advocacy (self, familial, not-for-profit, paid)"
    themes = [(t.name, t.colour) for t in original.frameworks.themes()]
    assert [(t.name, t.colour) for t in copy.frameworks.themes()] == themes
    assert [f.name for f in copy.frameworks.list()] == [f.name for f in original.frameworks.list()]

    def mapping(project: Project) -> set[tuple[str, str]]:
        code = {c.id: c.name for c in project.codebook.list()}
        theme = {t.id: t.name for t in project.frameworks.themes()}
        return {(code[c], theme[t]) for c, ts in project.frameworks.mapping().items() for t in ts}

    assert mapping(copy) == mapping(original)

    def memos(project: Project) -> set[tuple[str, str]]:
        passage = {p.id: p.guid for p in project.passages.list()}
        study = {s.id: s.name for s in project.studies.list()}
        code = {c.id: c.name for c in project.codebook.list()}
        keys = {"passage": passage, "study": study, "code": code}
        return {
            (keys[target].get(tid or -1, "") if target in keys else "project", text)
            for target, tid, text in project.memos.all()
        }

    assert memos(copy) == memos(original)
    records = [
        (r.study.name, r.attributes, r.status, r.reason, r.group) for r in study_records(copy)
    ]
    assert records == [
        (r.study.name, r.attributes, r.status, r.reason, r.group) for r in study_records(original)
    ]


def test_a_round_trip_gives_back_the_same_review(
    exported: Path, review: Review, tmp_path: Path
) -> None:
    with Project.create(tmp_path / "copy.habitus") as copy:
        report = import_qdpx(copy, exported)
        assert report.not_imported() == [] and report.problems == []
        assert (report.studies_added, report.passages) == (2, 4)
        _same_review(review.project, copy, exact_boxes=True)


def test_a_round_trip_through_the_standard_alone_keeps_quotes_pages_and_boxes(
    exported: Path, review: Review, tmp_path: Path
) -> None:
    plain = _strip_habitus(exported, tmp_path / "plain.qdpx")
    assert b"<?habitus" not in qde_of(plain)
    with Project.create(tmp_path / "copy.habitus") as copy:
        import_qdpx(copy, plain)
        by_guid = {p.guid: p for p in copy.passages.list()}
        for passage in review.project.passages.list():
            back = by_guid[passage.guid]
            assert back.quote == passage.quote and back.kind == passage.kind
            if passage.rect is not None:
                assert back.rect is not None
                assert all(abs(a - b) <= 1 for a, b in zip(back.rect, passage.rect, strict=True))


def test_importing_the_same_project_twice_adds_nothing_the_second_time(
    exported: Path, review: Review
) -> None:
    before = len(review.project.passages.list())
    report = import_qdpx(review.project, exported)
    assert report.studies_added == 0 and report.studies_matched == 2
    assert report.passages == 0 and report.passages_present == 4
    assert report.factors_added == 0 and report.factors_matched == 9
    assert len(review.project.passages.list()) == before


def test_the_command_line_exports_a_project_and_imports_it_into_a_new_one(
    review: Review, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main

    out = tmp_path / "cli.qdpx"
    assert main(["export", str(review.project.path), str(out)]) == 0
    assert "2 studies, 4 passages, 9 factors and 4 memos" in capsys.readouterr().out
    target = tmp_path / "from-cli.habitus"
    assert main(["import", str(target), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 studies added, 4 passages" in printed and f"Created {target}" in printed
    with Project.open(target, read_only=True) as copy:
        assert len(copy.passages.list()) == 4


@pytest.fixture
def adding(review: Review, tmp_path: Path) -> tuple[Path, Path]:
    """The review exported as a .qdpx, and an empty project to add it to."""
    from app.cli import main

    out = tmp_path / "cli.qdpx"
    assert main(["export", str(review.project.path), str(out)]) == 0
    target = tmp_path / "existing.habitus"
    Project.create(target).close()
    return out, target


def test_the_command_line_backs_up_a_project_before_adding_a_qdpx_to_it(
    adding: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.cli import main
    from app.core.backups import backups

    out, target = adding
    monkeypatch.setenv("HABITUS_BACKUPS", "on")
    monkeypatch.setenv("HABITUS_BACKUP_DIR", str(tmp_path / "backups"))
    capsys.readouterr()
    assert main(["import", str(target), str(out)]) == 0
    assert "Backed up the project first" in capsys.readouterr().out
    kept = [b for b in backups(target) if b.studies == 0]
    assert kept and kept[-1].passages == 0


def test_a_backup_that_cannot_be_taken_stops_the_import_with_a_reason(
    adding: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.cli import main

    out, target = adding
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backups folder would go")
    monkeypatch.setenv("HABITUS_BACKUPS", "on")
    monkeypatch.setenv("HABITUS_BACKUP_DIR", str(blocked))
    capsys.readouterr()
    assert main(["import", str(target), str(out)]) == 1
    assert "could not be taken first" in capsys.readouterr().err
    monkeypatch.setenv("HABITUS_BACKUPS", "off")
    with Project.open(target, read_only=True) as project:
        assert project.studies.list() == []
