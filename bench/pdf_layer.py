"""PDF layer speed and robustness over the shared corpus.

    .venv/bin/python bench/pdf_layer.py [corpus dir]

Speed: pages/s for the text layer over the acad_*, report_* and large_* PDFs, next to the raw
libraries; page_words milliseconds per page. Robustness: every corpus file, its page count and
status counts, or the reason it cannot be read.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.pdf.batch import FileJob, extract_files
from app.pdf.errors import PdfError
from app.pdf.text import extract_pages, page_count
from app.pdf.words import page_words

DEFAULT_CORPUS = Path("/work/shared/corpus")
SPEED_PREFIXES = ("acad_", "report_", "large_")
PLUMBER_PAGES = 20  # pdfplumber runs about 5 pages/s: a sample is enough


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def speed(files: list[Path]) -> None:
    datas = {f: f.read_bytes() for f in files}
    counts = {f: page_count(d) for f, d in datas.items()}
    total = sum(counts.values())
    print(f"speed: {len(files)} files, {total} pages")

    def ours() -> None:
        for f, d in datas.items():
            extract_pages(d, None, 0, counts[f])

    jobs = [FileJob(f.name, str(f), None, counts[f]) for f in files]

    def batch() -> None:
        for _ in extract_files(jobs, workers=2):
            pass

    def raw_pdfium() -> None:
        import pypdfium2 as pdfium

        for d in datas.values():
            doc = pdfium.PdfDocument(d)
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
            doc.close()

    _timed(ours)  # warm the file cache and imports
    rows = [
        ("extract_pages, 1 process", total / _timed(ours)),
        ("extract_files, 2 workers (pool start-up included)", total / _timed(batch)),
        ("extract_files, 2 workers, second run", total / _timed(batch)),
        ("pypdfium2 get_text_range alone", total / _timed(raw_pdfium)),
    ]

    import io

    import pdfplumber

    def plumber() -> int:
        done = 0
        for d in datas.values():
            with pdfplumber.open(io.BytesIO(d)) as pdf:
                for page in pdf.pages[: PLUMBER_PAGES - done]:
                    page.extract_words()
                    done += 1
            if done >= PLUMBER_PAGES:
                break
        return done

    t = time.perf_counter()
    n = plumber()
    rows.append((f"pdfplumber extract_words ({n} pages)", n / (time.perf_counter() - t)))
    for label, rate in rows:
        print(f"  {label:<52} {rate:8.0f} pages/s")

    n_words = 0
    t = time.perf_counter()
    for f, d in datas.items():
        for i in range(counts[f]):
            n_words += len(page_words(d, None, i, key=f.name)[1])
    ms = (time.perf_counter() - t) * 1000 / total
    print(f"  {'page_words (cached document)':<52} {ms:8.1f} ms/page ({n_words} words)")


def robustness(files: list[Path]) -> None:
    print("\nrobustness: every corpus file")
    print(f"  {'file':<36} {'pages':>5}  result")
    for f in files:
        data = f.read_bytes()
        try:
            n = page_count(data)
            pages = extract_pages(data, None, 0, n)
        except PdfError as exc:
            print(f"  {f.name:<36} {'-':>5}  {exc}")
            continue
        statuses = Counter(p.status for p in pages)
        summary = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        errors = {p.error for p in pages if p.error}
        if errors:
            summary += f"  ({'; '.join(sorted(errors))[:60]})"
        try:
            words = sum(len(page_words(data, None, i)[1]) for i in range(min(n, 3)))
            summary += f"; words on first pages {words}"
        except PdfError as exc:
            summary += f"; words: {exc}"
        print(f"  {f.name:<36} {n:>5}  {summary}")


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: skipped")
        return 0
    every = sorted(corpus.glob("*.pdf"))
    speed([f for f in every if f.name.startswith(SPEED_PREFIXES)])
    robustness(every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
