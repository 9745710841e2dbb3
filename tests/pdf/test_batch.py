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
    done: list[tuple[int, int]] = []
    results = _by_key(
        list(extract_files(jobs, workers=workers, progress=lambda d, k: done.append((d, k))))
    )
    assert set(results) == {"key0", "key1", "key2"}
    for job in jobs:
        data = Path(job.path).read_bytes()
        result = results[job.key]
        assert result.error is None
        assert result.pages == extract_pages(data, None, 0, job.page_count or 0)
        assert result.page_count == job.page_count
    assert done[-1] == (75, 75)


def test_even_a_small_file_is_read_in_a_worker_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "article.pdf"
    two_column_article(path)
    expected = extract_pages(path.read_bytes(), None, 0, 2)

    def not_here(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a PDF was parsed in the importing process")

    # Only this process's copy is replaced: workers have their own.
    monkeypatch.setattr(batch, "extract_pages", not_here)
    monkeypatch.setattr(batch, "page_count", not_here)
    results = _by_key(list(extract_files([FileJob("article", str(path), None)], workers=2)))
    assert results["article"].pages == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_errors_are_per_file(tmp_path: Path, workers: int) -> None:
    jobs = _corpus(tmp_path, [30])
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    jobs.append(FileJob("bad", str(bad), None, 1))
    jobs.append(FileJob("gone", str(tmp_path / "missing.pdf"), None, 1))
    results = _by_key(list(extract_files(jobs, workers=workers)))
    assert results["bad"].error == "empty file (0 bytes)" and results["bad"].pages is None
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


def test_a_page_count_given_in_advance_is_checked_against_the_file(tmp_path: Path) -> None:
    jobs = _corpus(tmp_path, [1])
    jobs[0].page_count = 0
    (result,) = extract_files(jobs)
    assert result.page_count == 1 and result.pages is not None and len(result.pages) == 1


def test_a_reader_that_died_while_idle_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.pdf import sandbox

    list(extract_files(_corpus(tmp_path, [2]), workers=1))  # leaves an idle reader behind
    dead = sandbox.take(1)
    for worker in dead:
        worker.process.kill()
        worker.process.join()
    # Handed out as if still alive: it died between the look and the task.
    monkeypatch.setattr(sandbox, "take", lambda _count: list(dead))
    folder = tmp_path / "more"
    folder.mkdir()
    (result,) = extract_files(_corpus(folder, [3]), workers=1)
    assert result.error is None and result.page_count == 3


def _reader_fault(_data: bytes) -> None:
    raise TypeError("'NoneType' object is not iterable")


def test_a_fault_of_the_reader_itself_is_reported_as_a_damaged_pdf() -> None:
    from app.pdf import sandbox

    (worker,) = sandbox.take(1)
    try:
        worker.submit(_reader_fault, (b"%PDF-1.4",), sandbox.Limits(), 8)
        status, reason = worker.tasks.recv()
        worker.done()
    finally:
        sandbox.give_back([worker])
    assert status == sandbox.FAILED
    assert reason.startswith("damaged PDF: it could not be read (")
