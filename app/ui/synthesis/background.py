"""Running a view's query off the GUI thread, keeping only the newest answer.

A view asks again whenever the project changes; asking several times in a row (coding every
hit announces each study) runs the query once, after a short pause, and an answer that a
newer question has overtaken is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.workers import Worker, start

PAUSE_MS = 40


class LatestQuery(QObject):
    answered = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._generation = 0
        self._running: set[Worker] = set()
        self._job: Callable[[], Any] | None = None
        self._apply: Callable[[Any], None] | None = None
        self._fail: Callable[[Exception], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._start)

    def ask(
        self,
        job: Callable[[], Any],
        apply: Callable[[Any], None],
        fail: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run `job` soon, off the GUI thread; `apply` its result on the GUI thread unless a
        newer question has been asked meanwhile."""
        self._generation += 1
        self._job, self._apply, self._fail = job, apply, fail
        self._timer.start()

    def busy(self) -> bool:
        return self._timer.isActive() or bool(self._running)

    def _start(self) -> None:
        job, apply, fail = self._job, self._apply, self._fail
        if job is None or apply is None:
            return
        generation = self._generation
        worker = Worker(lambda _report: job())
        self._running.add(worker)
        worker.signals.finished.connect(
            lambda result: self._done(worker, generation, lambda: apply(result))
        )
        worker.signals.failed.connect(
            lambda error: self._done(worker, generation, lambda: fail(error) if fail else None)
        )
        start(worker)

    def _done(self, worker: Worker, generation: int, deliver: Callable[[], None]) -> None:
        self._running.discard(worker)
        if generation == self._generation:
            deliver()
            self.answered.emit()
