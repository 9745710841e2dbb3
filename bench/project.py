"""Project speed on a generated large review: open, list, query, autocode, export.

    .venv/bin/python bench/project.py [--studies 300] [--pages 12]

Builds a project of N synthetic studies (generated PDFs, so no corpus is needed), codes
thousands of passages with `autocode`, then times what a researcher waits for.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.core.project import Project
from app.exchange.workbook import write_workbook
from app.pdf.compose import PdfComposer

T = TypeVar("T")
WORDS = [
    "parents",
    "university",
    "degree",
    "household",
    "income",
    "informal",
    "networks",
    "advocate",
    "support",
    "plan",
    "budget",
    "review",
    "scheme",
    "service",
    "family",
    "friends",
    "employment",
    "information",
    "navigate",
    "process",
]


def timed(label: str, action: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = action()
    print(f"  {label:48} {1000 * (time.perf_counter() - started):9.1f} ms")
    return result


def write_studies(folder: Path, studies: int, pages: int) -> None:
    rng = random.Random(7)
    for number in range(studies):
        pdf = PdfComposer()
        for _ in range(pages):
            page = pdf.page()
            top = 72.0
            for _ in range(40):
                top = page.text(72, top, " ".join(rng.choice(WORDS) for _ in range(12)), 10)
        pdf.save(folder / f"study-{number:03d}.pdf")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=300)
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        pdfs = folder / "pdfs"
        pdfs.mkdir()
        path = folder / "large.habitus"
        print(f"Generated review: {args.studies} studies x {args.pages} pages")
        timed("write the PDFs", lambda: write_studies(pdfs, args.studies, args.pages))
        with Project.create(path, framework="capitals") as project:
            started = time.perf_counter()
            report = timed("import (2 workers)", lambda: project.import_pdfs([pdfs]))
            rate = report.pages / (time.perf_counter() - started)
            print(f"    {report.pages} pages, {rate:.0f} pages/s")
            codes = {code.name: code.id for code in project.codebook.list()}
            made = timed(
                "autocode 'household income' (every study)",
                lambda: project.autocode("household income", codes["Household income"]),
            )
            timed(
                "autocode 'informal networks'",
                lambda: project.autocode(
                    "informal networks", codes["Informal networks and support"]
                ),
            )
            print(f"    {len(made)} passages from the first phrase")
        project = timed("open the project", lambda: Project.open(path))
        with project:
            studies = timed("list studies with counts", project.studies.list)
            timed("passages of one study", lambda: project.passages.list(study_id=studies[0].id))
            timed(
                "passages of one factor (all studies)",
                lambda: project.passages.list(
                    code_id=project.codebook.find("Household income").id  # type: ignore[union-attr]
                ),
            )
            themes = project.frameworks.themes()
            timed("passages of one theme", lambda: project.passages.list(theme_id=themes[0].id))
            timed("factor counts", project.codebook.counts)
            timed("search a phrase across every page", lambda: project.search.find("advocate plan"))
            timed(
                "word boxes of one page (first time)",
                lambda: project.studies.words(studies[1].id, 0),
            )
            timed(
                "word boxes of one page (stored)", lambda: project.studies.words(studies[1].id, 0)
            )
            summary = timed(
                "export the workbook (xlsx)",
                lambda: write_workbook(project, folder / "out.xlsx"),
            )
            size = path.stat().st_size / 1e6
            print(f"    {summary.rows} passage rows; project file {size:.1f} MB")


if __name__ == "__main__":
    main()
