"""Searching every study: the query language, whole words, boolean pages, page breaks."""

from __future__ import annotations

import pytest

from app.core.fulltext import QueryError, SearchOptions
from app.core.fulltext.query import And, Not, Or, Term, parse
from tests.synthesis.review import Review


def pages(review: Review, query: str, **options: bool) -> list[tuple[str, int]]:
    names = {v: k for k, v in review.studies.items()}
    result = review.project.fulltext.search(query, SearchOptions(**options))
    return [(names[h.study_id], h.page) for h in result.hits]


def test_the_query_language_reads_phrases_prefixes_and_operators() -> None:
    assert parse('"informal networks" OR educat*') == Or(
        (Term("informal networks", phrase=True), Term("educat", prefix=True))
    )
    assert parse("advocate NOT paid") == And((Term("advocate"), Not(Term("paid"))))
    assert parse("parent and child") == And((Term("parent"), Term("and"), Term("child")))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"informal networks', "never closed"),
        ("(income OR wealth", "never closed"),
        ("NOT paid", "not after NOT"),
        ("income OR", "ends where a word was expected"),
        ("   ", "Type something"),
    ],
)
def test_a_query_that_cannot_be_read_says_why(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(query)


def test_a_phrase_is_found_on_its_pages_in_study_order(review: Review) -> None:
    assert pages(review, '"household income"') == [("hall", 0), ("nguyen", 0)]
    assert pages(review, '"income household"') == []


def test_words_are_combined_on_the_page(review: Review) -> None:
    assert pages(review, "networks") == [("hall", 1), ("nguyen", 1)]
    assert pages(review, "peer networks") == [("nguyen", 1), ("nguyen", 1)]  # two words
    assert pages(review, "income OR employment") == [("hall", 0), ("nguyen", 0), ("nguyen", 0)]
    # A page with "advocate" but also "paid" is left out; its hits are the advocates only.
    assert pages(review, "advocate NOT paid") == [("okafor", 0)]


def test_a_prefix_runs_to_the_end_of_its_word(review: Review) -> None:
    result = review.project.fulltext.search("advoca*")
    quotes = [(h.page, h.matched) for h in result.hits]
    assert quotes == [(2, "advocate"), (2, "advocate"), (0, "advocate")]


def test_whole_words_by_default_substrings_when_asked(review: Review) -> None:
    assert [h.matched for h in review.project.fulltext.search("race").hits] == ["race"]
    loose = review.project.fulltext.search("race", SearchOptions(whole_words=False))
    assert [h.matched for h in loose.hits] == ["race", "race"]
    assert [h.hit.start for h in loose.hits] == [6, 16]  # "t[race]d", "the [race]"


def test_a_compound_is_split_at_its_hyphen_but_not_inside_a_word(review: Review) -> None:
    assert pages(review, "management") == [("hall", 1)]
    assert pages(review, "self-management") == [("hall", 1)]
    assert pages(review, "selfmanagement") == [("nguyen", 0)]


def test_case_is_ignored_unless_asked(review: Review) -> None:
    assert pages(review, "HOUSEHOLD") == [("hall", 0), ("nguyen", 0)]
    assert pages(review, "household", ignore_case=False) == []
    assert pages(review, "Household", ignore_case=False) == [("hall", 0), ("nguyen", 0)]


def test_a_phrase_across_a_page_break_skips_the_running_head(review: Review) -> None:
    result = review.project.fulltext.search('"financial burden"')
    assert len(result.hits) == 1
    hit = result.hits[0].hit
    text = review.project.studies.texts(review.studies["nguyen"])
    assert (hit.study_id, hit.page, hit.last_page) == (review.studies["nguyen"], 1, 2)
    assert text[1][hit.start :] == "financial"
    assert text[2][: hit.end].endswith("burden")
    assert result.hits[0].matched == "financial Nguyen and Patel 2020 burden"


def test_a_regular_expression_runs_over_the_searchable_text(review: Review) -> None:
    found = review.project.fulltext.search(r"advoca(te|cy)\b", SearchOptions(regex=True))
    assert [h.matched for h in found.hits] == ["advocate"] * 3
    compounds = pages(review, r"\bself-?management", regex=True)
    assert compounds == [("hall", 1), ("nguyen", 0)]
    with pytest.raises(QueryError, match="regular expression"):
        review.project.fulltext.search("(unclosed", SearchOptions(regex=True))


def test_a_search_can_be_limited_to_studies(review: Review) -> None:
    only = review.project.fulltext.search("networks", study_ids=[review.studies["nguyen"]])
    assert [(h.study_id, h.page) for h in only.hits] == [(review.studies["nguyen"], 1)]


def test_hits_come_with_their_context(review: Review) -> None:
    hit = review.project.fulltext.search('"university degree"').hits[0]
    assert (hit.before, hit.matched, hit.after) == (
        "Parents with a ",
        "university degree",
        " negotiated their plans. Household income decided who could top up…",
    )
