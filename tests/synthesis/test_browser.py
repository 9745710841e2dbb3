"""The passage browser: every filter on the hand-built review, with its right answer."""

from __future__ import annotations

import pytest

from app.core.synthesis.browser import PassageFilter, browse
from tests.synthesis.review import Review

ALL = [f"P{n}" for n in range(1, 14)]


def keys(review: Review, wanted: PassageFilter) -> list[str]:
    names = {v: k for k, v in review.passages.items()}
    return [names[row.passage_id] for row in browse(review.project, wanted).rows]


def test_every_passage_in_study_and_page_order(review: Review) -> None:
    assert keys(review, PassageFilter()) == ALL


def test_a_row_shows_study_page_quote_factors_and_memo(review: Review) -> None:
    rows = {row.passage_id: row for row in browse(review.project).rows}
    p6 = rows[review.passages["P6"]]
    assert (p6.study, p6.page, p6.quote) == ("hall", "3", "a fierce advocate for their child")
    assert (
        p6.factors
        == "Advocacy (self, familial, not-for-profit, paid); Informal networks and support"
    )
    assert rows[review.passages["P4"]].memo == "Funds were hard for some to manage."
    assert rows[review.passages["P13"]].quote == "[region]"
    assert rows[review.passages["P13"]].page == "2"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"code_ids": ("advocacy",)}, ["P5", "P6", "P12"]),
        ({"code_ids": ("advocacy",), "subfactors": False}, ["P6", "P12"]),
        ({"code_ids": ("education", "employed")}, ["P1", "P8", "P13"]),
        ({"code_ids": ("income", "capacity"), "all_codes": True}, ["P7"]),
        ({"theme_ids": ("social",)}, ["P3", "P5", "P6", "P9", "P12"]),
        ({"theme_ids": ("social",), "subfactors": False}, ["P3", "P6", "P9", "P12"]),
        ({"theme_ids": ("symbolic",)}, ["P5", "P6", "P12"]),
        ({"study_ids": ("nguyen",)}, ["P7", "P8", "P9", "P10"]),
        ({"statuses": ("excluded",)}, ["P11", "P12", "P13"]),
        ({"statuses": ("included",)}, ALL[:10]),
        ({"groups": ("(a)",)}, ALL[:6]),
        ({"attributes": (("region", "Australia"),)}, [*ALL[:6], "P11", "P12", "P13"]),
        ({"attributes": (("region", "Australia"), ("approach", "Interviews"))}, ALL[:6]),
        # Record fields filter as attributes do, by the name the filter shows or any case.
        ({"attributes": (("Country", "Australia"),)}, [*ALL[:6], "P11", "P12", "P13"]),
        ({"attributes": (("design", "Survey"),)}, ["P7", "P8", "P9", "P10"]),
        ({"text": "fierce"}, ["P6"]),
        ({"text": "HARD FOR SOME"}, ["P4"]),  # in the memo
        ({"text": "advocate"}, ["P5", "P6", "P12"]),
        ({"code_ids": ("informal",), "study_ids": ("hall",)}, ["P3", "P6"]),
        ({"code_ids": ("paid",), "statuses": ("excluded",)}, []),
    ],
)
def test_each_filter_keeps_the_right_passages(
    review: Review, filters: dict[str, object], expected: list[str]
) -> None:
    lookups = {"code_ids": review.codes, "theme_ids": review.themes, "study_ids": review.studies}
    resolved = {
        key: tuple(lookups[key][v] for v in value) if key in lookups else value  # type: ignore[attr-defined]
        for key, value in filters.items()
    }
    assert keys(review, PassageFilter(**resolved)) == expected  # type: ignore[arg-type]


def test_the_study_facets_list_what_can_be_filtered_on(review: Review) -> None:
    facets = review.project.study_facets
    assert facets.statuses() == ["excluded", "included"]
    assert facets.groups() == ["(a)", "(b)"]
    assert facets.attribute_names() == ["Country", "Design", "approach", "funding", "region"]
    assert facets.attribute_values("Country") == ["Australia", "United Kingdom"]
    assert facets.attribute_values("region") == ["Australia", "United Kingdom"]


def test_the_rows_copy_as_a_table(review: Review) -> None:
    table = browse(review.project, PassageFilter(text="degree"))
    assert table.HEADERS == ("Study", "Page", "Quote", "Factors", "Memo", "Text check")
    assert table.table() == [["hall", "1", "university degree", "Education", "", ""]]
    assert table.studies == 1
