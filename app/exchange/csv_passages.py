"""Coded passages as CSV: the Passages sheet's columns, UTF-8 with a byte-order mark so
that Excel opens accents and quotation marks right.

CSV has no way to mark a cell as text, so a cell that a spreadsheet would run as a formula
(starting with =, +, -, @, tab or carriage return) starts with an apostrophe, the mark
spreadsheets themselves use for "this is text".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.bulk import collector_paused
from app.exchange.cells import FORMULA_STARTS, clean_text, looks_like_formula
from app.exchange.errors import Cancelled

if TYPE_CHECKING:
    from app.core.project import Project
    from app.exchange.workbook import WorkbookOptions


def csv_text(value: object) -> str:
    if type(value) is str and value.isprintable() and not value.startswith(FORMULA_STARTS):
        return value  # nearly every cell: nothing to clean or mark
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "minutes")  # 2026-11-29 18:10
    if isinstance(value, int | float):
        return str(value)
    text = clean_text(str(value))
    return "'" + text if looks_like_formula(text) else text


@collector_paused()
def write_passages_csv(
    project: Project,
    path: Path,
    options: WorkbookOptions | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the passages; returns the number of rows (header not counted)."""
    from app.core.reporting.coded import coded_passages
    from app.core.reporting.table1 import Table1Options, selected_records
    from app.exchange.atomic import atomic_target
    from app.exchange.workbook import WorkbookOptions
    from app.exchange.workbook.passages_sheet import PassageContext, passage_table

    options = options or WorkbookOptions()
    chosen = selected_records(
        project, Table1Options(options.framework_id, options.included_only, options.group)
    )
    passages = coded_passages(project, [r.study.id for r in chosen], with_boxes=False)
    frameworks = project.frameworks.list()
    framework = next((f for f in frameworks if options.framework_id in (None, f.id)), None)
    themes = project.frameworks.themes(framework.id) if framework else []
    names = {t.id: t.name for t in themes}
    mapping = project.frameworks.mapping()
    codes = project.codebook.list()
    context = PassageContext(
        {r.study.id: r.citation for r in chosen},
        {r.study.id: r.study.name for r in chosen},
        codes,
        {c.id: [names[t] for t in mapping.get(c.id, []) if t in names] for c in codes},
    )
    layout, rows, _ = passage_table(passages, context, options.wide)
    if cancelled is not None and cancelled():
        raise Cancelled()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_text(c.header) for c in layout.columns])
    writer.writerows([csv_text(v) for v in row] for row in rows)
    with atomic_target(Path(path)) as out:
        out.write(buffer.getvalue().encode("utf-8-sig"))
    return len(rows)
