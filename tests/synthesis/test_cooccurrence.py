"""Co-occurrence on the hand-built review: overlaps, passages with both, studies with both."""

from __future__ import annotations

from app.core.synthesis.cooccurrence import Measure, cooccurrence
from tests.synthesis.review import Review


def cell(review: Review, measure: Measure, a: str, b: str) -> tuple[int, list[str]]:
    result = cooccurrence(review.project)
    index = {code.id: n for n, code in enumerate(result.codes)}
    row, column = index[review.codes[a]], index[review.codes[b]]
    names = {v: k for k, v in review.passages.items()}
    value = result.matrix(measure)[row][column]
    assert result.matrix(measure)[column][row] == value  # symmetric
    return value, [names[p] for p in result.passages(measure, row, column)]


def test_overlapping_passages_are_counted_and_listed(review: Review) -> None:
    assert cell(review, Measure.OVERLAPPING, "informal", "where") == (1, ["P9", "P10"])
    assert cell(review, Measure.OVERLAPPING, "navigating", "advocacy") == (1, ["P11", "P12"])
    assert cell(review, Measure.OVERLAPPING, "education", "income") == (0, [])
    assert cell(review, Measure.OVERLAPPING, "informal", "advocacy") == (0, [])
    total = sum(map(sum, cooccurrence(review.project).overlapping))
    assert total == 4  # two pairs, each counted in both halves


def test_passages_coded_with_both(review: Review) -> None:
    assert cell(review, Measure.BOTH, "informal", "advocacy") == (1, ["P6"])
    assert cell(review, Measure.BOTH, "income", "capacity") == (1, ["P7"])
    assert cell(review, Measure.BOTH, "advocacy", "advocacy") == (2, ["P6", "P12"])
    assert cell(review, Measure.BOTH, "education", "income") == (0, [])


def test_studies_with_both(review: Review) -> None:
    assert cell(review, Measure.STUDIES, "informal", "advocacy") == (1, ["P3", "P6"])
    assert cell(review, Measure.STUDIES, "income", "capacity")[0] == 2
    assert cell(review, Measure.STUDIES, "employed", "navigating") == (1, ["P11", "P13"])
    assert cell(review, Measure.STUDIES, "employed", "employed")[0] == 2


def test_a_region_overlaps_what_it_covers(review: Review) -> None:
    project = review.project
    okafor = review.studies["okafor"]
    words = project.studies.words(okafor, 0)
    first = words[0]
    region = project.passages.add_region(
        okafor, 0, (first.x0, first.top, first.x1, first.bottom), (review.codes["education"],)
    )
    result = cooccurrence(project)
    index = {code.id: n for n, code in enumerate(result.codes)}
    education, navigating = index[review.codes["education"]], index[review.codes["navigating"]]
    assert result.overlapping[education][navigating] == 0  # "Families" is before "navigate"
    whole = project.passages.add_region(okafor, 0, (60, 60, 560, 100), (review.codes["where"],))
    result = cooccurrence(project)
    where = index[review.codes["where"]]
    assert result.overlapping[where][navigating] == 1
    assert result.overlapping[where][education] == 1
    assert {region.id, whole.id} <= set(result.passages(Measure.OVERLAPPING, where, education))


def test_passages_that_only_touch_do_not_overlap(review: Review) -> None:
    project = review.project
    okafor = review.studies["okafor"]
    text = project.studies.text(okafor, 0)
    start = text.index("navigate")
    project.passages.add_text(okafor, 0, 0, 0, start, (review.codes["education"],))
    project.passages.add_text(okafor, 0, 0, 0, start + 1, (review.codes["paid"],))
    result = cooccurrence(project)
    index = {code.id: n for n, code in enumerate(result.codes)}
    navigating = index[review.codes["navigating"]]
    assert result.overlapping[index[review.codes["education"]]][navigating] == 0
    assert result.overlapping[index[review.codes["paid"]]][navigating] == 1
