"""Text extraction for an import: many files, every core, each file in a sandbox.

Every PDF is opened and read in a worker process (app.pdf.sandbox) under a time and memory
limit, however small it is: the calling process, the window included, never parses an
untrusted file. A file that hangs, balloons or crashes its reader is named with the reason
and the others go on; Cancel kills the workers at once.

The first task for a file opens it (trying the password given when it needs one), counts its
pages and reads the first chunk; a long file's remaining pages go out in chunks so that one
long report spreads over all workers. A worker opens the file by path itself (no PDF bytes
cross the process boundary).

This module is also what the worker processes import, so it imports nothing beyond the
standard library and app.pdf (pypdfium2; pdfplumber only on fallback).
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from app.pdf import sandbox
from app.pdf.errors import PasswordRequired, PdfError, WrongPassword
from app.pdf.metadata import PdfFacts
from app.pdf.sandbox import Limits
from app.pdf.text import PageText, extract_pages, page_count

CHUNK_PAGES = 32
# How long to block waiting for workers before looking at `cancelled` and the clocks again.
_POLL_SECONDS = 0.1


@dataclass
class FileJob:
    key: str
    path: str
    password: str | None  # the password to try when the file needs one
    page_count: int | None = None  # known from an earlier look; counted again anyway
    size: int | None = None  # bytes, for the memory limit; read from the file when None


@dataclass
class FileResult:
    key: str
    pages: list[PageText] | None  # all pages in order, or None with error set
    error: str | None
    page_count: int = 0
    password: str | None = None  # the password the file opened with, if it needed one
    needs_password: bool = False  # refused for want of the right password
    drawing_problem: str = ""  # why its pages cannot be drawn (text from the fallback)
    facts: PdfFacts | None = None  # what the file says about itself, for a first record


@dataclass
class _Task:
    job: int  # index into jobs
    start: int
    stop: int  # for the opening task: the end of the first chunk


@dataclass
class _State:
    size: int
    chunks_left: int = 1
    page_count: int = 0
    password: str | None = None
    pages: list[PageText] = field(default_factory=list)
    result: FileResult | None = None
    drawing_problem: str = ""
    facts: PdfFacts | None = None


Progress = Callable[[int, int], None]


def extract_files(
    jobs: Sequence[FileJob],
    workers: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    limits: Limits | None = None,
) -> Generator[FileResult, None, None]:
    """Yield one FileResult per job as soon as all its pages are read (any order).

    progress(done, known) is called from the calling thread with the pages read so far and
    the pages of the files opened so far. Once cancelled() returns True nothing more is
    dispatched or yielded, and the workers busy with a file are killed.
    """
    is_cancelled = cancelled or (lambda: False)
    limits = limits or sandbox.DEFAULT_LIMITS
    wanted = workers or os.cpu_count() or 1
    states = [_State(size=_size(job)) for job in jobs]
    queue: deque[_Task] = deque(_Task(j, 0, CHUNK_PAGES) for j in range(len(jobs)))
    pool = sandbox.take(min(wanted, len(queue)))
    running: dict[sandbox.Worker, _Task] = {}
    counts = {"done": 0, "known": 0}
    finished = False
    try:
        while queue or running:
            if is_cancelled():
                return
            while queue and len(running) < wanted:
                worker = next((w for w in pool if not w.busy), None)
                if worker is None:
                    worker = sandbox.Worker()
                    pool.append(worker)
                task = queue.popleft()
                job = jobs[task.job]
                try:
                    _submit(worker, job, task, states[task.job], limits)
                except (OSError, EOFError, ValueError):
                    # The idle worker died since its last task (the system's OOM killer,
                    # say): drop it; the task goes to a fresh one.
                    pool.remove(worker)
                    worker.kill()
                    queue.appendleft(task)
                    continue
                running[worker] = task
            for worker, outcome in _collect(running, limits):
                task = running.pop(worker)
                worker.done()
                if outcome is None or not worker.process.is_alive():
                    pool.remove(worker)  # died or killed: it cannot take another task
                    worker.kill()
                result = _settle(jobs, states, task, outcome, worker, limits, queue, counts)
                if progress is not None:
                    progress(counts["done"], counts["known"])
                if result is not None:
                    if is_cancelled():
                        return
                    yield result
        finished = True
    finally:
        if not finished:
            # Cancelled, or the consumer stopped: the files in hand are abandoned at once.
            for worker in list(running):
                pool.remove(worker)
                worker.kill()
        sandbox.give_back(pool)


def _size(job: FileJob) -> int:
    if job.size is not None:
        return job.size
    try:
        return os.stat(job.path).st_size
    except OSError:
        return 0


def _submit(
    worker: sandbox.Worker, job: FileJob, task: _Task, state: _State, limits: Limits
) -> None:
    if task.start == 0:
        worker.submit(open_file, (job.path, job.password, task.stop), limits, state.size)
    else:
        args = (job.path, state.password, task.start, task.stop)
        worker.submit(read_chunk, args, limits, state.size)


_Outcome = tuple[str, Any] | None  # (kind, payload) from the worker; None: it is gone


def _collect(
    running: dict[sandbox.Worker, _Task], limits: Limits
) -> list[tuple[sandbox.Worker, _Outcome]]:
    """The workers that finished, died or ran out of time since the last look."""
    if not running:
        return []
    now = time.monotonic()
    nearest = min(w.deadline or now for w in running)
    timeout = max(0.0, min(_POLL_SECONDS, nearest - now))
    waitables: list[Any] = []
    for worker in running:
        waitables += [worker.tasks, worker.process.sentinel]
    ready = set(wait(waitables, timeout=timeout))
    out: list[tuple[sandbox.Worker, _Outcome]] = []
    now = time.monotonic()
    for worker in running:
        worker.watch_memory()
        if worker.tasks in ready:
            try:
                out.append((worker, worker.tasks.recv()))
                continue
            except (EOFError, OSError):
                pass
        if worker.tasks in ready or worker.process.sentinel in ready:
            worker.process.join(timeout=1)
            out.append((worker, None))
        elif worker.deadline is not None and now > worker.deadline:
            worker.kill()
            seconds = f"{limits.seconds:g}"
            out.append((worker, ("timeout", f"took longer than {seconds} s to read; skipped")))
    return out


def _settle(
    jobs: Sequence[FileJob],
    states: list[_State],
    task: _Task,
    outcome: _Outcome,
    worker: sandbox.Worker,
    limits: Limits,
    queue: deque[_Task],
    counts: dict[str, int],
) -> FileResult | None:
    job, state = jobs[task.job], states[task.job]
    if state.result is not None:
        return None  # the file already failed on another chunk
    kind: str
    payload: Any
    kind, payload = outcome if outcome is not None else ("died", worker.death_reason())
    if kind == sandbox.OUT_OF_MEMORY:
        limit = (worker.memory_limit or 0) // sandbox.MB
        payload = f"needs more memory than the {limit} MB a PDF may use; it was skipped"
    if kind != "ok":
        return _fail(job, state, str(payload), queue, task.job)
    if task.start == 0:
        opened: OpenedFile = payload
        if opened.error is not None:
            return _fail(job, state, opened.error, queue, task.job, opened.needs_password)
        state.page_count, state.password = opened.page_count, opened.password
        state.drawing_problem = opened.drawing_problem
        state.facts = opened.facts
        counts["known"] += opened.page_count
        rest = [
            _Task(task.job, start, min(start + CHUNK_PAGES, opened.page_count))
            for start in range(task.stop, opened.page_count, CHUNK_PAGES)
        ]
        state.chunks_left += len(rest)
        # Next in line: a file once begun is finished before new ones start.
        queue.extendleft(reversed(rest))
        pages: list[PageText] = opened.pages
    else:
        pages, error = payload
        if error is not None:
            return _fail(job, state, error, queue, task.job)
    state.pages.extend(pages)
    counts["done"] += len(pages)
    state.chunks_left -= 1
    if state.chunks_left:
        return None
    state.pages.sort(key=lambda p: p.index)
    state.result = FileResult(
        job.key,
        state.pages,
        None,
        state.page_count,
        state.password,
        needs_password=False,
        drawing_problem=state.drawing_problem,
        facts=state.facts,
    )
    return state.result


def _fail(
    job: FileJob,
    state: _State,
    reason: str,
    queue: deque[_Task],
    index: int,
    needs_password: bool = False,
) -> FileResult:
    # The file's other chunks are pointless now.
    for pending in [t for t in queue if t.job == index]:
        queue.remove(pending)
    state.result = FileResult(job.key, None, reason, state.page_count, None, needs_password)
    return state.result


# ---------------------------------------------------------------------------------------------
# Worker side: what runs in the sandbox


@dataclass
class OpenedFile:
    page_count: int = 0
    password: str | None = None
    pages: list[PageText] = field(default_factory=list)
    error: str | None = None
    needs_password: bool = False
    drawing_problem: str = ""  # why its pages cannot be drawn; "" when they can
    facts: PdfFacts | None = None


_last_file: tuple[tuple[str, int, int], bytes] | None = None


def _read(path: str) -> bytes:
    # Chunks of one file often land on the same worker one after another. A file saved
    # again under the same name (a corrected version imported next) has another size or
    # time, and is read afresh: the pages must come from the very bytes the study keeps.
    global _last_file
    found = os.stat(path)
    key = (path, found.st_size, found.st_mtime_ns)
    if _last_file is not None and _last_file[0] == key:
        return _last_file[1]
    _last_file = None  # let the previous file go before reading the next
    data = Path(path).read_bytes()
    _last_file = (key, data)
    return data


def open_file(path: str, password: str | None, first_stop: int) -> OpenedFile:
    """Count the pages (with the password if the file needs one) and read the first ones.
    Never raises for a bad PDF: the reason is the answer."""
    try:
        data = _read(path)
    except OSError as exc:
        return OpenedFile(error=f"cannot read file: {exc.strerror or exc}")
    used: str | None = None
    try:
        try:
            count = page_count(data, None)
        except PasswordRequired:
            if password is None:
                return OpenedFile(error="password required", needs_password=True)
            count, used = page_count(data, password), password
        if count == 0:
            return OpenedFile(error="the PDF has no pages")
        pages = extract_pages(data, used, 0, min(first_stop, count))
    except WrongPassword as exc:
        return OpenedFile(error=str(exc), needs_password=True)
    except PdfError as exc:
        return OpenedFile(error=str(exc))
    from app.pdf.metadata import pdf_facts
    from app.pdf.render import drawing_problem

    return OpenedFile(
        count,
        used,
        pages,
        drawing_problem=drawing_problem(data, used) or "",
        facts=pdf_facts(data, used),
    )


def read_chunk(
    path: str, password: str | None, start: int, stop: int
) -> tuple[list[PageText], str | None]:
    """Pages start..stop-1, or no pages and the reason they cannot be read."""
    try:
        data = _read(path)
        # No key: the worker must not keep documents of files it has finished with.
        return extract_pages(data, password, start, stop, key=None), None
    except OSError as exc:
        return [], f"cannot read file: {exc.strerror or exc}"
    except PdfError as exc:
        return [], str(exc)
