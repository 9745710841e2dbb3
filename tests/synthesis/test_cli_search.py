"""`habitus search` and `habitus autocode` print and code what the window's search finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.project import Project
from tests.synthesis.review import Review


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def path(review: Review) -> Path:
    review.project.close()
    return review.project.path


def test_search_prints_hits_by_study_with_page_and_context(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "search", path, "advoca* NOT paid")
    assert code == 0
    assert out.splitlines() == [
        "okafor  (1 hit)",
        "  p. 1      Families could navigate the planning process with an [advocate].",
        "1 hit in 1 studies",
    ]


def test_search_json_carries_pages_across_a_break(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "search", path, '"financial burden"', "--json")
    payload = json.loads(out)
    assert code == 0 and payload["indexed"] is True
    [hit] = payload["hits"]
    assert (hit["study"], hit["page"], hit["end_page"], hit["cited"]) == ("nguyen", 2, 3, "2-3")


def test_search_options_regex_substring_case_and_study(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def count(*extra: str) -> int:
        code, out, _ = run(capsys, "search", path, *extra, "--json")
        assert code == 0
        return len(json.loads(out)["hits"])

    assert count("race") == 1
    assert count("race", "--substring") == 2
    assert count("household", "--match-case") == 0
    assert count(r"self-?management", "--regex") == 2
    assert count("networks", "--study", "nguyen") == 1


def test_a_query_that_cannot_be_read_is_a_usage_error(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "search", path, '"unclosed')
    assert code == 2 and "never closed" in err
    code, _, err = run(capsys, "search", path, "x", "--study", "nobody")
    assert code == 2 and "no study called 'nobody'" in err


def test_autocode_takes_a_query_and_codes_whole_words(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "autocode", path, "--query", "race OR peer", "--code", "Race", "--ignore-case"
    )
    assert code == 0 and "Coded 2 new passages with 'Race'" in out
    code, out, _ = run(
        capsys, "autocode", path, "--phrase", "race", "--code", "Race", "--substring"
    )
    assert code == 0 and "Coded 1 new passages" in out  # "t[race]d"; "race" is coded already
    with Project.open(path, read_only=True) as project:
        race = project.codebook.find("Race")
        assert race is not None
        quotes = sorted(p.quote for p in project.passages.list(code_id=race.id))
    assert quotes == ["Peer", "race", "race"]
