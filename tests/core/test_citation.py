"""Citations read the same everywhere: one, two, three or more authors, a, b on collisions."""

from __future__ import annotations

from app.core.citation import Citable, citation, citations, family_name


def test_one_two_and_three_or_more_authors() -> None:
    assert citation(["Hall, Sarah"], 2021) == "Hall (2021)"
    assert citation(["Hall, Sarah", "Ortiz, Jorge"], 2021) == "Hall & Ortiz (2021)"
    assert citation(["Hall, S.", "Ortiz, J.", "Müller, A."], 2021) == "Hall et al. (2021)"
    assert citation(["Hall, S.", "Ortiz, J.", "Müller, A.", "Lee, K."], 2021) == (
        "Hall et al. (2021)"
    )


def test_names_written_either_way_give_the_family_name() -> None:
    assert family_name("Sarah Hall") == "Hall"
    assert family_name("van der Berg, Jan") == "van der Berg"
    assert family_name("World Health Organization") == "Organization"
    assert citation(["Sarah Hall", "Jorge Ortiz"], 2020) == "Hall & Ortiz (2020)"


def test_no_authors_no_citation_and_no_year_is_nd() -> None:
    assert citation([], 2021) == ""
    assert citation(["Hall, S."], None) == "Hall (n.d.)"


def test_same_author_and_year_get_a_and_b_in_title_order() -> None:
    studies = [
        Citable(1, ("Hall, S.",), 2021, "Personal budgets"),
        Citable(2, ("Hall, S.",), 2021, "Advocacy and the NDIS"),
        Citable(3, ("Hall, S.",), 2020, "Earlier work"),
        Citable(4, ("Hall, S.", "Ortiz, J.", "Lee, K."), 2021, "B"),
        Citable(5, ("Hall, S.", "Kim, D.", "Roe, P."), 2021, "A"),
        Citable(6, (), 2021, "No authors"),
    ]
    assert citations(studies) == {
        1: "Hall (2021b)",
        2: "Hall (2021a)",
        3: "Hall (2020)",
        4: "Hall et al. (2021b)",
        5: "Hall et al. (2021a)",
        6: "",
    }
