"""Table 1 on the hand-built review: columns under themes, counts, roll-up, filters."""

from __future__ import annotations

from app.core.synthesis.table1 import table1
from tests.synthesis.review import SHORT, Review

NAMES = {name: key for key, name in SHORT.items()}


def test_factors_are_grouped_under_the_themes_a_shared_one_under_both(review: Review) -> None:
    table = table1(review.project)
    assert [(g.name, g.size) for g in table.groups] == [
        ("Economic capital", 4),
        ("Cultural capital", 3),
        ("Social capital", 2),
        ("Symbolic capital", 1),
    ]
    assert [NAMES[c.name] for c in table.columns] == [
        "employed", "income", "capacity", "paid",
        "education", "navigating", "where",
        "informal", "advocacy",
        "advocacy",
    ]  # fmt: skip
    marks = [(NAMES[c.name], c.also_under) for c in table.columns if c.marked]
    assert marks == [("advocacy", ("Symbolic capital",)), ("advocacy", ("Social capital",))]


def test_cells_count_passages_with_sub_factors_and_the_roll_up_counts_themes(
    review: Review,
) -> None:
    table = table1(review.project)
    rows = {row.citation: row for row in table.rows}
    assert [row.citation for row in table.rows] == ["hall", "nguyen", "okafor"]
    assert rows["hall"].counts == (0, 1, 1, 1, 1, 0, 0, 2, 2, 2)
    assert rows["nguyen"].counts == (1, 1, 1, 0, 0, 0, 1, 1, 0, 0)
    assert rows["okafor"].counts == (1, 0, 0, 0, 0, 1, 0, 0, 1, 1)
    assert rows["hall"].themes == (3, 1, 3, 2)
    assert rows["nguyen"].themes == (2, 1, 1, 0)
    assert rows["okafor"].themes == (1, 1, 1, 1)
    assert rows["hall"].record == ("Interviews", "24 parents", "Australia")
    assert rows["nguyen"].record == ("Survey", "", "United Kingdom")
    assert table.column_studies() == [2, 2, 2, 1, 1, 1, 1, 2, 2, 2]
    assert table.theme_studies() == [3, 3, 3, 2]


def test_without_sub_factors_a_parent_counts_only_its_own_passages(review: Review) -> None:
    rows = table1(review.project, subfactors=False).rows
    hall = rows[0]
    assert hall.counts[8:] == (1, 1)
    assert hall.themes == (3, 1, 2, 1)


def test_status_and_group_choose_the_rows(review: Review) -> None:
    assert [r.citation for r in table1(review.project, statuses=["included"]).rows] == [
        "hall",
        "nguyen",
    ]
    assert [r.citation for r in table1(review.project, groups=["(b)"]).rows] == ["nguyen"]


def test_factors_under_no_theme_come_last_unless_left_out(review: Review) -> None:
    project = review.project
    extra = project.codebook.add("Rurality")
    project.passages.apply(review.passages["P11"], extra.id)
    table = table1(project)
    assert (table.groups[-1].name, table.columns[-1].name) == ("No theme", "Rurality")
    assert [row.counts[-1] for row in table.rows] == [0, 0, 1]
    assert "Rurality" not in [c.name for c in table1(project, unthemed=False).columns]
