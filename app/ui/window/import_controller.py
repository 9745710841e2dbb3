"""Importing PDFs in the background while the window stays usable.

The import runs on a pool thread and is the only writer to the project while it runs (the
window disables coding meanwhile). A progress dialog appears only if the import takes longer
than a moment; Cancel stops it between files, keeping what was already imported.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.core.types import ImportReport
from app.ui.context import AppContext
from app.ui.window.import_summary import show_summary
from app.ui.workers import Worker, start

PROGRESS_DELAY_MS = 600


class ImportController(QObject):
    started = Signal()
    finished = Signal(object)  # the ImportReport, or the exception that stopped the import

    def __init__(self, context: AppContext, window: QWidget, pool: QThreadPool | None = None):
        super().__init__(window)
        self._context = context
        self._window = window
        self._pool = pool
        self._worker: Worker | None = None
        self._cancel = threading.Event()
        self._progress: QProgressDialog | None = None
        self.summary: QMessageBox | None = None

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def start(self, paths: list[Path], password: str | None = None) -> bool:
        project = self._context.project
        if project is None or self.busy or not paths:
            return False
        self._cancel = threading.Event()
        cancelled = self._cancel.is_set
        self._worker = Worker(
            lambda report: project.import_pdfs(
                paths, password=password, progress=report, cancelled=cancelled
            )
        )
        self._worker.signals.progress.connect(self._on_progress)
        self._worker.signals.finished.connect(self._on_finished)
        self._worker.signals.failed.connect(self._on_failed)
        self._progress = self._progress_dialog(len(paths))
        self.started.emit()
        start(self._worker, self._pool)
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def stop(self) -> None:
        """Cancel and wait, so that the project can be closed under no writer."""
        if self.busy:
            self.cancel()
            (self._pool or QThreadPool.globalInstance()).waitForDone()

    def _progress_dialog(self, count: int) -> QProgressDialog:
        dialog = QProgressDialog(f"Importing {count} item(s)…", "Cancel", 0, 0, self._window)
        dialog.setObjectName("importProgress")
        dialog.setWindowTitle("Importing PDFs")
        # Not modal: she can keep reading while a large folder comes in.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        return dialog

    def _on_progress(self, values: tuple[int, int, str]) -> None:
        done, total, name = values
        if self._progress is None:
            return
        if total > 0:
            self._progress.setMaximum(total)
            self._progress.setValue(min(done, total))
        latest = f"\nLast finished: {Path(name).name}" if name else ""
        self._progress.setLabelText(f"Importing… {done} of {total} pages{latest}")

    def _finish(self) -> None:
        self._worker = None
        if self._progress is not None:
            self._progress.canceled.disconnect(self.cancel)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _on_finished(self, report: ImportReport) -> None:
        self._finish()
        self.summary = show_summary(report, self._window, self._retry)
        self.finished.emit(report)

    def _on_failed(self, error: Exception) -> None:
        self._finish()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Import stopped",
            f"The import stopped: {error}\nStudies imported before this point are kept.",
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.open()
        self.summary = box
        self.finished.emit(error)

    def _retry(self, paths: list[str], password: str) -> None:
        self.start([Path(p) for p in paths], password)
