"""Reshaping a codebook: merge, split, nest, delete and restore, themes many-to-many."""

from __future__ import annotations

import pytest

from app.core.errors import CoreError
from app.core.project import Project
from app.core.types import Passage


def _passages(project: Project, count: int) -> list[Passage]:
    study = project.studies.list()[0]
    return [project.passages.add_text(study.id, 0, 10 * n, 0, 10 * n + 5) for n in range(count)]


def _state(project: Project) -> tuple[object, ...]:
    """Everything a codebook edit may touch, comparable before and after an undo."""
    codings = sorted((p.id, c) for p in project.passages.list() for c in p.code_ids)
    return (
        project.codebook.list(),
        sorted(project.frameworks.mapping().items()),
        codings,
        project.memos.all(),
        project.frameworks.themes(),
    )


def test_merging_keeps_one_coding_for_a_passage_coded_with_both(imported: Project) -> None:
    book = imported.codebook
    source = book.add("Parent advocacy")
    target = book.find("Advocacy (self, familial, not-for-profit, paid)")
    assert target is not None
    one, both, other = _passages(imported, 3)
    imported.passages.apply(one.id, source.id)
    imported.passages.apply(both.id, source.id)
    imported.passages.apply(both.id, target.id)
    imported.passages.apply(other.id, target.id)

    book.merge(source.id, target.id)

    assert book.find("Parent advocacy") is None
    assert imported.passages.get(both.id).code_ids == (target.id,)
    assert {p.id for p in imported.passages.list(code_id=target.id)} == {one.id, both.id, other.id}
    assert book.counts()[target.id].passages == 3


def test_merging_moves_children_themes_and_memo_and_undoes_exactly(imported: Project) -> None:
    book, frameworks = imported.codebook, imported.frameworks
    themes = {t.name: t.id for t in frameworks.themes()}
    source = book.add("Schooling")
    child = book.add("University degree", parent_id=source.id)
    target = book.find("Education")
    assert target is not None
    frameworks.map(source.id, themes["Symbolic capital"])
    imported.memos.set("code", source.id, "Credentials count as symbols too.")
    (passage,) = _passages(imported, 1)
    imported.passages.apply(passage.id, source.id)
    before = _state(imported)

    snapshot = book.merge(source.id, target.id)

    assert book.get(child.id).parent_id == target.id
    assert set(frameworks.mapping()[target.id]) == {
        themes["Cultural capital"],
        themes["Symbolic capital"],
    }
    assert "Credentials" in imported.memos.get("code", target.id)

    book.unmerge(snapshot)

    assert _state(imported) == before


def test_merging_into_own_sub_factor_is_refused(project: Project) -> None:
    parent = project.codebook.add("Networks")
    child = project.codebook.add("Peers", parent_id=parent.id)
    with pytest.raises(CoreError):
        project.codebook.merge(parent.id, child.id)
    with pytest.raises(CoreError):
        project.codebook.merge(parent.id, parent.id)


def test_split_moves_chosen_passages_to_a_new_factor_with_the_same_themes(
    imported: Project,
) -> None:
    book = imported.codebook
    income = book.find("Household income")
    assert income is not None
    keep, move = _passages(imported, 2)
    imported.passages.apply(keep.id, income.id)
    imported.passages.apply(move.id, income.id)
    before = _state(imported)

    new = book.split(income.id, [move.id], "Topping up support")

    assert imported.passages.get(move.id).code_ids == (new.id,)
    assert imported.passages.get(keep.id).code_ids == (income.id,)
    assert imported.frameworks.mapping()[new.id] == imported.frameworks.mapping()[income.id]
    order = [c.id for c in book.list()]
    assert order.index(new.id) == order.index(income.id) + 1
    assert new.colour not in {c.colour for c in book.list() if c.id != new.id}

    undo = book.merge(new.id, income.id)
    assert _state(imported) == before
    assert book.unmerge(undo).id == new.id
    assert imported.passages.get(move.id).code_ids == (new.id,)


