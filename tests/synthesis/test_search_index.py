"""The search index is derived: built on import, kept in step, rebuilt when it is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update

from app.core.fulltext import SearchOptions
from app.core.fulltext.coding import plan_coding
from app.core.fulltext.index import META_KEY
from app.core.project import Project
from app.store.models import Page, SearchText, Study
from tests.conftest import make_pdf
from tests.synthesis.review import Review


def indexed(project: Project) -> int:
    with project.database.reading() as session:
        return int(session.scalar(select(func.count()).select_from(SearchText)) or 0)


def fts_rows(project: Project, word: str) -> int:
    with project.database.reading() as session:
        return len(
            session.execute(
                text("SELECT rowid FROM search_fts WHERE search_fts MATCH :q"), {"q": word}
            ).all()
        )


def test_imported_pages_are_indexed_as_they_arrive(review: Review) -> None:
    assert indexed(review.project) == 4 + 3 + 2
    assert review.project.search_index.current()
    assert review.project.fulltext.search("networks").used_index


def test_a_deleted_study_leaves_nothing_in_the_index(review: Review, tmp_path: Path) -> None:
    project = review.project
    with project.database.transaction() as session:
        session.execute(delete(Study).where(Study.id == review.studies["okafor"]))
    assert indexed(project) == 4 + 3
    assert fts_rows(project, "navigate") == 0
    # Its page ids may be used again by the next import: that study is indexed afresh.
    make_pdf(tmp_path / "new.pdf", [["Navigate the maze of forms."], ["A second page."]])
    added = project.import_pdfs([tmp_path / "new.pdf"]).added[0]
    hits = project.fulltext.search("navigate").hits
    assert [(h.study_id, h.page) for h in hits] == [(added.id, 0)]
    assert fts_rows(project, "navigate") == 1


def test_missing_pages_are_indexed_before_a_search(review: Review) -> None:
    project = review.project
    with project.database.transaction() as session:
        session.execute(delete(SearchText))
    assert not project.search_index.current()
    result = project.fulltext.search('"household income"')
    assert result.used_index and len(result.hits) == 2
    assert indexed(project) == 9


def test_an_index_from_another_normaliser_is_rebuilt(review: Review) -> None:
    project = review.project
    with project.database.transaction() as session:
        session.execute(
            text("UPDATE project_meta SET value = '0.0' WHERE key = :k"), {"k": META_KEY}
        )
        session.execute(update(SearchText).values(body="stale"))
    assert fts_rows(project, "stale") == 9
    assert not project.search_index.current()
    assert len(project.fulltext.search("networks").hits) == 2
    assert project.search_index.current()
    assert fts_rows(project, "stale") == 0


def test_a_read_only_project_with_an_old_index_still_finds_everything(
    review: Review,
) -> None:
    project = review.project
    with project.database.transaction() as session:
        session.execute(delete(SearchText))
    path = project.path
    project.close()
    with Project.open(path, read_only=True) as reader:
        result = reader.fulltext.search('"financial burden" OR "informal networks"')
        assert not result.used_index
        assert [(h.page, h.hit.last_page) for h in result.hits] == [(1, 1), (1, 2)]


QUERIES = [
    '"household income"',
    "advoca*",
    "advocate NOT paid",
    "management",
    "self-management",
    '"financial burden"',
    "race",
    "informal OR peer",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("whole_words", [True, False])
def test_the_index_finds_what_reading_every_page_finds(
    review: Review, query: str, whole_words: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = SearchOptions(whole_words=whole_words)
    with_index = review.project.fulltext.search(query, options)
    assert with_index.used_index
    monkeypatch.setattr(review.project.search_index, "ensure", lambda *a, **k: False)
    every_page = review.project.fulltext.search(query, options)
    assert not every_page.used_index
    assert [h.hit for h in with_index.hits] == [h.hit for h in every_page.hits]
    assert with_index.pages_searched <= every_page.pages_searched


def test_autocode_goes_through_the_same_search(review: Review) -> None:
    project = review.project
    advocacy = review.codes["advocacy"]
    made = project.autocode("advocate", advocacy, ignore_case=True)
    assert [(p.study_id, p.start_page, p.quote) for p in made] == [
        (review.studies["hall"], 2, "advocate"),
        (review.studies["hall"], 2, "advocate"),
        (review.studies["okafor"], 0, "advocate"),
    ]
    assert project.autocode("advocate", advocacy, ignore_case=True) == []
    crossing = project.autocode("financial burden", review.codes["income"], ignore_case=True)
    assert [(p.start_page, p.end_page) for p in crossing] == [(1, 2)]


def test_a_coding_plan_tells_new_hits_from_coded_ones(review: Review) -> None:
    project = review.project
    hits = [h.hit for h in project.fulltext.search('"university degree" OR networks').hits]
    plan = plan_coding(project.passages, hits, review.codes["education"])
    assert len(plan.new) == 2 and len(plan.already) == 1
    assert plan.already[0].study_id == review.studies["hall"]


def test_pages_whose_text_layer_is_unusable_are_not_searched(review: Review) -> None:
    okafor = review.studies["okafor"]
    assert (okafor, 0) in {
        (h.study_id, h.page) for h in review.project.fulltext.search("advocate").hits
    }
    with review.project.database.transaction() as session:
        session.execute(
            update(Page)
            .where(Page.study_id == okafor, Page.page_index == 0)
            .values(text_status="unusable")
        )
    hits = review.project.fulltext.search("advocate").hits
    assert [h.study_id for h in hits] == [review.studies["hall"]] * 2
