"""The coded-factor workbook, read back sheet by sheet against a hand-built review."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.core.reporting.table1 import Table1Options, table1
from app.exchange.errors import Cancelled
from app.exchange.workbook import SHEETS, WorkbookOptions, write_workbook
from tests.exchange.conftest import HALL, Review


def rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def as_dicts(table: list[tuple[object, ...]], header_row: int = 0) -> list[dict[str, object]]:
    header = [str(h) for h in table[header_row]]
    return [dict(zip(header, row, strict=True)) for row in table[header_row + 1 :]]


def test_the_workbook_has_its_five_sheets_styled_for_reading(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    summary = write_workbook(review.project, out)
    book = load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    assert (summary.studies, summary.passages, summary.rows) == (2, 4, 6)
    frozen = {"Table 1": "B3", "Passages": "B2", "Factors by theme": "C2", "Codebook": "B2"}
    for name in SHEETS:
        sheet = book[name]
        header_row = 2 if name == "Table 1" else 1
        header = sheet.cell(row=header_row, column=5)
        assert header.font.b and header.fill.fgColor.rgb == "FFE8E8E8", name
        assert sheet.freeze_panes == frozen.get(name, "B2")
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith(
            f"A{header_row}:"
        )
    passages = book["Passages"]
    assert passages.column_dimensions["E"].width == 80
    assert passages["E2"].alignment.wrap_text
    # Widths fit their text: the citation column is wider than the minimum, not the maximum.
    assert 8 < book["Studies"].column_dimensions["A"].width < 40
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_table_1_groups_factors_under_merged_theme_headers_with_counts(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out)
    sheet = load_workbook(out)["Table 1"]
    table = list(sheet.iter_rows(values_only=True))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    themes, factors = table[0], table[1]
    assert themes[:5] == ("Citation", "Design", "Sample", "Country", "Economic capital")
    assert "E1:I1" in merged and "A1:A2" in merged
    assert factors[4:9] == (
        "Being employed",
        "Household income",
        "Capacity to self-manage funds",
        "Paid advocacy",
        "All Economic capital",
    )
    # Advocacy sits under social and symbolic capital: it appears under both.
    advocacy = "Advocacy (self, familial, not-for-profit, paid)"
    assert [i for i, f in enumerate(factors) if f == advocacy] == [14, 16]
    hall, okafor = table[2], table[3]
    assert hall[:4] == ("Hall 2021", "Interviews", 24, "Australia")
    assert okafor[:4] == ("Okafor 2019", "Survey", None, None)
    column = {name: i for i, name in enumerate(factors) if name}
    assert hall[column["Household income"]] == 1
    assert hall[column["Education"]] == 2
    assert hall[column["Paid advocacy"]] == 1
    # The roll-up counts a passage once even when it carries two of the theme's factors.
    assert hall[column["All Economic capital"]] == 2
    assert hall[14] == 1 and hall[16] == 1
    assert okafor[column["Household income"]] == 1 and okafor[column["Education"]] is None
    total = table[-1]
    assert total[0] == "Studies (2)" and total[column["Household income"]] == 2


def test_table_1_takes_options_ticks_included_studies_and_a_group(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out, WorkbookOptions(ticks=True, included_only=True))
    table = rows(out, "Table 1")
    assert [row[0] for row in table[2:-2]] == ["Hall 2021"]
    assert table[2][5] == "✓" and table[2][4] is None
    assert [r[1] for r in rows(out, "Passages")[1:]] == ["Hall 2021"] * 5
    write_workbook(review.project, out, WorkbookOptions(group="group (b)"))
    assert [row[0] for row in rows(out, "Table 1")[2:-2]] == ["Okafor 2019"]
    # The Studies sheet always lists every study: screening counts need them all.
    assert len(rows(out, "Studies")) == 3


def test_table_1_is_written_from_any_study_by_factor_table(review: Review) -> None:
    table = table1(review.project, Table1Options(included_only=True))
    assert table.framework is not None and table.framework.name == "Bourdieu's capitals"
    assert [g.name for g in table.groups] == [
        "Economic capital",
        "Cultural capital",
        "Social capital",
        "Symbolic capital",
    ]
    (row,) = table.rows
    assert row.record.citation == "Hall 2021"
    assert row.count(review.education) == 2 and row.count(review.income) == 1


def test_passages_carry_pages_quotes_factor_levels_themes_memos_and_dates(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out)
    book = load_workbook(out)
    table = as_dicts(list(book["Passages"].iter_rows(values_only=True)))
    assert list(table[0]) == [
        "Citation",
        "Study",
        "Page",
        "PDF page",
        "Quote",
        "Text check",
        "Factor",
        "Level 1",
        "Level 2",
        "Theme(s)",
        "Passage memo",
        "Coded at",
    ]
    formula = table[0]
    assert formula["Quote"] == HALL[0]
    assert book["Passages"]["E2"].data_type == "s"
    assert book["Passages"]["E2"].quotePrefix
    income = [r for r in table if r["Quote"] == "Household income"]
    assert [r["Factor"] for r in income] == ["Household income", "Education"]
    assert income[0]["Passage memo"] == "Top-ups came from savings."
    assert income[0]["Theme(s)"] == "Economic capital"
    assert income[0]["Page"] == 1 and isinstance(income[0]["Page"], int)
    assert isinstance(income[0]["Coded at"], dt.datetime)
    paid = next(r for r in table if r["Factor"] == "Paid advocacy")
    assert paid["Level 1"] == "Advocacy (self, familial, not-for-profit, paid)"
    assert paid["Level 2"] == "Paid advocacy"
    assert paid["Page"] == "1-2" and paid["PDF page"] == "1-2"
    assert paid["Quote"] == "Informal networks and support helped with forms. A paid advocate"
    advocacy = next(r for r in table if r["Factor"].startswith("Advocacy"))
    assert advocacy["Theme(s)"] == "Social capital; Symbolic capital"


def test_a_region_passage_carries_a_picture_of_its_region(review: Review, tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out)
    sheet = load_workbook(out)["Passages"]
    region_row = next(
        row[0].row for row in sheet.iter_rows(min_row=2) if row[1].value == "Okafor 2019"
    )
    (picture,) = sheet._images
    anchor = picture.anchor._from
    assert (anchor.col, anchor.row + 1) == (4, region_row)
    assert sheet.row_dimensions[region_row].height > 60
    # The scan has no text: the quote cell is empty rather than "[region]".
    assert sheet.cell(row=region_row, column=5).value is None
    write_workbook(review.project, out, WorkbookOptions(pictures=False))
    assert load_workbook(out)["Passages"]._images == []


def test_the_wide_layout_has_one_row_per_passage_and_a_column_per_factor(
    review: Review, tmp_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out, WorkbookOptions(wide=True))
    table = as_dicts(rows(out, "Passages"))
    assert len(table) == 4
    income = next(r for r in table if r["Quote"] == "Household income")
    assert income["Factors"] == "Household income; Education"
    assert (income["Household income"], income["Education"], income["Being employed"]) == (1, 1, 0)


def test_factors_by_theme_codebook_and_studies_sheets(review: Review, tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out)
    book = load_workbook(out)
    by_theme = as_dicts(list(book["Factors by theme"].iter_rows(values_only=True)))
    income = next(r for r in by_theme if r["Factor"] == "Household income")
    assert income == {
        "Theme": "Economic capital",
        "Factor": "Household income",
        "Studies": 2,
        "Citations": "Hall 2021; Okafor 2019",
        "Passages": 2,
    }
    advocacy = [r["Theme"] for r in by_theme if str(r["Factor"]).startswith("Advocacy")]
    assert advocacy == ["Social capital", "Symbolic capital"]
    codebook = book["Codebook"]
    entries = as_dicts(list(codebook.iter_rows(values_only=True)))
    paid = next(r for r in entries if r["Factor"] == "Paid advocacy")
    assert paid["Parent"] == "Advocacy (self, familial, not-for-profit, paid)"
    assert paid["Definition"] == "Advocacy bought from a professional."
    colour_cell = codebook.cell(row=entries.index(paid) + 2, column=5)
    colour = review.project.codebook.get(review.paid).colour.upper()
    assert colour_cell.value == colour
    assert colour_cell.fill.fgColor.rgb == "FF" + colour[1:]
    studies = as_dicts(list(book["Studies"].iter_rows(values_only=True)))
    shown = {k: v for k, v in studies[0].items() if v is not None}
    assert shown == {
        "Citation": "Hall 2021",
        "Study": "Hall 2021",
        "File": "Hall 2021.pdf",
        "Design": "Interviews",
        "Sample size": 24,
        "Sample": 24,
        "Country": "Australia",
        "Status": "included",
        "Groups": "group (a)",
        "Pages": 2,
        "Passages": 3,
        "Funding": "ARC",
    }
    # The project's own list of reasons already had it, capitalised: that one is used.
    assert studies[1]["Status"] == "excluded" and studies[1]["Reason"] == "Wrong population"


def test_control_characters_are_dropped_and_a_memo_formula_stays_text(
    review: Review, tmp_path: Path
) -> None:
    review.project.memos.set("passage", review.formula, "@cmd\x07 and\ttab")
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out)
    sheet = load_workbook(out)["Passages"]
    memo = sheet.cell(row=2, column=11)
    assert memo.value == "@cmd and\ttab" and memo.data_type == "s"


def test_a_cancelled_export_writes_nothing(review: Review, tmp_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    with pytest.raises(Cancelled):
        write_workbook(review.project, out, cancelled=lambda: True)
    assert list(tmp_path.glob("*.xlsx")) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_save_leaves_the_previous_workbook_whole(
    review: Review, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "review.xlsx"
    write_workbook(review.project, out)
    before = out.read_bytes()

    def fail(self: Workbook, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", fail)
    with pytest.raises(OSError):
        write_workbook(review.project, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
