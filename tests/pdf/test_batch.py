from __future__ import annotations

from pathlib import Path

import pytest

from app.pdf import batch
from app.pdf.batch import FileJob, FileResult, extract_files
from app.pdf.text import extract_pages
from tests.pdfgen import simple_pdf, two_column_article


def _corpus(tmp_path: Path, pages_each: list[int]) -> list[FileJob]:
    jobs = []
    for n, count in enumerate(pages_each):
        path = tmp_path / f"f{n}.pdf"
        simple_pdf(path, [[f"file {n} page {p + 1}", "more words here"] for p in range(count)])
        jobs.append(FileJob(key=f"key{n}", path=str(path), password=None, page_count=count))
    return jobs


def _by_key(results: list[FileResult]) -> dict[str, FileResult]:
    out = {r.key: r for r in results}
    assert len(out) == len(results)
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_same_pages_as_extract_pages(tmp_path: Path, workers: int) -> None:
    # 75 pages in all: over the in-process limit, and the 45-page file spans two chunks.
    jobs = _corpus(tmp_path, [45, 3, 27])
    done: list[int] = []
    results = _by_key(list(extract_files(jobs, workers=workers, progress=done.append)))
    assert set(results) == {"key0", "key1", "key2"}
    for job in jobs:
        data = Path(job.path).read_bytes()
        result = results[job.key]
        assert result.error is None
        assert result.pages == extract_pages(data, None, 0, job.page_count)
    assert sum(done) == 75


def test_small_job_runs_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = _corpus(tmp_path, [2, 3])
    path = tmp_path / "article.pdf"
    two_column_article(path)
    jobs.append(FileJob("article", str(path), None, 2))

    def no_pool(n_workers: int) -> None:
        raise AssertionError("a pool was started for a small job")

    monkeypatch.setattr(batch, "_new_pool", no_pool)
    results = _by_key(list(extract_files(jobs, workers=2)))
    pages = results["article"].pages
    assert pages is not None
    assert pages == extract_pages(path.read_bytes(), None, 0, 2)


@pytest.mark.parametrize("workers", [1, 2])
def test_errors_are_per_file(tmp_path: Path, workers: int) -> None:
    jobs = _corpus(tmp_path, [30])
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    jobs.append(FileJob("bad", str(bad), None, 1))
    jobs.append(FileJob("gone", str(tmp_path / "missing.pdf"), None, 1))
    results = _by_key(list(extract_files(jobs, workers=workers)))
    assert results["bad"] == FileResult("bad", None, "empty file (0 bytes)")
    gone = results["gone"]
    assert gone.pages is None and gone.error is not None and "cannot read file" in gone.error
    assert results["key0"].pages is not None and len(results["key0"].pages) == 30


@pytest.mark.parametrize("workers", [1, 2])
def test_cancel_stops(tmp_path: Path, workers: int) -> None:
    jobs = _corpus(tmp_path, [10, 10, 10, 10, 10])
    flag = {"stop": False}
    seen = []
    for result in extract_files(jobs, workers=workers, cancelled=lambda: flag["stop"]):
        seen.append(result.key)
        flag["stop"] = True
    assert len(seen) == 1


def test_cancel_before_start_yields_nothing(tmp_path: Path) -> None:
    jobs = _corpus(tmp_path, [40, 0])
    assert list(extract_files(jobs, workers=2, cancelled=lambda: True)) == []


def test_zero_page_job(tmp_path: Path) -> None:
    jobs = _corpus(tmp_path, [1])
    jobs[0].page_count = 0
    assert list(extract_files(jobs)) == [FileResult("key0", [], None)]
