"""Running a job off the GUI thread. A worker only emits signals; it never touches a widget.

worker = Worker(lambda report: project.import_pdfs(paths, progress=report))
worker.signals.progress.connect(...)   # whatever `report(*values)` was called with
worker.signals.finished.connect(...)   # the job's return value
worker.signals.failed.connect(...)     # the exception it raised
start(worker)           # keep `worker` referenced until finished or failed arrives
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Report = Callable[..., None]


class WorkerSignals(QObject):
    progress = Signal(object)  # tuple of the values the job reported
    finished = Signal(object)
    failed = Signal(object)


class Worker(QRunnable):
    def __init__(self, job: Callable[[Report], Any]):
        super().__init__()
        self.setAutoDelete(False)
        # Created here, on the GUI thread, so receivers get queued calls on their own thread.
        self.signals = WorkerSignals()
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(self._report)
        except Exception as error:  # every failure goes back to the GUI thread as a value
            log.exception("background job failed")
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)

    def _report(self, *values: Any) -> None:
        self.signals.progress.emit(values)


def start(worker: Worker, pool: QThreadPool | None = None) -> Worker:
    """Queue the worker; the caller keeps it until `finished` or `failed` has arrived."""
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker
