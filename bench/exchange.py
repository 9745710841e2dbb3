"""Exchange speed on a generated 50,000-passage review: the workbook, CSV, and a REFI-QDA
project out and back in, each beside the raw library doing the bare same work.

    .venv/bin/python bench/exchange.py [--studies 250] [--pages 10] [--passages 50000]

The review is generated in bulk: PDFs from the composer, imported as usual, then passages,
codings and memos written straight into the project file (coding 50,000 passages one by one
through the window's path would take longer than everything measured here).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from project import write_studies  # bench/project.py
from sqlalchemy import insert, select

from app.core.project import Project
from app.exchange.csv_passages import write_passages_csv
from app.exchange.qdpx.importer import import_qdpx
from app.exchange.qdpx.writer import export_qdpx
from app.exchange.workbook import WorkbookOptions, write_workbook
from app.store import models

T = TypeVar("T")
LEADING = 10 * 1.35  # the composer's line spacing at 10 points
AVERAGE = 10 * 0.5  # Helvetica's average advance at 10 points


def timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    """Wall time, and the CPU time of this process (a machine shared with other work
    stretches the first; PDF text is read in worker processes, outside the second)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds = time.perf_counter() - started
    print(f"  {label:52} {seconds:7.2f} s  (cpu {time.process_time() - cpu:6.2f} s)")
    return result, seconds


def code_in_bulk(project: Project, passages: int, regions: int, seed: int = 11) -> None:
    """Passages over whole lines of the pages, one or two factors each, a memo on one in
    ten, and some regions: written straight to the tables."""
    rng = random.Random(seed)
    codes = [code.id for code in project.codebook.list()]
    with project.database.reading() as session:
        pages = session.execute(
            select(models.Page.study_id, models.Page.page_index, models.Page.text)
        ).all()
        hashes = dict(session.execute(select(models.Study.id, models.Study.sha256)).all())
    rows = []
    for number in range(passages):
        study, page, text = pages[number % len(pages)]
        lines = text.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        if number < regions:
            rows.append(
                {
                    "study_id": study,
                    "kind": "region",
                    "start_page": page,
                    "end_page": page,
                    "x0": 72.0,
                    "top": 100.0,
                    "x1": 400.0,
                    "bottom": 220.0,
                    "quote": "",
                    "boxes": json.dumps([[page, 72.0, 100.0, 400.0, 220.0]]),
                    "pdf_sha256": hashes[study],
                }
            )
            continue
        first = rng.randrange(len(lines))
        last = min(len(lines) - 1, first + rng.randrange(3))
        start, end = starts[first], starts[last] + len(lines[last])
        boxes = [
            [
                page,
                72.0,
                72 + line * LEADING,
                72 + len(lines[line]) * AVERAGE,
                72 + (line + 1) * LEADING,
            ]
            for line in range(first, last + 1)
        ]
        rows.append(
            {
                "study_id": study,
                "kind": "text",
                "start_page": page,
                "start_offset": start,
                "end_page": page,
                "end_offset": end,
                "quote": text[start:end],
                "boxes": json.dumps(boxes),
                "pdf_sha256": hashes[study],
            }
        )
    with project.database.transaction() as session:
        session.execute(insert(models.Passage), rows)
        ids = list(session.scalars(select(models.Passage.id).order_by(models.Passage.id)))
        codings = []
        for passage_id in ids:
            for code_id in rng.sample(codes, rng.choice((1, 1, 2))):
                codings.append({"passage_id": passage_id, "code_id": code_id})
        session.execute(insert(models.Coding), codings)
        memos = [
            {"passage_id": passage_id, "text": f"Memo on passage {passage_id}."}
            for passage_id in ids[::10]
        ]
        session.execute(insert(models.Memo), memos)
    print(
        f"    {len(ids)} passages ({regions} regions), {len(codings)} codings, {len(memos)} memos"
    )


def raw_xlsx(path: Path, rows: int, columns: int) -> None:
    """The same number of rows and columns with the same styling where the workbook has
    it (a wrapped quote, a date), through openpyxl's documented calls."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("raw")
    wrap = Alignment(wrap_text=True, vertical="top")
    when = dt.datetime(2026, 11, 29, 18, 10)
    for _ in range(rows):
        quote = WriteOnlyCell(sheet, "A quote of some length, as passages have, about the plan.")
        quote.alignment = wrap
        date = WriteOnlyCell(sheet, when)
        date.number_format = "yyyy-mm-dd hh:mm"
        sheet.append(["Hall et al. (2021)", "Hall", 164, 3, quote] + [7] * (columns - 6) + [date])
    workbook.save(path)


def raw_csv(path: Path, rows: int, columns: int) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    row = ["A quote of some length, as passages have, about the plan."] + ["7"] * (columns - 1)
    writer.writerows(row for _ in range(rows))
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def raw_zip(source: Path, target: Path) -> None:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            out.writestr(info, archive.read(info))


def raw_parse(source: Path) -> None:
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(source) as archive:
        ET.fromstring(archive.read("project.qde"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=250)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--passages", type=int, default=50_000)
    parser.add_argument("--regions", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        pdfs = folder / "pdfs"
        pdfs.mkdir()
        print(f"Generated review: {args.studies} studies x {args.pages} pages")
        timed("write the PDFs", lambda: write_studies(pdfs, args.studies, args.pages))
        path = folder / "large.habitus"
        with Project.create(path, framework="capitals") as project:
            timed("import the PDFs", lambda: project.import_pdfs([pdfs]))
            timed(
                "code the passages in bulk",
                lambda: code_in_bulk(project, args.passages, args.regions),
            )
        with Project.open(path, read_only=True) as project:
            print("Exports (Habitus | raw library doing the bare same work)")
            summary, _ = timed(
                "workbook, five sheets, region pictures",
                lambda: write_workbook(project, folder / "review.xlsx"),
            )
            timed(
                "workbook without region pictures",
                lambda: write_workbook(
                    project, folder / "plain.xlsx", WorkbookOptions(pictures=False)
                ),
            )
            timed(
                f"  raw openpyxl write-only, {summary.rows} rows x 12",
                lambda: raw_xlsx(folder / "raw.xlsx", summary.rows, 12),
            )
            rows, _ = timed(
                "CSV of passages", lambda: write_passages_csv(project, folder / "p.csv")
            )
            timed(
                f"  raw csv module, {rows} rows x 12", lambda: raw_csv(folder / "raw.csv", rows, 12)
            )
            timed(".qdpx export", lambda: export_qdpx(project, folder / "review.qdpx"))
            timed(
                "  raw zipfile copy of that archive",
                lambda: raw_zip(folder / "review.qdpx", folder / "copy.zip"),
            )
        size = (folder / "review.qdpx").stat().st_size / 1e6
        with zipfile.ZipFile(folder / "review.qdpx") as archive:
            qde = archive.getinfo("project.qde").file_size / 1e6
        print(f"    archive {size:.1f} MB, project.qde {qde:.1f} MB")
        print("Import")
        with Project.create(folder / "copy.habitus") as copy:
            report, _ = timed(
                ".qdpx import into a new project", lambda: import_qdpx(copy, folder / "review.qdpx")
            )
            print(f"    {report.summary()}")
        timed(
            "  raw unzip and ElementTree parse of project.qde",
            lambda: raw_parse(folder / "review.qdpx"),
        )
        with Project.create(folder / "pdfs-only.habitus") as only:
            timed("  importing the same PDFs alone", lambda: only.import_pdfs([pdfs]))


if __name__ == "__main__":
    main()
