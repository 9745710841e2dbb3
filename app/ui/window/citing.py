"""The Studies menu's citing tools: a study's page numbering, checking its quotes, and
reading its pages again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QProgressDialog

from app.core.errors import CoreError
from app.core.verify import VerifyReport
from app.ui.commands.base import push
from app.ui.commands.page_numbers import SetPageNumbering
from app.ui.window.page_numbering import PageNumberingDialog
from app.ui.window.quote_check import QuoteCheckDialog, check_quotes_job
from app.ui.workers import Worker, start

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class CitingTools(QObject):
    reread_done = Signal(object)  # the Replacement, or None

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self._check: Worker | None = None
        self._stop = False
        self.progress: QProgressDialog | None = None
        self.last_dialog: QDialog | None = None
        self.numbering = QAction("Page &numbering…", window)
        self.numbering.setToolTip("The page numbers this study's quotes are cited by")
        self.check = QAction("Check &quotes against the pages", window)
        self.check.setToolTip("Read the study's pages again and compare every quote")
        self.reread = QAction("&Read the pages again", window)
        self.reread.setToolTip(
            "Read the study's text with today's reader and find every passage on it again"
        )
        for action in (self.numbering, self.check, self.reread):
            window.addAction(action)
        # Beside the other things done to a study, in the Studies menu.
        menu = window.findChild(QMenu, "studiesMenu")
        if menu is None:
            menu = window.menuBar().addMenu("&Studies")
        menu.addSeparator()
        menu.addAction(self.numbering)
        menu.addAction(self.check)
        menu.addAction(self.reread)
        self.numbering.triggered.connect(self.edit_numbering)
        self.check.triggered.connect(self.check_quotes)
        self.reread.triggered.connect(self.read_again)
        context = window.context
        context.studySelected.connect(self._update)
        context.projectOpened.connect(self._update)
        context.projectClosed.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        has_study = self._window.context.project is not None and (
            self._window.context.study_id is not None
        )
        self.numbering.setEnabled(has_study)
        self.check.setEnabled(has_study and self._check is None)
        self.reread.setEnabled(has_study and self._check is None)

    # --- page numbering --------------------------------------------------------------------

    def numbering_dialog(self) -> PageNumberingDialog | None:
        context = self._window.context
        project, study_id = context.project, context.study_id
        if project is None or study_id is None:
            return None
        dialog = PageNumberingDialog(
            project.studies.get(study_id).label,
            project.page_numbers.of_study(study_id),
            project.page_numbers.first_printed(study_id),
            self._window,
        )
        dialog.accepted.connect(lambda: self._apply_numbering(study_id, dialog.choice()))
        self.last_dialog = dialog
        return dialog

    def edit_numbering(self) -> None:
        dialog = self.numbering_dialog()
        if dialog is not None:
            dialog.open()

    def _apply_numbering(self, study_id: int, first: int | None) -> None:
        context = self._window.context
        project = context.project
        if project is None or first == project.page_numbers.first_printed(study_id):
            return
        try:
            push(context.undo_stack, SetPageNumbering(project, study_id, first))
        except CoreError as error:
            self._window.show_error(str(error))

    # --- checking quotes -------------------------------------------------------------------

    def check_quotes(self) -> bool:
        """Check the current study's quotes off the GUI thread; the result opens a dialog."""
        context = self._window.context
        project, study_id = context.project, context.study_id
        if project is None or study_id is None or self._check is not None:
            return False
        label = project.studies.get(study_id).label
        progress = QProgressDialog(f"Checking the quotes of {label}…", "", 0, 0, self._window)
        progress.setCancelButton(None)
        progress.setMinimumDuration(600)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress = progress
        self._stop = False
        worker = Worker(check_quotes_job(project, study_id, lambda: self._stop))
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(lambda report: self._checked(label, report))
        worker.signals.failed.connect(self._failed)
        self._check = start(worker)
        self._update()
        return True

    def _on_progress(self, values: object) -> None:
        if self.progress is not None and isinstance(values, tuple) and len(values) == 2:
            done, total = values
            self.progress.setMaximum(int(total))
            self.progress.setValue(int(done))

    def _finish(self) -> None:
        self._check = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self._update()

    def _failed(self, error: object) -> None:
        self._finish()
        self._window.show_error(f"The study's pages could not be read: {error}")

    def _checked(self, label: str, report: object) -> None:
        self._finish()
        assert isinstance(report, VerifyReport)
        if report.cancelled:
            return
        project = self._window.context.project
        if project is not None and not project.database.read_only:
            try:
                project.passages.set_text_checks(report.findings)
            except CoreError as error:
                self._window.show_error(str(error))
        dialog = QuoteCheckDialog(label, report, self._window)
        dialog.passageActivated.connect(self._window.view.go_to_passage)
        self.last_dialog = dialog
        dialog.open()

    # --- reading a study's pages again ------------------------------------------------------

    def read_again(self) -> bool:
        """Read the current study's PDF again off the GUI thread; then, as one undo step,
        store the new reading and find every passage on it again."""
        from app.core.replace_pdf import read_stored_pdf

        context = self._window.context
        project, study_id = context.project, context.study_id
        if project is None or study_id is None or self._check is not None:
            return False
        label = project.studies.get(study_id).label
        progress = QProgressDialog(f"Reading the pages of {label} again…", "", 0, 0, self._window)
        progress.setCancelButton(None)
        progress.setMinimumDuration(600)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress = progress
        worker = Worker(lambda _report: read_stored_pdf(project, study_id))
        worker.signals.finished.connect(lambda new: self._reread(study_id, new))
        worker.signals.failed.connect(self._failed)
        self._check = start(worker)
        self._update()
        return True

    def _reread(self, study_id: int, new: object) -> None:
        from app.core.replace_pdf import NewPdf
        from app.ui.commands.records import ReplacePdf

        self._finish()
        context = self._window.context
        project = context.project
        if project is None or not isinstance(new, NewPdf):
            return
        command = ReplacePdf(project, study_id, new, attach=False, reread=True)
        try:
            push(context.undo_stack, command)
        except CoreError as error:
            self._window.show_error(str(error))
            return
        if command.result is not None:
            self._window.statusBar().showMessage(
                f"Read the pages again: {command.result.summary()}", 15000
            )
        self.reread_done.emit(command.result)

    def busy(self) -> bool:
        return self._check is not None

    def wait(self) -> None:
        """Stop a running check and let it end, so that its project can be closed."""
        if self._check is not None:
            self._stop = True
            QThreadPool.globalInstance().waitForDone()