def test_split_refuses_passages_without_the_factor(imported: Project) -> None:
    income = imported.codebook.find("Household income")
    assert income is not None
    (passage,) = _passages(imported, 1)
    with pytest.raises(CoreError):
        imported.codebook.split(income.id, [passage.id], "Elsewhere")


def test_move_nests_and_reorders_but_never_inside_itself(project: Project) -> None:
    book = project.codebook
    a, b, c = book.add("A"), book.add("B"), book.add("C")
    child = book.add("A1", parent_id=a.id)

    was = book.move(c.id, a.id, 0)
    assert book.get(c.id).parent_id == a.id
    assert [x.id for x in book.list() if x.parent_id == a.id] == [c.id, child.id]

    with pytest.raises(CoreError):
        book.move(a.id, child.id, 0)
    with pytest.raises(CoreError):
        book.move(a.id, a.id, 0)
    assert book.get(a.id).parent_id is None

    book.move(c.id, was.parent_id, was.row)
    roots = [x.id for x in book.list() if x.parent_id is None]
    assert roots[-3:] == [a.id, b.id, c.id]

    book.move(b.id, None, 0)
    assert next(x.id for x in book.list() if x.parent_id is None) == b.id


def test_delete_moves_children_up_and_restore_puts_everything_back(imported: Project) -> None:
    book = imported.codebook
    advocacy = book.find("Advocacy (self, familial, not-for-profit, paid)")
    paid = book.find("Paid advocacy")
    assert advocacy is not None and paid is not None
    one, two = _passages(imported, 2)
    imported.passages.apply(one.id, advocacy.id)
    imported.passages.apply(two.id, advocacy.id)
    imported.passages.apply(two.id, paid.id)
    imported.memos.set("code", advocacy.id, "Who speaks up.")
    before = _state(imported)
    assert book.coding_count(advocacy.id) == 2

    snapshot = book.delete(advocacy.id)

    assert book.get(paid.id).parent_id is None
    assert imported.passages.get(one.id).code_ids == ()
    assert imported.passages.get(two.id).code_ids == (paid.id,)
    assert imported.memos.get("code", advocacy.id) == ""

    restored = book.restore(snapshot)

    assert restored == advocacy
    assert _state(imported) == before


def test_a_factor_under_two_themes_is_found_under_both(imported: Project) -> None:
    themes = {t.name: t.id for t in imported.frameworks.themes()}
    advocacy = imported.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
    education = imported.codebook.find("Education")
    assert advocacy is not None and education is not None
    coded, other = _passages(imported, 2)
    imported.passages.apply(coded.id, advocacy.id)
    imported.passages.apply(other.id, education.id)

    social = [p.id for p in imported.passages.list(theme_id=themes["Social capital"])]
    symbolic = [p.id for p in imported.passages.list(theme_id=themes["Symbolic capital"])]
    economic = [p.id for p in imported.passages.list(theme_id=themes["Economic capital"])]

    assert social == symbolic == [coded.id]
    assert economic == []
    imported.frameworks.unmap(advocacy.id, themes["Symbolic capital"])
    assert imported.passages.list(theme_id=themes["Symbolic capital"]) == []


def test_theme_edits_and_deletes_undo_exactly(project: Project) -> None:
    frameworks = project.frameworks
    (framework,) = frameworks.list()
    social, symbolic = frameworks.themes(framework.id)[2:4]
    before = _state(project)

    frameworks.update_theme(social.id, name="Social", colour="#112233", description="Ties")
    assert frameworks.theme(social.id).colour == "#112233"
    assert frameworks.move_theme(symbolic.id, 0) == 3
    assert frameworks.themes(framework.id)[0].id == symbolic.id
    frameworks.move_theme(symbolic.id, 3)
    frameworks.update_theme(social.id, social.name, social.description, social.colour)
    snapshot = frameworks.delete_theme(social.id)
    assert social.id not in {t.id for t in frameworks.themes()}
    frameworks.restore_theme(snapshot)
    assert _state(project) == before

    whole = frameworks.delete(framework.id)
    assert frameworks.list() == [] and frameworks.mapping() == {}
    frameworks.restore(whole)
    assert _state(project) == before
