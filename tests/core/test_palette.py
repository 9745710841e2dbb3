"""New factor colours: far from those in use, for normal colour vision and the dichromacies."""

from __future__ import annotations

import pytest

from app.core.palette import (
    PALETTE,
    delta_e_2000,
    differences,
    distance,
    nearest,
    next_colour,
)
from app.core.project import Project

# The colours a project took before new colours were chosen by distance: the 11th of them
# (#84a59d) was handed out beside an existing #81b29a.
OLD_SEQUENCE = [
    "#f2c14e", "#5fa8d3", "#e07a5f", "#81b29a", "#b388eb",
    "#f28482", "#4ecdc4", "#c9a227", "#9ad1d4", "#e5989b",
]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # Reference pairs published with the CIEDE2000 formula (Sharma, Wu and Dalal 2005).
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (50.0, 3.2592, 0.3350), 1.0000),
    ],
)
def test_ciede2000_matches_the_published_reference_values(
    first: tuple[float, float, float], second: tuple[float, float, float], expected: float
) -> None:
    assert delta_e_2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(second, first) == pytest.approx(expected, abs=1e-4)


def test_ciede2000_agrees_with_the_colour_library() -> None:
    from coloraide import Color

    for a, b in [("#e69f00", "#3d8bd6"), ("#81b29a", "#84a59d"), ("#d1495b", "#c17c74")]:
        ours = differences(a, b)["normal"]
        assert ours == pytest.approx(Color(a).delta_e(b, method="2000"), abs=1e-3)


def test_a_red_green_pair_is_close_to_a_deuteranope_though_far_to_others() -> None:
    seen = differences("#d1495b", "#6d8a00")
    assert seen["normal"] > 30
    assert seen["deuteranopia"] < seen["normal"] / 3
    assert distance("#d1495b", "#6d8a00") == min(seen.values())


def test_the_colour_given_beside_an_existing_one_is_now_far_from_every_colour() -> None:
    assert distance("#84a59d", "#81b29a") < 5  # what used to be handed out: nearly the same
    new = next_colour(OLD_SEQUENCE)
    assert new != "#84a59d"
    for used in OLD_SEQUENCE:
        assert min(differences(new, used).values()) >= 10


def test_colours_are_taken_from_the_palette_first_and_never_repeat_while_others_are_left() -> None:
    used: list[str] = []
    for _ in range(40):
        used.append(next_colour(used))
    assert used[0] == PALETTE[0]
    assert len(set(used)) == 40
    # Each new colour is as far from those before as the first choice of the palette allows.
    assert all(nearest(c, used[:i]) >= 2.0 for i, c in enumerate(used) if i)
    assert sum(colour in PALETTE for colour in used[:16]) >= 12


def test_a_colour_the_researcher_picked_is_kept_as_she_picked_it(project: Project) -> None:
    code = project.codebook.add("Stigma", colour="#84A59D")
    assert project.codebook.get(code.id).colour == "#84a59d"
    # And the next factor keeps away from it.
    other = project.codebook.add("Self-advocacy")
    assert distance(other.colour, "#84a59d") >= 5
