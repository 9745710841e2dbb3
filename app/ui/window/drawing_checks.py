"""Studies imported before Habitus recorded whether their pages can be drawn are checked
once their project opens, in the background, and the answers kept in the project.

The check opens each PDF with the renderer (pdfium), so it runs on a worker thread of its
own; the answers are written on the GUI thread, through core, and the Studies list flags a
study whose pages cannot be drawn as it does one imported today. A read-only project is not
checked: there is nowhere to keep the answers. Closing the project stops the check after
the study in hand and keeps what was found.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from app.core.errors import REFUSALS
from app.core.studies import DrawingCheck
from app.ui.context import AppContext
from app.ui.workers import Worker, start


class DrawingChecks(QObject):
    finished = Signal(object)  # the ids of the studies whose answers were kept

    def __init__(
        self, context: AppContext, tell: Callable[[str], None], parent: QObject | None = None
    ):
        super().__init__(parent)
        self._context = context
        self._tell = tell
        # One thread: pdfium is serialised anyway, and the pages on screen come first.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._worker: Worker | None = None
        self._stop = threading.Event()
        self._found: list[DrawingCheck] = []
        context.projectOpened.connect(self.start)
        context.aboutToClose.connect(self.stop)
        if context.project is not None:
            self.start()

    def busy(self) -> bool:
        return self._worker is not None

    def start(self) -> bool:
        """Check the studies of the open project that have no answer yet."""
        project = self._context.project
        if project is None or project.database.read_only or self._worker is not None:
            return False
        unchecked = project.studies.unchecked_drawing()
        if not unchecked:
            return False
        stop = threading.Event()
        found: list[DrawingCheck] = []  # appended on the worker, read once it has ended
        self._stop, self._found = stop, found

        def work(_report: object) -> None:
            for study_id in unchecked:
                if stop.is_set():
                    return
                try:
                    found.append(project.studies.check_drawing(study_id))
                except REFUSALS:
                    continue  # gone meanwhile, or its PDF with it: nothing to say

        worker = Worker(work)
        worker.signals.finished.connect(lambda _result: self._done(worker))
        worker.signals.failed.connect(lambda _error: self._done(worker))
        self._worker = start(worker, self._pool)
        return True

    def stop(self) -> None:
        """Stop after the study in hand and keep what was found (the project is closing)."""
        if self._worker is None:
            return
        self._stop.set()
        self._pool.waitForDone()
        self._keep()

    def _done(self, worker: Worker) -> None:
        if worker is self._worker:
            self._keep()

    def _keep(self) -> None:
        found, self._found, self._worker = self._found, [], None
        project = self._context.project
        if project is None or not found:
            return
        try:
            kept = project.studies.keep_drawing_problems(found)
        except REFUSALS:
            return  # derived data: asked again the next time the project opens
        undrawable = sum(1 for check in found if check.problem and check.study_id in kept)
        if undrawable:
            studies = "study" if undrawable == 1 else "studies"
            self._tell(
                f"The pages of {undrawable} {studies} cannot be drawn: flagged in the Studies "
                "list (hover for why)."
            )
        self.finished.emit(kept)
