"""Passages and codings through core: spans, regions, factors, memos, retrieval."""

from __future__ import annotations

import pytest

from app.core.errors import CoreError
from app.core.project import Project
from app.core.types import StudyInfo


def study(project: Project, name: str) -> StudyInfo:
    return next(s for s in project.studies.list() if s.name == name)


def span_of(project: Project, study_id: int, page: int, phrase: str) -> tuple[int, int]:
    text = project.studies.text(study_id, page)
    start = text.index(phrase)
    return start, start + len(phrase)


def test_a_text_passage_keeps_its_quote_boxes_and_factors(imported: Project) -> None:
    alpha = study(imported, "alpha")
    education = imported.codebook.find("Education")
    assert education is not None
    start, end = span_of(imported, alpha.id, 0, "university degree")

    passage = imported.passages.add_text(alpha.id, 0, start, 0, end, (education.id,))

    again = imported.passages.get(passage.id)
    assert again.quote == "university degree"
    assert again.code_ids == (education.id,)
    assert len(again.boxes) == 1
    box = again.boxes[0]
    assert box.page == 0 and 72 < box.x0 < box.x1 < 400 and 66 <= box.top < box.bottom < 90


def test_a_passage_can_run_across_a_page_break(imported: Project) -> None:
    alpha = study(imported, "alpha")
    first = imported.studies.text(alpha.id, 0)
    start = first.index("Informal")
    end = imported.studies.text(alpha.id, 1).index(":")
    passage = imported.passages.add_text(alpha.id, 0, start, 1, end)
    assert passage.quote.startswith("Informal networks")
    assert passage.quote.endswith("Second page")
    assert {box.page for box in passage.boxes} == {0, 1}


def test_a_passage_over_several_lines_gets_one_box_per_line(imported: Project) -> None:
    alpha = study(imported, "alpha")
    text = imported.studies.text(alpha.id, 0)
    passage = imported.passages.add_text(
        alpha.id, 0, text.index("university"), 0, text.index("top up")
    )
    assert len(passage.boxes) == 2
    assert passage.boxes[0].bottom <= passage.boxes[1].top + 1


def test_a_region_on_a_scan_is_a_passage_without_text(imported: Project) -> None:
    scan = study(imported, "gamma-scan")
    code = imported.codebook.find("Household income")
    assert code is not None
    passage = imported.passages.add_region(scan.id, 0, (100, 100, 300, 200), (code.id,))
    assert passage.kind == "region"
    assert passage.rect == (100, 100, 300, 200)
    assert passage.quote == ""
    assert imported.passages.list(code_id=code.id)[0].id == passage.id


def test_a_region_over_text_quotes_the_words_inside(imported: Project) -> None:
    alpha = study(imported, "alpha")
    words = imported.studies.words(alpha.id, 0)
    first = words[0]
    passage = imported.passages.add_region(
        alpha.id, 0, (first.x0 - 2, first.top - 2, first.x1 + 2, first.bottom + 2)
    )
    assert passage.quote == "Parents"


def test_empty_or_reversed_spans_are_refused(imported: Project) -> None:
    alpha = study(imported, "alpha")
    with pytest.raises(CoreError):
        imported.passages.add_text(alpha.id, 0, 10, 0, 10)
    with pytest.raises(CoreError):
        imported.passages.add_text(alpha.id, 0, 0, 0, 10_000)


def test_factors_apply_and_remove_and_overlaps_are_normal(imported: Project) -> None:
    alpha = study(imported, "alpha")
    education = imported.codebook.find("Education")
    income = imported.codebook.find("Household income")
    assert education and income
    outer = imported.passages.add_text(alpha.id, 0, 0, 0, 40, (education.id,))
    inner = imported.passages.add_text(alpha.id, 0, 10, 0, 30, (income.id,))

    assert imported.passages.apply(outer.id, income.id) is True
    assert imported.passages.apply(outer.id, income.id) is False
    assert set(imported.passages.get(outer.id).code_ids) == {education.id, income.id}
    assert imported.passages.remove(outer.id, education.id) is True
    assert imported.passages.get(outer.id).code_ids == (income.id,)
    assert {p.id for p in imported.passages.list(code_id=income.id)} == {outer.id, inner.id}


