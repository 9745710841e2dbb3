"""Coded passages as CSV: UTF-8 with a BOM, formulas kept as text, numbers as numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.exchange.csv_passages import csv_text, write_passages_csv
from app.exchange.workbook import WorkbookOptions
from tests.exchange.conftest import HALL, Review


def read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_lists_every_passage_and_factor_as_the_workbook_does(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "passages.csv"
    assert write_passages_csv(review.project, out) == 6
    table = read(out)
    assert table[0][:7] == [
        "Citation",
        "Study",
        "Page",
        "PDF page",
        "Quote",
        "Text check",
        "Factor",
    ]
    income = next(row for row in table if row[4] == "Household income")
    assert income[:4] == ["Hall 2021", "Hall 2021", "1", "1"]
    assert income[6] == "Household income"
    # A quote that a spreadsheet would run as a formula starts with an apostrophe.
    assert table[1][4] == "'" + HALL[0]
    assert out.read_bytes().count(b"\r\n") == 7


def test_the_csv_takes_the_wide_layout_and_the_study_filters(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "wide.csv"
    assert (
        write_passages_csv(review.project, out, WorkbookOptions(wide=True, group="group (a)")) == 3
    )
    table = read(out)
    assert "Household income" in table[0] and table[0].index("Household income") > 8
    assert {row[1] for row in table[1:]} == {"Hall 2021"}


def test_cells_that_start_like_formulas_are_marked_as_text() -> None:
    for risky in ("=SUM(A1)", "+1", "-2 parents", "@here", "\tx", "\rx"):
        assert csv_text(risky).startswith("'"), risky
    assert csv_text("plain") == "plain"
    assert csv_text(164) == "164"
    assert csv_text("bell\x07") == "bell"
