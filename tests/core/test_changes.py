"""What an action announces: which studies, passages, factors and themes it changed, and who
asked; a larger action announces once, everything together."""

from __future__ import annotations

from app.core.changes import Change
from app.core.project import Project
from app.core.types import StudyInfo
from tests.sqlcount import statements


def study(project: Project, name: str) -> StudyInfo:
    return next(s for s in project.studies.list() if s.name == name)


def heard_by(project: Project) -> list[Change]:
    heard: list[Change] = []
    project.on_change(heard.append)
    return heard


def test_coding_a_passage_names_its_study_passage_and_factor(imported: Project) -> None:
    alpha = study(imported, "alpha")
    education = imported.codebook.find("Education")
    assert education is not None
    heard = heard_by(imported)

    passage = imported.passages.add_text(alpha.id, 0, 0, 0, 7, (education.id,))

    (change,) = heard
    assert change.kinds == {"passages"}
    assert change.study_id == alpha.id and change.studies == {alpha.id}
    assert change.passages == {passage.id}
    assert change.codes == {education.id}
    assert not change.whole("passages")
    assert change.touches_study(alpha.id) and not change.touches_study(alpha.id + 1)


def test_applying_a_factor_already_there_announces_nothing(imported: Project) -> None:
    alpha = study(imported, "alpha")
    first, second = imported.codebook.list()[:2]
    passage = imported.passages.add_text(alpha.id, 0, 0, 0, 7, (first.id,))
    heard = heard_by(imported)

    assert not imported.passages.apply(passage.id, first.id)
    assert imported.passages.apply(passage.id, second.id)

    (change,) = heard
    assert (change.passages, change.codes) == ({passage.id}, {second.id})


def test_deleting_a_factor_names_the_passages_themes_and_memo_it_took(imported: Project) -> None:
    alpha = study(imported, "alpha")
    education = imported.codebook.find("Education")
    assert education is not None
    passage = imported.passages.add_text(alpha.id, 0, 0, 0, 7, (education.id,))
    themes = {t.id for t in imported.frameworks.themes_of(education.id)}
    heard = heard_by(imported)

    imported.codebook.delete(education.id)

    (change,) = heard
    assert change.kinds == {"codes", "passages", "frameworks", "memos"}
    assert change.codes == {education.id}
    assert change.passages == {passage.id}
    assert change.themes == themes
    assert change.memos == {("code", education.id)}
    assert change.touches_study(alpha.id)  # its passages may lie in any study


def test_a_memo_names_its_target(imported: Project) -> None:
    alpha = study(imported, "alpha")
    heard = heard_by(imported)
    imported.memos.set("study", alpha.id, "Strong design")
    (change,) = heard
    assert change.kinds == {"memos"} and change.memos == {("study", alpha.id)}


def test_changes_inside_one_action_arrive_as_one(imported: Project) -> None:
    heard = heard_by(imported)
    with imported.database.transaction():
        one = imported.codebook.add("One")
        two = imported.codebook.add("Two")
        assert heard == []
    (change,) = heard
    assert change.kinds == {"codes"} and change.codes == {one.id, two.id}


def test_a_kind_named_whole_stays_whole_when_merged() -> None:
    named = Change(frozenset({"passages"}), 3, studies=frozenset({3}), passages=frozenset({7}))
    whole = Change(frozenset({"passages"}))
    merged = Change.merged([named, whole])
    assert merged.whole("passages")
    assert merged.touches_study(5)
    assert Change.merged([named, named]).passages == {7}


def test_the_origin_of_a_change_is_who_asked_for_it(imported: Project) -> None:
    heard = heard_by(imported)
    asker = object()
    with imported.acting_as(asker):
        imported.codebook.add("Asked for")
    imported.codebook.add("Not asked for")
    assert [change.origin for change in heard] == [asker, None]


def test_coding_a_page_already_read_writes_two_statements(imported: Project) -> None:
    alpha = study(imported, "alpha")
    education = imported.codebook.find("Education")
    assert education is not None
    imported.studies.words(alpha.id, 0)  # the page on screen: its words are read

    with statements(imported) as sent:
        imported.passages.add_text(alpha.id, 0, 0, 0, 7, (education.id,))

    assert [s.split()[0] for s in sent] == ["INSERT", "INSERT"], sent
