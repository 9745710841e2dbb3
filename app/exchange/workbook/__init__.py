"""The coded-factor workbook: Table 1, Passages, Factors by theme, Codebook, Studies.

    summary = write_workbook(project, Path("review.xlsx"), WorkbookOptions(ticks=True))

Written whole or not at all (beside the target, then renamed), in openpyxl's write-only
mode so that tens of thousands of passages stream out row by row; the finished file is put
together in memory and then written, so that a full disk is reported as such.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.bulk import collector_paused
from app.exchange.errors import Cancelled

if TYPE_CHECKING:
    from app.core.project import Project

Progress = Callable[[int, int, str], None]

SHEETS = ("Table 1", "Passages", "Factors by theme", "Codebook", "Studies")


@dataclass(frozen=True)
class WorkbookOptions:
    framework_id: int | None = None  # None: the project's first framework
    included_only: bool = False
    group: str | None = None
    wide: bool = False  # one row per passage with a 0/1 column per factor
    ticks: bool = False  # Table 1 shows ticks instead of counts
    pictures: bool = True  # region passages carry a picture of their region


@dataclass(frozen=True)
class WorkbookSummary:
    studies: int
    passages: int
    rows: int  # rows of the Passages sheet
    pictures_missing: int = 0  # regions whose page could not be drawn


@collector_paused()
def write_workbook(
    project: Project,
    path: Path,
    options: WorkbookOptions | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WorkbookSummary:
    from openpyxl import Workbook

    from app.core.reporting.coded import coded_passages
    from app.core.reporting.records import study_records
    from app.core.reporting.table1 import Table1Options, selected_records, table1
    from app.exchange.atomic import atomic_target
    from app.exchange.errors import export_failure
    from app.exchange.workbook.passages_sheet import PassageContext, write_passages
    from app.exchange.workbook.regions import RegionPictures
    from app.exchange.workbook.summary_sheets import (
        write_codebook,
        write_factors_by_theme,
        write_studies,
    )
    from app.exchange.workbook.table1_sheet import write_table1

    options = options or WorkbookOptions()

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()

    def report(done: int, total: int, what: str) -> None:
        if progress is not None:
            progress(done, total, what)
        check()

    table_options = Table1Options(options.framework_id, options.included_only, options.group)
    report(0, 1, "Reading the project")
    table = table1(project, table_options)
    chosen = selected_records(project, table_options)
    study_ids = [r.study.id for r in chosen]
    passages = coded_passages(project, study_ids, with_boxes=False)
    codes = project.codebook.list()
    themes = project.frameworks.themes(table.framework.id) if table.framework else []
    theme_names = {theme.id: theme.name for theme in themes}
    mapping = project.frameworks.mapping()
    factor_themes = {
        code.id: [theme_names[t] for t in mapping.get(code.id, []) if t in theme_names]
        for code in codes
    }
    citations = {r.study.id: r.citation for r in chosen}
    total = len(passages)
    step = max(1, total // 100)

    # The target is opened first: a folder that cannot be written fails before any work.
    # The workbook is built in memory and then written: openpyxl's zip writer, failing
    # half-way on a full disk, would report "seek of closed file" instead of the disk.
    try:
        with atomic_target(Path(path)) as out:
            workbook = Workbook(write_only=True)
            buffer = io.BytesIO()
            try:
                write_table1(workbook, table, options.ticks, {t.id: t.colour for t in themes})
                pictures = RegionPictures(project) if options.pictures else None
                context = PassageContext(
                    citations, {r.study.id: r.study.name for r in chosen}, codes, factor_themes
                )

                def on_row(number: int) -> None:
                    if number % step == 0:
                        report(number, total, "Writing passages")

                passages_sheet = write_passages(
                    workbook, passages, context, options.wide, pictures, on_row
                )
                write_factors_by_theme(workbook, themes, codes, mapping, passages, citations)
                write_codebook(workbook, codes, factor_themes, passages)
                write_studies(workbook, study_records(project))
                report(total, total, "Saving")
                workbook.save(buffer)
            except BaseException:
                _discard(workbook)
                raise
            out.write(buffer.getbuffer())
    except Exception as error:
        failure = export_failure(Path(path), error)
        if failure is None:
            raise
        raise failure from error
    return WorkbookSummary(
        len(chosen),
        total,
        passages_sheet.rows_written,
        pictures.failed if pictures is not None else 0,
    )


def _discard(workbook: object) -> None:
    """Close the sheets' streams of a workbook that will not be saved."""
    for sheet in getattr(workbook, "_sheets", []):
        try:
            sheet.close()
        except Exception:  # a sheet cut off mid-row cannot close cleanly; it is discarded
            continue
