"""A passage waiting to be placed by hand, sent out as REFI-QDA or as an annotated PDF: other
tools never get the words now at its old place, and Habitus reads it back still waiting, with
its own quote."""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.core.project import Project
from app.exchange.qdpx.importer import import_qdpx
from app.exchange.qdpx.writer import export_qdpx
from tests.core.test_unplaced_passages import CUT, SAME_PLACE, build_replaced
from tests.refi import PROJECT_XSD, assert_valid


def test_it_travels_as_a_page_to_place_and_comes_back_waiting(
    project: Project, tmp_path: Path
) -> None:
    replaced = build_replaced(project, tmp_path)
    lost = project.passages.get(replaced.lost)
    region = project.passages.get(replaced.region)
    kept = project.passages.get(replaced.kept)
    out = tmp_path / "review.qdpx"
    export_qdpx(project, out)

    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde").decode()
    (tmp_path / "project.qde").write_text(qde, encoding="utf-8")
    assert_valid(tmp_path / "project.qde", PROJECT_XSD)
    # No text selection of it: it would code the words now at its old place.
    assert qde.count(f'guid="{lost.guid}"') == 1
    assert qde.count(f'guid="{kept.guid}"') == 2  # its PDF and its text selection
    assert f'name="To place by hand: {CUT}"' in qde
    assert SAME_PLACE not in qde.split(f'guid="{lost.guid}"')[1].split("</PDFSelection>")[0]

    with Project.create(tmp_path / "copy.habitus") as copy:
        report = import_qdpx(copy, out)
        assert report.problems == []
        back = {p.guid: p for p in copy.passages.list()}
        assert back[kept.guid].placed and back[kept.guid].quote == kept.quote
        for before in (lost, region):
            after = back[before.guid]
            assert not after.placed
            assert (after.kind, after.quote, after.code_ids) == (
                before.kind,
                before.quote,
                tuple(copy.codebook.find("Networks").id for _ in before.code_ids),  # type: ignore[union-attr]
            )
            assert after.boxes == ()
        assert back[lost.guid].quote == CUT


def test_an_annotated_pdf_leaves_it_out_and_says_so(project: Project, tmp_path: Path) -> None:
    from app.exchange.annotated_pdf import export_annotated_pdf
    from app.pdf.markup import read_markup

    replaced = build_replaced(project, tmp_path)
    out = tmp_path / "annotated.pdf"
    summary = export_annotated_pdf(project, replaced.study_id, out)

    assert (summary.passages, summary.unplaced) == (1, 2)
    marks = read_markup(out.read_bytes())
    assert [mark.name for mark in marks] == [project.passages.get(replaced.kept).guid]
