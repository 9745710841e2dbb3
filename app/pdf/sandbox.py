"""Worker processes that read untrusted PDFs under a time and a memory limit.

A PDF is a program for its reader: a 40 KB file can ask pdfium for gigabytes, a file of
zeros can keep pdfminer busy for minutes. Each worker takes one task at a time with a memory
cap set just for it (RLIMIT_AS, on Linux and macOS), and the parent kills a worker whose
task outlives its time, so such a file is named and skipped while the others go on. Killing
is also how Cancel acts: at once, not after the file in hand.

Workers die with the process that started them: on Linux the kernel sends them SIGKILL
(PR_SET_PDEATHSIG); everywhere, a thread in each worker waits on a pipe only the parent
holds open, and ends the worker when it reads end-of-file.

This module runs in the workers too; it imports only the standard library.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one task may take. Memory grows with the file: its bytes are held while it is
    read, and a large honest PDF needs room for its structures too."""

    seconds: float = 30.0
    memory_mb: int = 1024
    memory_per_file_mb: int = 4  # extra megabytes for each megabyte of the file

    def memory_for(self, file_size: int) -> int:
        return (self.memory_mb + self.memory_per_file_mb * max(file_size, 0) // MB) * MB


DEFAULT_LIMITS = Limits()

# Outcome kinds a worker sends back, beside "ok".
FAILED = "failed"  # the task raised; the payload is the reason
OUT_OF_MEMORY = "memory"


# ---------------------------------------------------------------------------------------------
# Worker side


def _die_with_parent(lifeline: Connection) -> None:
    # A forkserver child keeps the write end of the server's "alive" pipe, which keeps the
    # server (this worker's parent) running after the importing process is gone; let it go,
    # so that the server ends with the process that started it and takes us with it.
    with contextlib.suppress(Exception):
        from multiprocessing import forkserver

        server: Any = forkserver._forkserver
        if server._forkserver_alive_fd is not None:
            os.close(server._forkserver_alive_fd)
            server._forkserver_alive_fd = None
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)

    def watch() -> None:
        with contextlib.suppress(BaseException):
            lifeline.recv()  # nothing is ever sent: this returns when the parent is gone
        os._exit(0)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _set_memory_limit(limit: int | None) -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit; the time limit still holds
        return
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = resource.RLIM_INFINITY if limit is None else limit
        if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
            soft = hard
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def worker_main(tasks: Connection, lifeline: Connection) -> None:
    """The loop of one worker: (function, args, memory limit) in, (kind, payload) out."""
    _die_with_parent(lifeline)
    # Ctrl+C in a terminal reaches the whole process group; the parent decides for us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # pdfminer warns on stderr about every oddity of a damaged file ("Data-loss while
    # decompressing..."), into the terminal of whoever imports; the reason a file was
    # refused comes back as the task's answer instead.
    import logging

    logging.getLogger().addHandler(logging.NullHandler())
    while True:
        try:
            message = tasks.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        function, args, memory = message
        _set_memory_limit(memory)
        try:
            outcome: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            outcome = (OUT_OF_MEMORY, None)
        except Exception as exc:
            detail = str(exc) or type(exc).__name__
            detail = detail if len(detail) <= 80 else detail[:77] + "..."
            outcome = (FAILED, f"damaged PDF: it could not be read ({detail})")
        finally:
            _set_memory_limit(None)
        try:
            tasks.send(outcome)
        except (EOFError, OSError):
            return


# ---------------------------------------------------------------------------------------------
# Parent side


def context() -> multiprocessing.context.BaseContext:
    # The caller is a thread of a multi-threaded Qt process: fork() would copy that process
    # with other threads' locks held (Qt, pdfium, malloc) and can deadlock the child.
    # forkserver forks workers from a small clean server process instead, started once per
    # session; preloading the PDF layer there means each worker starts with pypdfium2
    # imported (about 65 ms a worker after the first, where spawn costs about 150 ms every
    # time). Both run the parent's __main__ again in each worker (as __mp_main__) unless it
    # was started with `python -m`, so an entry script keeps its work under
    # `if __name__ == "__main__"`. Windows has only spawn.
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["app.pdf.batch"])
        return ctx
    return multiprocessing.get_context("spawn")


class Worker:
    """One worker process, seen from the parent."""

    def __init__(self) -> None:
        ctx: Any = context()
        self.tasks, child_tasks = ctx.Pipe(duplex=True)
        lifeline_read, self._lifeline = ctx.Pipe(duplex=False)
        self.process = ctx.Process(
            target=worker_main, args=(child_tasks, lifeline_read), daemon=True, name="pdf-reader"
        )
        self.process.start()
        child_tasks.close()
        lifeline_read.close()
        self.deadline: float | None = None
        self.memory_limit: int | None = None
        self.peak_memory = 0  # largest address space seen during the current task

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid

    @property
    def busy(self) -> bool:
        return self.deadline is not None

    def submit(
        self, function: Callable[..., Any], args: tuple[Any, ...], limits: Limits, file_size: int
    ) -> None:
        self.memory_limit = limits.memory_for(file_size)
        self.peak_memory = 0
        self.deadline = time.monotonic() + limits.seconds
        self.tasks.send((function, args, self.memory_limit))

    def done(self) -> None:
        self.deadline = None

    def watch_memory(self) -> None:
        """Note the worker's address space (Linux), to tell a memory death from a crash."""
        try:
            with open(f"/proc/{self.pid}/statm") as statm:
                pages = int(statm.read().split()[0])
        except (OSError, ValueError, IndexError):
            return
        self.peak_memory = max(self.peak_memory, pages * os.sysconf("SC_PAGE_SIZE"))

    def death_reason(self) -> str:
        """Why a worker that died during its task died, in a user's words."""
        code = self.process.exitcode
        near_limit = self.memory_limit is not None and self.peak_memory >= 0.8 * self.memory_limit
        # pdfium aborts when an allocation fails; the kernel's OOM killer sends SIGKILL.
        if near_limit or code in (-signal.SIGABRT, -signal.SIGKILL):
            limit = (self.memory_limit or 0) // MB
            return f"needs more memory than the {limit} MB a PDF may use; it was skipped"
        return "the PDF crashed the reader"

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.join(timeout=5)
        self.close()

    def stop(self) -> None:
        """End an idle worker politely."""
        with contextlib.suppress(Exception):
            self.tasks.send(None)
        with contextlib.suppress(Exception):
            self.process.join(timeout=1)
        if self.process.is_alive():
            self.kill()
        self.close()

    def close(self) -> None:
        for connection in (self.tasks, self._lifeline):
            with contextlib.suppress(Exception):
                connection.close()


# Idle workers kept between imports, so that importing one file does not pay for starting
# a process each time.
_idle: list[Worker] = []
_idle_lock = threading.Lock()


def take(count: int) -> list[Worker]:
    """Up to `count` idle workers that are still alive."""
    with _idle_lock:
        alive = [w for w in _idle if w.process.is_alive()]
        for worker in _idle:
            if worker not in alive:
                worker.close()
        taken, _idle[:] = alive[:count], alive[count:]
    return taken


def give_back(workers: list[Worker]) -> None:
    with _idle_lock:
        _idle.extend(w for w in workers if w.process.is_alive() and not w.busy)


def shutdown() -> None:
    """Stop every idle worker (at exit; tests use it to start afresh)."""
    with _idle_lock:
        workers, _idle[:] = list(_idle), []
    for worker in workers:
        worker.stop()


atexit.register(shutdown)
