"""Import speed: Habitus's CLI beside the raw libraries, on the same PDFs, in one run.

    .venv/bin/python bench/import.py [--plumber-pages N]

Corpus: the journal articles and reports of ../shared/corpus (acad_*, report_*, large_*).
Habitus is timed as a user runs it: `habitus import` in a fresh process, start-up included,
and an import in a running window (`Project.import_pdfs` in this process, after a first
import has started the reader processes), each storing every page's text in reading order
and indexing it for search. Raw pypdfium2 text extraction in one process is the floor;
pdfplumber `extract_words` is what a naive importer would use.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from common import corpus_files, habitus_command


def pages_of(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(path)) for path in paths)


def raw_pypdfium2(paths: list[Path]) -> float:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    for path in paths:
        document = pdfium.PdfDocument(path)
        for page in document:
            page.get_textpage().get_text_range()
        document.close()
    return time.perf_counter() - started


def raw_pdfplumber(paths: list[Path], limit: int) -> tuple[int, float]:
    import pdfplumber

    done = 0
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                if done >= limit:
                    return done, time.perf_counter() - started
                page.extract_words()
                done += 1
    return done, time.perf_counter() - started


def habitus_import(paths: list[Path]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "bench.habitus"
        subprocess.run([*habitus_command(), "new", str(project)], check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(
            [*habitus_command(), "import", str(project), *map(str, paths)],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def in_app_import(paths: list[Path]) -> float:
    """One import in this process, as the window runs it (reader processes already up)."""
    from app.core.project import Project

    with tempfile.TemporaryDirectory() as folder:
        project = Project.create(Path(folder) / "bench.habitus")
        try:
            started = time.perf_counter()
            project.import_pdfs(paths)
            return time.perf_counter() - started
        finally:
            project.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plumber-pages", type=int, default=60, help="pages for pdfplumber")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()

    paths = corpus_files()
    pages = pages_of(paths)
    print(f"Corpus: {len(paths)} PDFs, {pages} pages (acad_*, report_*, large_*)")
    habitus = min(habitus_import(paths) for _ in range(args.repeat))
    in_app_import(paths)  # the first import of a session starts the reader processes
    in_app = min(in_app_import(paths) for _ in range(args.repeat))
    floor = min(raw_pypdfium2(paths) for _ in range(args.repeat))
    plumber_pages, plumber = raw_pdfplumber(paths, args.plumber_pages)
    rows = [
        ("habitus import (CLI, start-up included)", pages, habitus),
        ("import in a running window", pages, in_app),
        ("raw pypdfium2 text only, 1 process", pages, floor),
        ("raw pdfplumber extract_words, 1 process", plumber_pages, plumber),
    ]
    print(f"{'what':44} {'pages':>6} {'seconds':>8} {'pages/s':>8}")
    for name, count, seconds in rows:
        print(f"{name:44} {count:6d} {seconds:8.2f} {count / seconds:8.0f}")
    print(f"habitus / raw pypdfium2: {floor / habitus:.2f}x the floor's speed (CLI)")
    print(f"                         {floor / in_app:.2f}x (running window)")
    print(f"habitus / pdfplumber:    {(pages / habitus) / (plumber_pages / plumber):.0f}x faster")


if __name__ == "__main__":
    main()
