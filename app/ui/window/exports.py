"""Exporting from the window: ask where, write off the GUI thread, say how it went."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow

from app.exchange.xlsx_passages import write_passages_xlsx
from app.ui.context import AppContext
from app.ui.workers import Worker, start


class ExportController(QObject):
    exported = Signal(object)  # rows written, or the exception that stopped the export

    def __init__(
        self,
        context: AppContext,
        window: QMainWindow,
        flush: Callable[[], None],
        refuse: Callable[[str], object],
        pool: QThreadPool | None = None,
    ):
        super().__init__(window)
        self._context = context
        self._window = window
        self._flush = flush  # edits in progress (a memo being typed) belong in the export
        self._refuse = refuse
        self._pool = pool
        self._worker: Worker | None = None

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def wait(self) -> None:
        """Let a running export end, so that its project can be closed under it."""
        if self._worker is not None:
            (self._pool or QThreadPool.globalInstance()).waitForDone()

    def export_passages(self) -> None:
        project = self._context.project
        if project is None:
            return
        suggested = str(project.path.with_name(f"{project.path.stem}-passages.xlsx"))
        name, _ = QFileDialog.getSaveFileName(
            self._window, "Export coded passages", suggested, "Excel workbook (*.xlsx)"
        )
        if name:
            self.write_passages(Path(name))

    def write_passages(self, path: Path) -> bool:
        """Write the spreadsheet off the GUI thread; `exported` says how it went."""
        project = self._context.project
        if project is None or self._worker is not None:
            return False
        self._flush()
        self._window.statusBar().showMessage(f"Exporting coded passages to {path}…")
        worker = Worker(lambda _report: write_passages_xlsx(project, path))
        worker.signals.finished.connect(lambda rows: self._done(path, rows))
        worker.signals.failed.connect(lambda error: self._done(path, error))
        self._worker = start(worker, self._pool)
        return True

    def _done(self, path: Path, outcome: object) -> None:
        self._worker = None
        status = self._window.statusBar()
        if isinstance(outcome, Exception):
            status.clearMessage()
            self._refuse(f"The spreadsheet could not be written: {outcome}")
        else:
            status.showMessage(f"Exported {outcome} coded passages to {path}", 8000)
        self.exported.emit(outcome)
