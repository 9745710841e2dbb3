"""The coded-passages sheet: every coded passage with its study, page, factor and themes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.page_numbers import page_range
from app.core.record_export import export_headers, export_values
from app.core.textnorm import display_quote
from app.exchange.cells import safe_cell, save_atomically

if TYPE_CHECKING:
    from app.core.project import Project

HEADERS = (
    "Study",
    "Page",
    "PDF page",
    "Quote",
    "Text check",
    "Factor",
    "Theme(s)",
    "Passage memo",
)
WIDTHS = (28, 9, 9, 80, 24, 34, 30, 40)
RECORD_WIDTH = 16  # the study's record columns that follow

Row = tuple[str, int | str, int | str, str, str, str, str, str]


def _number(text: str) -> int | str:
    """A page reference as a number when it is one ("164"), else as written ("164-165")."""
    return int(text) if text.isdigit() else text


def passage_rows(project: Project) -> list[Row]:
    """One row per passage and factor, in study and page order: the page a reader cites
    (printed on the page), and the page's position in the PDF."""
    return [row for _, row in _rows_by_study(project)]


def _rows_by_study(project: Project) -> list[tuple[int, Row]]:
    studies = {study.id: study.label for study in project.studies.list()}
    cited = project.page_numbers.cited()
    codes = {code.id: code for code in project.codebook.list()}
    themes = {theme.id: theme.name for theme in project.frameworks.themes()}
    mapping = project.frameworks.mapping()
    memos = {tid: text for target, tid, text in project.memos.all() if target == "passage"}
    rows: list[tuple[int, Row]] = []
    for passage in project.passages.list():
        first, last = passage.start_page + 1, passage.end_page + 1
        pdf_page: int | str = first if first == last else f"{first}-{last}"
        page = _number(
            page_range(cited.get(passage.study_id, []), passage.start_page, passage.end_page)
        )
        quote = display_quote(passage.quote) or "[region]"
        for code_id in passage.code_ids:
            code = codes.get(code_id)
            if code is None:
                continue
            names = "; ".join(themes[t] for t in mapping.get(code_id, []) if t in themes)
            rows.append(
                (
                    passage.study_id,
                    (
                        studies.get(passage.study_id, "?"),
                        page,
                        pdf_page,
                        quote,
                        passage.text_check,
                        code.name,
                        names,
                        memos.get(passage.id, ""),
                    ),
                )
            )
    return rows


def write_passages_xlsx(project: Project, path: Path) -> int:
    """Write the sheet; returns the number of rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Coded passages"
    # Each row also carries its study's record, so the sheet filters by status, group or
    # any attribute.
    names = [definition.name for definition in project.records.attributes.defs()]
    headers = [*HEADERS, *export_headers(names)]
    widths = [*WIDTHS, *([RECORD_WIDTH] * (len(headers) - len(HEADERS)))]
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    rows = _rows_by_study(project)
    records = {record.id: record for record in project.records.list()}
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, (study_id, base) in enumerate(rows, start=2):
        row = [*base, *export_values(records.get(study_id), names)]
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            safe_cell(cell, value)
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    save_atomically(workbook, path)
    return len(rows)
