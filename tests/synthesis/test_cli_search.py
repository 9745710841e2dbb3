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


def test_passages_table1_and_cooccurrence_print_what_the_window_shows(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "passages", path, "--factor", "Paid advocacy")
    assert code == 0
    assert out.splitlines()[1].startswith("hall\t3\tA paid advocate prepared the family")
    code, out, _ = run(capsys, "passages", path, "--attribute", "region=United Kingdom", "--json")
    assert [row["quote"][:4] for row in json.loads(out)["passages"]] == [
        "Hous", "stab", "Peer", "know"
    ]  # fmt: skip
    code, out, _ = run(capsys, "table1", path, "--status", "included", "--json")
    table = json.loads(out)
    assert [row["citation"] for row in table["rows"]] == ["hall", "nguyen"]
    assert table["rows"][0]["themes"] == [3, 1, 3, 2]
    code, out, _ = run(capsys, "table1", path, "--out", tmp_path / "t1.xlsx")
    assert code == 0 and "Wrote 4 rows" in out
    code, out, _ = run(capsys, "cooccurrence", path, "--measure", "overlapping", "--json")
    matrix = json.loads(out)
    names = matrix["factors"]
    informal, where = (
        names.index("Informal networks and support"),
        names.index("Knowledge of where to access information"),
    )
    assert matrix["matrix"][informal][where] == 1
    code, _, err = run(capsys, "passages", path, "--factor", "Nothing")
    assert code == 2 and "no factor called 'Nothing'" in err


def test_an_output_that_cannot_be_written_is_named(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "missing-folder" / "table1.xlsx"
    code, _, err = run(capsys, "table1", path, "--out", target)
    assert code == 1 and "missing-folder" in err and "Traceback" not in err
    code, _, err = run(capsys, "passages", path, "--out", tmp_path / "p.docx")
    assert code == 2 and "use .csv, .xlsx or .html" in err
    assert not target.exists()