def test_a_deleted_passage_comes_back_whole(imported: Project) -> None:
    alpha = study(imported, "alpha")
    code = imported.codebook.find("Education")
    assert code is not None
    passage = imported.passages.add_text(alpha.id, 0, 0, 0, 20, (code.id,))
    imported.memos.set("passage", passage.id, "Why this matters")

    snapshot = imported.passages.delete(passage.id)
    assert imported.passages.list(study_id=alpha.id) == []
    assert imported.memos.get("passage", passage.id) == ""

    restored = imported.passages.restore(snapshot)
    assert restored == passage
    assert imported.memos.get("passage", passage.id) == "Why this matters"


def test_passages_by_theme_follow_the_many_to_many_map(imported: Project) -> None:
    alpha = study(imported, "alpha")
    advocacy = imported.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
    assert advocacy is not None
    passage = imported.passages.add_text(alpha.id, 1, 0, 1, 10, (advocacy.id,))
    themes = {t.name: t.id for t in imported.frameworks.themes()}
    assert [p.id for p in imported.passages.list(theme_id=themes["Social capital"])] == [passage.id]
    assert [p.id for p in imported.passages.list(theme_id=themes["Symbolic capital"])] == [
        passage.id
    ]
    assert imported.passages.list(theme_id=themes["Economic capital"]) == []


def test_memos_on_every_kind_of_target(imported: Project) -> None:
    alpha = study(imported, "alpha")
    code = imported.codebook.list()[0]
    imported.memos.set("project", None, "The review question")
    imported.memos.set("study", alpha.id, "Strong design")
    imported.memos.set("code", code.id, "Count degrees only")
    assert imported.memos.get("project") == "The review question"
    assert imported.memos.get("study", alpha.id) == "Strong design"
    assert imported.memos.get("code", code.id) == "Count degrees only"
    imported.memos.set("study", alpha.id, "")
    assert imported.memos.get("study", alpha.id) == ""


def test_every_change_is_announced(imported: Project) -> None:
    heard: list[frozenset[str]] = []
    imported.on_change(lambda change: heard.append(change.kinds))
    alpha = study(imported, "alpha")
    imported.passages.add_text(alpha.id, 0, 0, 0, 5)
    imported.codebook.add("New factor")
    assert heard == [frozenset({"passages"}), frozenset({"codes"})]


def test_a_read_only_project_refuses_edits(imported: Project) -> None:
    path = imported.path
    with Project.open(path, read_only=True) as reader:
        with pytest.raises(CoreError, match="read-only"):
            reader.codebook.add("Nope")
        assert len(reader.studies.list()) == 3


def test_a_passage_ending_inside_a_word_is_boxed_only_that_far(imported: Project) -> None:
    alpha = study(imported, "alpha")
    start, end = span_of(imported, alpha.id, 0, "university")
    whole = imported.passages.add_text(alpha.id, 0, start, 0, end).boxes[0]
    part = imported.passages.add_text(alpha.id, 0, start, 0, start + 5).boxes[0]
    assert part.x0 == whole.x0
    assert whole.x0 < part.x1 < whole.x1 - 10


def test_boxes_are_the_same_whether_or_not_the_page_was_shown_first(imported: Project) -> None:
    alpha = study(imported, "alpha")
    text = imported.studies.text(alpha.id, 0)
    start, end = text.index("degree negotiated"), text.index("their")
    assert imported.studies.pages_without_words(alpha.id) == [0, 1]
    unseen = imported.passages.add_text(alpha.id, 0, start, 0, end)
    assert imported.studies.pages_without_words(alpha.id) == [0, 1], "not computed for a hit"
    imported.studies.words(alpha.id, 0)  # the page is shown
    seen = imported.passages.add_text(alpha.id, 0, start, 0, end)
    assert len(unseen.boxes) == len(seen.boxes) == 1
    for a, b in zip(unseen.boxes, seen.boxes, strict=True):
        assert abs(a.x0 - b.x0) < 1.5 and abs(a.x1 - b.x1) < 1.5 and abs(a.top - b.top) < 0.5


def test_changes_inside_a_larger_action_are_announced_once_it_is_saved(
    imported: Project,
) -> None:
    heard: list[frozenset[str]] = []
    imported.on_change(lambda change: heard.append(change.kinds))
    with imported.database.transaction():
        imported.codebook.add("One")
        imported.codebook.add("Two")
        assert heard == []
    assert heard == [frozenset({"codes"})]

    heard.clear()
    try:
        with imported.database.transaction():
            imported.codebook.add("Three")
            raise RuntimeError("stopped")
    except RuntimeError:
        pass
    assert heard == []
    assert imported.codebook.find("Three") is None
