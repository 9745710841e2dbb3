"""A long export or import off the GUI thread, with a progress dialog that can cancel it.

The dialog appears only if the job outlasts a moment, so quick exports do not flash one.
The job gets a `report(done, total, what)` callable and a `cancelled()` flag to look at.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.ui.workers import Worker, start

PROGRESS_DELAY_MS = 600

Work = Callable[[Callable[..., None], Callable[[], bool]], Any]


class Job(QObject):
    finished = Signal(object)  # what the work returned
    failed = Signal(object)  # the exception it raised (Cancelled when stopped)

    def __init__(self, parent: QWidget, title: str, work: Work, name: str = "jobProgress"):
        super().__init__(parent)
        self._parent = parent
        self._cancel = threading.Event()
        self.worker = Worker(lambda report: work(report, self._cancel.is_set))
        self.worker.signals.progress.connect(self._on_progress)
        self.worker.signals.finished.connect(self._on_finished)
        self.worker.signals.failed.connect(self._on_failed)
        self.dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, parent)
        self.dialog.setObjectName(name)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.setValue(0)
        self.running = False

    def start(self) -> Job:
        self.running = True
        start(self.worker)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self) -> None:
        """Stop and wait for the worker, so that its project can be closed under it."""
        if self.running:
            self.cancel()
            QThreadPool.globalInstance().waitForDone()

    def _on_progress(self, values: tuple[Any, ...]) -> None:
        done, total, what = [*values, 0, 0, ""][:3]
        # The words first: a modal dialog's setValue handles the reports queued behind this
        # one before it returns, and nothing after it may then put older words back.
        if what:
            self.dialog.setLabelText(str(what) + "…")
        if total:
            self.dialog.setMaximum(int(total))
            self.dialog.setValue(min(int(done), int(total)))

    def _close(self) -> None:
        self.running = False
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()

    def _on_finished(self, result: object) -> None:
        self._close()
        self.finished.emit(result)

    def _on_failed(self, error: object) -> None:
        self._close()
        self.failed.emit(error)
