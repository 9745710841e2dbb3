"""Replacing a study's PDF with a corrected version: passages follow their words."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import CoreError
from app.core.passages import TextSpan
from app.core.project import Project
from app.core.reanchor import Finder
from app.core.replace_pdf import UNPLACED, read_pdf, replace_pdf, unplaced_passages
from tests.conftest import make_pdf

A = "Parents with a university degree negotiated their plans."
B = "Household incme decided who could top up support."
B_FIXED = "Household income decided who could top up support."
C = "Informal networks and support helped with forms."
D = "Second page: advocacy by a parent made the difference."
E = "A sentence the corrected proof leaves out entirely."
NEW = "A paragraph added in proof pushes the rest further down."

VERSION_1 = [[A, B, C], [D, E]]
# The proof adds lines at the top of page 1, corrects B, and moves C onto page 2; E is cut.
VERSION_2 = [[NEW, NEW, A, B_FIXED], [C, D, "Closing remarks of the authors."]]


def span_of(project: Project, study_id: int, page: int, sentence: str) -> tuple[int, int]:
    text = project.studies.text(study_id, page)
    start = text.index(sentence)
    return start, start + len(sentence)


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> tuple[Project, int, dict[str, int]]:
    make_pdf(tmp_path / "proof.pdf", VERSION_1)
    study_id = project.import_pdfs([tmp_path / "proof.pdf"]).added[0].id
    code = project.codebook.add("Education").id
    passages: dict[str, int] = {}
    for name, page, sentence in [("A", 0, A), ("B", 0, B), ("C", 0, C), ("E", 1, E)]:
        lo, hi = span_of(project, study_id, page, sentence)
        passages[name] = project.passages.add_text(study_id, page, lo, page, hi, (code,)).id
    c_lo, _ = span_of(project, study_id, 0, C)
    _, d_hi = span_of(project, study_id, 1, D)
    passages["CD"] = project.passages.add_text(study_id, 0, c_lo, 1, d_hi, (code,)).id
    passages["region"] = project.passages.add_region(study_id, 0, (60, 60, 300, 140), (code,)).id
    project.memos.set("passage", passages["E"], "the cut sentence mattered")
    return project, study_id, passages


def test_passages_follow_their_words_to_another_page(
    coded: tuple[Project, int, dict[str, int]], tmp_path: Path
) -> None:
    project, study_id, ids = coded
    make_pdf(tmp_path / "corrected.pdf", VERSION_2)
    result = replace_pdf(project, study_id, read_pdf(tmp_path / "corrected.pdf"))

    a, b, c, cd = (project.passages.get(ids[k]) for k in ("A", "B", "C", "CD"))
    assert (a.start_page, a.quote) == (0, A)
    assert (b.start_page, b.quote) == (0, B_FIXED)  # corrected typo: fuzzy, quote read anew
    assert (c.start_page, c.end_page, c.quote) == (1, 1, C)
    assert (cd.start_page, cd.end_page) == (1, 1)
    assert cd.quote.split() == f"{C} {D}".split()
    for passage in (a, b, c, cd):
        text = project.studies.text(study_id, passage.start_page)
        assert text[passage.start_offset : passage.end_offset] == passage.quote
        assert passage.boxes and all(box.page == passage.start_page for box in passage.boxes)
        assert passage.text_check == ""
    assert (result.placed, result.moved, result.fuzzy) == (5, 2, 1)

    e = project.passages.get(ids["E"])
    assert result.unplaced == [ids["E"]] == unplaced_passages(project, study_id)
    assert (e.quote, e.boxes, e.text_check) == (E, (), UNPLACED)
    assert e.code_ids == a.code_ids
    assert project.memos.get("passage", e.id) == "the cut sentence mattered"
    assert project.records.get(study_id).flags() == ["1 passages to place"]

    region = project.passages.get(ids["region"])
    assert region.rect == (60, 60, 300, 140) and region.boxes[0].page == 0


def test_a_replacement_is_undone_and_redone_whole(
    coded: tuple[Project, int, dict[str, int]], tmp_path: Path
) -> None:
    project, study_id, ids = coded
    old = {key: project.passages.get(pid) for key, pid in ids.items()}
    old_pdf = project.studies.pdf(study_id)
    make_pdf(tmp_path / "corrected.pdf", VERSION_2)
    result = replace_pdf(project, study_id, read_pdf(tmp_path / "corrected.pdf"))
    moved = {key: project.passages.get(pid) for key, pid in ids.items()}

    project.records.restore([result.before])
    assert {key: project.passages.get(pid) for key, pid in ids.items()} == old
    assert project.studies.pdf(study_id) == old_pdf
    assert project.studies.text(study_id, 1).startswith("Second page")
    assert unplaced_passages(project, study_id) == []

    project.records.restore([result.after])
    assert {key: project.passages.get(pid) for key, pid in ids.items()} == moved
    assert project.studies.get(study_id).filename == "corrected.pdf"


def test_a_passage_left_over_is_placed_by_hand(
    coded: tuple[Project, int, dict[str, int]], tmp_path: Path
) -> None:
    project, study_id, ids = coded
    make_pdf(tmp_path / "corrected.pdf", VERSION_2)
    replace_pdf(project, study_id, read_pdf(tmp_path / "corrected.pdf"))
    lo, hi = span_of(project, study_id, 1, "Closing remarks")
    (placed,) = project.passages.reanchor_many([(ids["E"], TextSpan(study_id, 1, lo, 1, hi))])
    assert (placed.quote, placed.text_check, placed.id) == ("Closing remarks", "", ids["E"])
    assert placed.boxes
    assert unplaced_passages(project, study_id) == []


def test_a_reference_gets_its_first_pdf_and_bad_files_change_nothing(
    project: Project, tmp_path: Path
) -> None:
    study = project.records.create(fields={"title": "Obtained later", "authors": "Lee, K."})
    make_pdf(tmp_path / "lee.pdf", [[A]])
    replace_pdf(project, study.id, read_pdf(tmp_path / "lee.pdf"))
    info = project.studies.get(study.id)
    assert (info.has_pdf, info.page_count, info.filename, info.label) == (
        True,
        1,
        "lee.pdf",
        "Lee (n.d.)",
    )
    assert project.studies.text(study.id, 0).startswith("Parents")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    with pytest.raises(CoreError, match=r"broken\.pdf cannot be used"):
        read_pdf(tmp_path / "broken.pdf")
    with pytest.raises(CoreError, match="already has"):
        replace_pdf(project, study.id, read_pdf(tmp_path / "lee.pdf"))
    other = project.records.create(fields={"title": "Other"})
    with pytest.raises(CoreError, match="already in the project"):
        replace_pdf(project, other.id, read_pdf(tmp_path / "lee.pdf"))
    assert not project.studies.get(other.id).has_pdf


def test_the_finder_prefers_the_nearest_exact_copy_and_refuses_strangers() -> None:
    texts = ["Support was late.\nSupport was late.", "Other text", "Support was late."]
    found = Finder(texts).find("Support was late.", old_page=2)
    assert found is not None and (found.start_page, found.start_offset) == (2, 0)
    reflowed = Finder(["a long\nsentence broken\ndifferently here"])
    hit = reflowed.find("a long sentence broken differently\nhere", 0)
    assert hit is not None and (hit.start_offset, hit.end_offset, hit.exact) == (0, 39, True)
    stranger = Finder(["Nothing alike on this page at all."])
    assert stranger.find("Household income decided", 0) is None
