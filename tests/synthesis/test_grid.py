"""Table 1 and the passage list as tables that paste and export with their grouping."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from app.core.synthesis.browser import PassageFilter, browse
from app.core.synthesis.grid import TICK, passages_grid, table1_grid
from app.core.synthesis.table1 import table1
from app.exchange.grid_formats import to_html, to_rows, to_tsv, write_csv, write_xlsx
from tests.synthesis.review import Review


def test_table_1_keeps_theme_headers_over_factor_names(review: Review) -> None:
    grid = table1_grid(table1(review.project), ticks=True)
    rows = to_rows(grid)
    assert rows[0][:6] == ["Study", "Design", "Sample", "Country", "Economic capital", ""]
    assert rows[0][4:] == ["Economic capital", "", "", "", "Cultural capital", "", "",
                           "Social capital", "", "Symbolic capital"]  # fmt: skip
    assert rows[1][:4] == ["", "", "", ""]
    assert rows[1][11:] == ["Informal networks and support",
                            "Advocacy (self, familial, not-for-profit, paid) †",
                            "Advocacy (self, familial, not-for-profit, paid) †"]  # fmt: skip
    assert rows[2] == ["hall", "Interviews", "24 parents", "Australia",
                       "", TICK, TICK, TICK, TICK, "", "", TICK, TICK, TICK]  # fmt: skip
    assert rows[-1][0] == "Studies reporting it" and rows[-1][4:] == [
        "2", "2", "2", "1", "1", "1", "1", "2", "2", "2"
    ]  # fmt: skip
    html = to_html(grid)
    assert '<th colspan="4">Economic capital</th>' in html
    assert '<th rowspan="2">Study</th>' in html
    assert grid.notes[-1] == (
        "† Advocacy (self, familial, not-for-profit, paid) sits under Social capital and "
        "Symbolic capital: its passages count under each."
    )


def test_the_roll_up_and_the_transposed_table(review: Review) -> None:
    table = table1(review.project)
    rows = to_rows(table1_grid(table, rollup=True))
    assert rows[0][-4:] == ["Themes", "", "", ""]
    assert rows[1][-4:] == ["Economic capital", "Cultural capital", "Social capital",
                            "Symbolic capital"]  # fmt: skip
    assert rows[2][-4:] == ["3", "1", "3", "2"]
    flipped = table1_grid(table, transpose=True, rollup=True)
    lines = to_rows(flipped)
    assert lines[0] == ["Theme", "Factor", "hall", "nguyen", "okafor", "Studies"]
    assert lines[1] == ["Economic capital", "Being employed", "", "1", "1", "2"]
    assert lines[2][:2] == ["", "Household income"]  # the theme cell spans its factors
    assert lines[-4] == ["All factors", "Economic capital", "3", "2", "1", "3"]
    assert '<td rowspan="4">Economic capital</td>' in to_html(flipped)


def test_tab_separated_text_and_files_carry_the_same_table(review: Review, tmp_path: Path) -> None:
    grid = passages_grid(browse(review.project, PassageFilter(text="advocate")))
    tsv = to_tsv(grid).splitlines()
    assert tsv[0] == "Study\tPage\tQuote\tFactors\tMemo\tText check"
    assert tsv[1].startswith("hall\t3\tA paid advocate prepared the family\tPaid advocacy")
    assert write_csv(grid, tmp_path / "p.csv") == 3
    assert (tmp_path / "p.csv").read_bytes().startswith(b"\xef\xbb\xbfStudy,Page,Quote")
    write_xlsx(table1_grid(table1(review.project)), tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    assert "E1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["E1"].value == "Economic capital"
    assert sheet["F3"].value == 1 and sheet["A3"].value == "hall"
