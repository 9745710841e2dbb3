"""Text extraction for an import: many files, every core, results per file.

pdfium is not thread-safe, so parallelism means processes. Each file is cut into chunks of
pages so that one long report spreads over all workers instead of holding up one of them; a
worker opens the file by path itself (no PDF bytes cross the process boundary) and keeps it
open for the next chunk of the same file.

This module is also what the worker processes import, so it imports nothing beyond the
standard library and app.pdf.text (pypdfium2; pdfplumber only on fallback).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from app.pdf.errors import PdfError
from app.pdf.text import PageText, extract_pages

CHUNK_PAGES = 32
# Below this many pages in all, extract in the calling process: starting workers costs more.
IN_PROCESS_BELOW = 24
# How long to block waiting for workers before looking at `cancelled` again.
_POLL_SECONDS = 0.1
# A chunk in flight when a worker dies (pdfium crashing on a hostile file takes the whole
# pool down) is retried this many times on a fresh pool before its file is given up.
_RETRIES = 2


@dataclass
class FileJob:
    key: str
    path: str
    password: str | None
    page_count: int


@dataclass
class FileResult:
    key: str
    pages: list[PageText] | None  # all pages in order, or None with error set
    error: str | None


@dataclass
class _Chunk:
    job: int  # index into jobs
    start: int
    stop: int
    tries: int = 0


@dataclass
class _Pending:
    chunks_left: int
    pages: list[PageText] = field(default_factory=list)
    error: str | None = None


def extract_files(
    jobs: Sequence[FileJob],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[FileResult]:
    """Yield one FileResult per job as soon as all its pages are done (any order).

    progress(n) is called from the calling thread with the number of pages just finished.
    Once cancelled() returns True nothing more is dispatched or yielded; pages already being
    extracted by a worker are abandoned.
    """
    plan = [
        _Chunk(j, s, min(s + CHUNK_PAGES, job.page_count))
        for j, job in enumerate(jobs)
        for s in range(0, job.page_count, CHUNK_PAGES)
    ]
    state = [_Pending(chunks_left=0) for _ in jobs]
    for chunk in plan:
        state[chunk.job].chunks_left += 1
    is_cancelled = cancelled or (lambda: False)
    # Files with no pages to read still get their answer (page_count 0 is the caller's).
    for j, job in enumerate(jobs):
        if state[j].chunks_left == 0:
            if is_cancelled():
                return
            yield FileResult(job.key, [], None)

    total = sum(c.stop - c.start for c in plan)
    n_workers = workers or os.cpu_count() or 1
    if total < IN_PROCESS_BELOW or n_workers < 2:
        yield from _in_process(jobs, plan, state, progress, is_cancelled)
    else:
        yield from _in_pool(jobs, plan, state, n_workers, progress, is_cancelled)


def _finish(
    jobs: Sequence[FileJob], state: list[_Pending], chunk: _Chunk, outcome: _Outcome
) -> FileResult | None:
    st = state[chunk.job]
    pages, error = outcome
    if error is not None:
        st.error = st.error or error
    elif pages is not None:
        st.pages.extend(pages)
    st.chunks_left -= 1
    if st.chunks_left:
        return None
    key = jobs[chunk.job].key
    if st.error is not None:
        return FileResult(key, None, st.error)
    return FileResult(key, sorted(st.pages, key=lambda p: p.index), None)


def _in_process(
    jobs: Sequence[FileJob],
    plan: list[_Chunk],
    state: list[_Pending],
    progress: Callable[[int], None] | None,
    cancelled: Callable[[], bool],
) -> Iterator[FileResult]:
    try:
        yield from _in_process_chunks(jobs, plan, state, progress, cancelled)
    finally:
        _forget_file()


def _in_process_chunks(
    jobs: Sequence[FileJob],
    plan: list[_Chunk],
    state: list[_Pending],
    progress: Callable[[int], None] | None,
    cancelled: Callable[[], bool],
) -> Iterator[FileResult]:
    for chunk in plan:
        if cancelled():
            return
        job = jobs[chunk.job]
        # No key: caching import-time documents would push the pages on screen out of it.
        outcome = _extract_chunk(job.path, job.password, chunk.start, chunk.stop, None)
        if progress is not None:
            progress(chunk.stop - chunk.start)
        result = _finish(jobs, state, chunk, outcome)
        if result is not None:
            if cancelled():
                return
            yield result


def _in_pool(
    jobs: Sequence[FileJob],
    plan: list[_Chunk],
    state: list[_Pending],
    n_workers: int,
    progress: Callable[[int], None] | None,
    cancelled: Callable[[], bool],
) -> Iterator[FileResult]:
    queue = list(reversed(plan))  # pop() from the end keeps file order
    in_flight: dict[Future[_Outcome], _Chunk] = {}
    pool = _new_pool(n_workers)
    finished = False
    try:
        while queue or in_flight:
            if cancelled():
                return
            # Two chunks per worker keeps every worker busy without committing far ahead,
            # so cancelling leaves little work behind.
            while queue and len(in_flight) < 2 * n_workers:
                chunk = queue.pop()
                job = jobs[chunk.job]
                args = (job.path, job.password, chunk.start, chunk.stop, job.key)
                in_flight[pool.submit(_extract_chunk, *args)] = chunk
            done, _ = wait(in_flight, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                chunk = in_flight.pop(fut)
                try:
                    outcome = fut.result()
                except BrokenProcessPool:
                    broken = True
                    chunk.tries += 1
                    if chunk.tries <= _RETRIES:
                        queue.append(chunk)
                        continue
                    outcome = (None, "the PDF crashed the reader")
                except Exception as exc:  # pickling trouble and the like; keep the others
                    outcome = (None, f"could not read: {exc}")
                if progress is not None:
                    progress(chunk.stop - chunk.start)
                result = _finish(jobs, state, chunk, outcome)
                if result is not None:
                    if cancelled():
                        return
                    yield result
            if broken:
                # Every other chunk in flight died with the pool: run them again.
                for fut, chunk in in_flight.items():
                    fut.cancel()
                    queue.append(chunk)
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(n_workers)
        finished = True
    finally:
        # After a cancel, do not wait for the chunks still running in the workers.
        pool.shutdown(wait=finished, cancel_futures=True)


def _new_pool(n_workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=n_workers, mp_context=_context())


def _context() -> multiprocessing.context.BaseContext:
    # The caller is a thread of a multi-threaded Qt process: fork() would copy that process
    # with other threads' locks held (Qt, pdfium under PDFIUM_LOCK, malloc) and can deadlock
    # the child. forkserver forks workers from a small clean server process instead, started
    # once per session; preloading this module there means each worker starts with pypdfium2
    # imported, where spawn starts a fresh interpreter per worker per pool. Measured for a
    # pool of two workers, parent having imported Qt: spawn about 150 ms every time,
    # forkserver about 150 ms the first time and about 65 ms after. Both run the parent's
    # __main__ again in each worker (as __mp_main__) unless it was started with `python -m`,
    # so the entry script must keep its work under `if __name__ == "__main__"`.
    # Windows has only spawn.
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        return ctx
    return multiprocessing.get_context("spawn")


# ---------------------------------------------------------------------------------------------
# Worker side

_Outcome = tuple[list[PageText] | None, str | None]

_last_file: tuple[str, bytes] | None = None


def _read(path: str) -> bytes:
    # Chunks of one file often land on the same worker one after another.
    global _last_file
    if _last_file is not None and _last_file[0] == path:
        return _last_file[1]
    data = Path(path).read_bytes()
    _last_file = (path, data)
    return data


def _forget_file() -> None:
    global _last_file
    _last_file = None


def _extract_chunk(
    path: str, password: str | None, start: int, stop: int, key: str | None
) -> _Outcome:
    """(pages, None) or (None, reason). Never raises for a bad PDF: the reason is the answer."""
    try:
        data = _read(path)
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    try:
        return extract_pages(data, password, start, stop, key=key), None
    except PdfError as exc:
        return None, str(exc)
    except Exception as exc:
        return None, f"could not read: {exc}"
