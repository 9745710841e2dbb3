"""What the text layer gets right on real PDFs by others (../shared/corpus)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.project import Project
from app.core.textnorm import display_quote
from tests.shared import require_shared

FILES = [
    "acad_shiftwork_journal",
    "acad_ieee_tifs_privacy",
    "acad_tracemonkey_pldi09",
    "rtl_hebrew",
    "cjk_chinese_quarterly_report",
    "rotated_all4_angles",
    "oddfont_tam_review",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, dict[str, int]]]:
    folder = require_shared("corpus")
    path = tmp_path_factory.mktemp("corpus") / "corpus.habitus"
    with Project.create(path) as project:
        report = project.import_pdfs([folder / f"{name}.pdf" for name in FILES])
        assert not report.failures
        ids = {Path(s.filename).stem: s.id for s in report.added}
        yield project, ids


def test_shiftwork_quote_across_the_page_break_reads_as_the_sentence(
    corpus: tuple[Project, dict[str, int]],
) -> None:
    project, ids = corpus
    study = ids["acad_shiftwork_journal"]
    before, after = project.studies.text(study, 2), project.studies.text(study, 3)
    start = before.rindex("The")
    end = after.index("links between") + len("links between")
    passage = project.passages.add_text(study, 2, start, 3, end)
    assert display_quote(passage.quote) == "The links between"
    assert project.page_numbers.cite(study, 2, 3) == "164-165"
    numbers = project.page_numbers.of_study(study)
    assert (numbers[2].label, numbers[2].printed) == ("2", "164")
    assert [n.cited for n in numbers][:3] == ["162", "163", "164"]
    project.passages.delete(passage.id)


def test_ieee_math_glyphs_survive(corpus: tuple[Project, dict[str, int]]) -> None:
    project, ids = corpus
    texts = project.studies.texts(ids["acad_ieee_tifs_privacy"])
    joined = "".join(texts)
    assert "Definition 1 (\u03f5-differential privacy)" in joined
    assert joined.count("\u03f5") >= 126
    assert joined.count("\u2032") >= 45
    assert joined.count("\u2225") >= 12
    assert project.search.find(
        "\u03f5-differential privacy", study_id=ids["acad_ieee_tifs_privacy"]
    )


def test_tracemonkey_race_is_a_word_not_part_of_trace(
    corpus: tuple[Project, dict[str, int]],
) -> None:
    project, ids = corpus
    study = ids["acad_tracemonkey_pldi09"]
    words = project.search.find("race", study_id=study, ignore_case=True)
    parts = project.search.find("race", study_id=study, ignore_case=True, whole_words=False)
    assert len(parts) > 400
    assert len(words) < 10


def test_hebrew_brackets_are_the_right_way_round(corpus: tuple[Project, dict[str, int]]) -> None:
    project, ids = corpus
    assert "15(ב)(4)" in project.studies.text(ids["rtl_hebrew"], 0)


def test_no_space_is_invented_between_chinese_and_digits(
    corpus: tuple[Project, dict[str, int]],
) -> None:
    project, ids = corpus
    first = project.studies.text(ids["cjk_chinese_quarterly_report"], 0)
    assert "公司2018" in first.replace("\n", "")
    assert "公司 2018" not in first


def test_turned_pages_read_in_the_rows_a_reader_sees(
    corpus: tuple[Project, dict[str, int]],
) -> None:
    project, ids = corpus
    for page in range(4):
        text = project.studies.text(ids["rotated_all4_angles"], page)
        first_line = text.splitlines()[0].split()
        assert first_line[:3] == ["cell[0][0]", "cell[0][1]", "cell[0][2]"], page


def test_unusable_pages_give_no_hits(corpus: tuple[Project, dict[str, int]]) -> None:
    project, ids = corpus
    study = ids["oddfont_tam_review"]
    usable = {p.index for p in project.studies.pages(study) if p.has_text}
    hits = project.search.find("the", study_id=study, ignore_case=True)
    assert {h.page for h in hits} <= usable
