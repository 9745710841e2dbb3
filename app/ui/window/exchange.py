"""File ▸ Export and Import beyond PDFs: the workbook, CSV, REFI-QDA projects and the
annotations of a study's PDF. Each runs off the GUI thread with progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from app.core.errors import CoreError
from app.core.project import Project
from app.exchange.errors import Cancelled, ExchangeError
from app.exchange.workbook import WorkbookOptions
from app.ui.context import AppContext
from app.ui.window.jobs import Job

PROJECT_FILTER = "REFI-QDA projects (*.qdpx)"
LISTED = 20


class ExchangeController(QObject):
    """Owns the exchange actions of the File menu and the jobs they start."""

    exported = Signal(object)  # what the export returned, or the exception that stopped it
    imported = Signal(object)  # an import's report, or the exception that stopped it

    def __init__(self, window: QMainWindow, context: AppContext, export_action: QAction):
        super().__init__(window)
        self.window = window
        self.context = context
        self.job: Job | None = None
        self.message: QMessageBox | None = None
        self.export_workbook_action = export_action
        export_action.setText("Export &workbook…")
        export_action.setToolTip("Table 1, passages, factors, codebook and studies (.xlsx)")
        self.export_csv_action = QAction("Export passages as &CSV…", window)
        self.export_qdpx_action = QAction("Export REFI-QDA &project…", window)
        self.export_pdf_action = QAction("Export &annotated PDF of this study…", window)
        self.import_qdpx_action = QAction("Import REFI-QDA pro&ject (.qdpx)…", window)
        self.import_notes_action = QAction("Import PDF a&nnotations of this study…", window)
        self._menu(export_action)
        export_action.triggered.disconnect()
        export_action.triggered.connect(self.export_workbook)
        self.export_csv_action.triggered.connect(self.export_csv)
        self.export_qdpx_action.triggered.connect(self.export_qdpx)
        self.export_pdf_action.triggered.connect(self.export_annotated_pdf)
        self.import_qdpx_action.triggered.connect(self.choose_qdpx)
        self.import_notes_action.triggered.connect(self.choose_annotations)
        context.projectOpened.connect(self.update_state)
        context.projectClosed.connect(self.update_state)
        context.studySelected.connect(lambda _study: self.update_state())
        self.update_state()

    def _menu(self, export_action: QAction) -> None:
        menu = next((w for w in export_action.associatedObjects() if isinstance(w, QMenu)), None)
        if menu is None:
            return
        actions = menu.actions()
        after = actions[actions.index(export_action) + 1] if export_action in actions else None
        menu.insertAction(export_action, self.import_qdpx_action)
        menu.insertAction(export_action, self.import_notes_action)
        menu.insertSeparator(export_action)
        for action in (self.export_csv_action, self.export_qdpx_action, self.export_pdf_action):
            menu.insertAction(after, action) if after is not None else menu.addAction(action)

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def update_state(self) -> None:
        project = self.context.project is not None
        study = self.context.study_id is not None
        idle = not self.busy
        for action in (
            self.export_workbook_action,
            self.export_csv_action,
            self.export_qdpx_action,
        ):
            action.setEnabled(project and idle)
        self.export_pdf_action.setEnabled(project and study and idle)
        self.import_notes_action.setEnabled(project and study and idle)
        self.import_qdpx_action.setEnabled(idle)

    def stop(self) -> None:
        if self.job is not None:
            self.job.wait()

    # --- running ---------------------------------------------------------------------------

    def _run(
        self,
        title: str,
        work: Callable[[Callable[..., None], Callable[[], bool]], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> bool:
        if self.busy:
            self._show("Wait for the export or import under way to finish.")
            return False
        if hasattr(self.window, "memo"):
            self.window.memo.save()
        job = Job(self.window, title, work)
        job.finished.connect(lambda result: self._end(done, result))
        job.failed.connect(lambda error: self._end(failed, error))
        self.job = job.start()
        self.update_state()
        return True

    def _end(self, callback: Callable[[Any], None], value: object) -> None:
        self.job = None
        self.update_state()
        callback(value)

    def _show(
        self, text: str, title: str = "Habitus", detail: str = "", warn: bool = True
    ) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning if warn else QMessageBox.Icon.Information,
            title,
            text,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        if detail:
            box.setDetailedText(detail)
        box.open()
        self.message = box
        return box

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)

    def _export_failed(self, what: str) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self._status(f"The {what} was not written: cancelled.")
            else:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else error
                self._show(f"The {what} could not be written: {reason}")
            self.exported.emit(error)

        return failed

    def _save_name(self, title: str, suggested: str, filters: str) -> Path | None:
        project = self.context.project
        start = str(project.path.with_name(suggested)) if project else suggested
        name, _ = QFileDialog.getSaveFileName(self.window, title, start, filters)
        return Path(name) if name else None

    # --- the workbook and CSV ---------------------------------------------------------------

    def export_workbook(self) -> None:
        from app.ui.window.export_options import ExportOptionsDialog

        project = self.context.project
        if project is None:
            return
        dialog = ExportOptionsDialog(project, self.window)
        if dialog.exec() != ExportOptionsDialog.DialogCode.Accepted:
            return
        path = self._save_name(
            "Export the workbook", f"{project.path.stem}.xlsx", "Excel workbook (*.xlsx)"
        )
        if path is not None:
            self.write_workbook(path.with_suffix(".xlsx"), dialog.options())

    def write_workbook(self, path: Path, options: WorkbookOptions | None = None) -> bool:
        from app.exchange.workbook import write_workbook

        project = self.context.project
        if project is None:
            return False

        def done(summary: Any) -> None:
            self._status(
                f"Exported {summary.studies} studies and {summary.passages} passages to {path}"
            )
            if summary.pictures_missing:
                self._show(
                    f"{summary.pictures_missing} region passages could not be drawn; their rows "
                    "carry no picture."
                )
            self.exported.emit(summary)

        return self._run(
            "Exporting the workbook",
            lambda report, cancelled: write_workbook(project, path, options, report, cancelled),
            done,
            self._export_failed("workbook"),
        )

    def export_csv(self) -> None:
        from app.ui.window.export_options import ExportOptionsDialog

        project = self.context.project
        if project is None:
            return
        dialog = ExportOptionsDialog(project, self.window, workbook=False)
        if dialog.exec() != ExportOptionsDialog.DialogCode.Accepted:
            return
        path = self._save_name(
            "Export passages as CSV", f"{project.path.stem}-passages.csv", "CSV (*.csv)"
        )
        if path is not None:
            self.write_csv(path.with_suffix(".csv"), dialog.options())

    def write_csv(self, path: Path, options: WorkbookOptions | None = None) -> bool:
        from app.exchange.csv_passages import write_passages_csv

        project = self.context.project
        if project is None:
            return False

        def done(rows: Any) -> None:
            self._status(f"Exported {rows} rows of passages to {path}")
            self.exported.emit(rows)

        return self._run(
            "Exporting passages",
            lambda _report, cancelled: write_passages_csv(project, path, options, cancelled),
            done,
            self._export_failed("CSV file"),
        )

    # --- REFI-QDA projects ------------------------------------------------------------------

    def export_qdpx(self) -> None:
        project = self.context.project
        if project is None:
            return
        path = self._save_name(
            "Export a REFI-QDA project", f"{project.path.stem}.qdpx", PROJECT_FILTER
        )
        if path is not None:
            self.write_qdpx(path.with_suffix(".qdpx"))

    def write_qdpx(self, path: Path) -> bool:
        from app.exchange.qdpx.writer import export_qdpx

        project = self.context.project
        if project is None:
            return False

        def done(summary: Any) -> None:
            self._status(
                f"Exported {summary.studies} studies, {summary.passages} passages and "
                f"{summary.factors} factors to {path}"
            )
            self.exported.emit(summary)

        return self._run(
            "Exporting the project",
            lambda report, cancelled: export_qdpx(project, path, report, cancelled),
            done,
            self._export_failed("project"),
        )

    def choose_qdpx(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import a REFI-QDA project", "", PROJECT_FILTER
        )
        if not name:
            return
        source = Path(name)
        target: Path | None = None
        if self.context.project is not None:
            backed_up = (
                " A backup of the project is taken first: File ▸ Restore from backup "
                "brings it back as it was."
                if self.context.project.backups_on()
                else ""
            )
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Import a REFI-QDA project",
                f"Import {source.name} into a new project, or add it to "
                f"{self.context.project.name}? Adding it cannot be undone with Undo." + backed_up,
                QMessageBox.StandardButton.Cancel,
                self.window,
            )
            new = box.addButton("New project…", QMessageBox.ButtonRole.AcceptRole)
            into = box.addButton("Add to this project", QMessageBox.ButtonRole.ActionRole)
            box.setDefaultButton(new)
            box.exec()
            if box.clickedButton() is into:
                self.import_qdpx(source, None)
                return
            if box.clickedButton() is not new:
                return
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            "New project for the import",
            str(source.with_suffix(".habitus")),
            "Habitus projects (*.habitus)",
        )
        if name:
            target = Path(name).with_suffix(".habitus")
            self.import_qdpx(source, target)

    def import_qdpx(self, source: Path, new_project: Path | None) -> bool:
        """Import into the open project (`new_project` None) or into a new project file,
        which the window then opens. The file is checked whole before anything is written."""
        from app.exchange.qdpx.importer import import_loaded, load_qdpx

        current = self.context.project
        if new_project is None and current is None:
            return False
        if new_project is not None and new_project.exists():
            self._show(f"{new_project.name} already exists; choose another name.")
            return False

        def work(report: Callable[..., None], cancelled: Callable[[], bool]) -> Any:
            loaded = load_qdpx(source)
            try:
                if new_project is None:
                    assert current is not None
                    report(0, 1, "Backing up the project")
                    current.back_up()
                    return import_loaded(current, loaded, report, cancelled)
                project = Project.create(new_project)
                try:
                    return import_loaded(project, loaded, report, cancelled)
                except BaseException:
                    project.close()
                    for leftover in ("", "-wal", "-shm"):
                        Path(f"{new_project}{leftover}").unlink(missing_ok=True)
                    raise
                finally:
                    if new_project.exists():
                        project.close()
            finally:
                loaded.close()

        def done(result: Any) -> None:
            if new_project is not None:
                opener = getattr(self.window, "open_project", None)
                if opener is not None:
                    opener(new_project)
            self._import_summary(result)
            self.imported.emit(result)

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self._status("The import was cancelled; nothing was changed.")
            elif isinstance(error, ExchangeError | CoreError | OSError):
                self._show(f"{source.name} was not imported: {error}", "Import refused")
            else:
                self._show(f"{source.name} could not be imported: {error}")
            self.imported.emit(error)

        def finished(result: Any) -> None:
            self._hold_coding(False)
            done(result)

        def stopped(error: BaseException) -> None:
            self._hold_coding(False)
            failed(error)

        if new_project is None:
            self._hold_coding(True)
        return self._run("Importing the project", work, finished, stopped)

    def _import_summary(self, result: Any) -> None:
        missing = result.not_imported()
        text = f"<p>{escape(result.summary())}</p>"
        if missing:
            text += "<p>Not imported:</p><ul>"
            text += "".join(f"<li>{escape(m)}</li>" for m in missing[:LISTED]) + "</ul>"
        detail = "\n".join(result.problems)
        self._show(text, "Import finished", detail, warn=bool(missing or result.problems))

    def _hold_coding(self, hold: bool) -> None:
        """While an import writes to the open project, nothing else does: no coding, no
        codebook edits, no undo."""
        coder = getattr(self.window, "coder", None)
        if coder is not None:
            coder.enabled = not hold
        if hold:
            for name in ("undo", "redo"):
                action = getattr(getattr(self.window, "acts", None), name, None)
                if isinstance(action, QAction):
                    action.setEnabled(False)
            codebook = getattr(self.window, "codebook", None)
            if codebook is not None:
                codebook.setEnabled(False)
            return
        states = getattr(self.window, "states", None)
        if states is not None:
            states.update()

    # --- annotations -----------------------------------------------------------------------

    def export_annotated_pdf(self) -> None:
        project, study_id = self.context.project, self.context.study_id
        if project is None or study_id is None:
            return
        study = project.studies.get(study_id)
        path = self._save_name(
            "Export the annotated PDF", f"{study.name} (annotated).pdf", "PDF files (*.pdf)"
        )
        if path is not None:
            self.write_annotated_pdf(study_id, path.with_suffix(".pdf"))

    def write_annotated_pdf(self, study_id: int, path: Path) -> bool:
        from app.exchange.annotated_pdf import export_annotated_pdf

        project = self.context.project
        if project is None:
            return False

        def done(summary: Any) -> None:
            left = (
                f"; {summary.unplaced} waiting to be placed by hand were left out"
                if summary.unplaced
                else ""
            )
            self._status(f"Exported {summary.passages} passages as highlights to {path}{left}")
            self.exported.emit(summary)

        return self._run(
            "Annotating the PDF",
            lambda _report, _cancelled: export_annotated_pdf(project, study_id, path),
            done,
            self._export_failed("annotated PDF"),
        )

    def choose_annotations(self) -> None:
        project, study_id = self.context.project, self.context.study_id
        if project is None or study_id is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Import PDF annotations",
            "Import the highlights already in this study's PDF, or those of another copy of "
            "it (the one your reference manager annotated)?",
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        own = box.addButton("This study's PDF", QMessageBox.ButtonRole.AcceptRole)
        other = box.addButton("Another copy…", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(own)
        box.exec()
        path: Path | None = None
        if box.clickedButton() is other:
            name, _ = QFileDialog.getOpenFileName(
                self.window, "The annotated copy", "", "PDF files (*.pdf)"
            )
            if not name:
                return
            path = Path(name)
        elif box.clickedButton() is not own:
            return
        self.import_annotations(study_id, path)

    def import_annotations(
        self,
        study_id: int,
        path: Path | None = None,
        ask: Callable[[dict[str, int]], dict[str, str] | None] | None = None,
    ) -> bool:
        """Read the highlights, let the researcher map their colours, then import them as one
        undoable step. `ask` stands in for the colour dialog (tests)."""
        from app.exchange.annotated_pdf import colours_in, read_highlights

        project = self.context.project
        if project is None:
            return False

        def read(_report: Callable[..., None], _cancelled: Callable[[], bool]) -> Any:
            return read_highlights(project, study_id, path)

        def failed(error: BaseException) -> None:
            self._show(str(error), "Annotations not imported")
            self.imported.emit(error)

        def got(highlights: Any) -> None:
            if not highlights:
                self._show("The PDF has no highlights, underlines or notes to import.", warn=False)
                self.imported.emit(None)
                return
            colours = colours_in(highlights)
            table: dict[str, str] | None = None
            if colours:
                table = ask(colours) if ask else self._ask_colours(colours, study_id)
                if table is None:
                    self.imported.emit(None)
                    return
            self._import_highlights(project, study_id, highlights, table)

        return self._run("Reading the annotations", read, got, failed)

    def _ask_colours(self, colours: dict[str, int], study_id: int) -> dict[str, str] | None:
        from app.core.highlights import colour_table
        from app.ui.window.colour_table import ColourTableDialog

        project = self.context.require()
        study = project.studies.get(study_id)
        dialog = ColourTableDialog(
            colours, project.codebook.list(), colour_table(project), study.label, self.window
        )
        if dialog.exec() != ColourTableDialog.DialogCode.Accepted:
            return None
        return dialog.table()

    def _import_highlights(
        self, project: Project, study_id: int, highlights: Any, table: dict[str, str] | None
    ) -> None:
        from app.core.highlights import colour_table, import_highlights, set_colour_table
        from app.ui.commands.base import push
        from app.ui.commands.imported import ImportedPassages

        if table is not None:
            set_colour_table(project, {**colour_table(project), **table})

        def done(report: Any) -> None:
            self._hold_coding(False)
            if report.passage_ids:
                push(
                    self.context.undo_stack,
                    ImportedPassages(
                        project, study_id, report.passage_ids, "Import PDF annotations"
                    ),
                )
            self._show(report.summary(), "Annotations imported", warn=False)
            self.imported.emit(report)

        def failed(error: BaseException) -> None:
            self._hold_coding(False)
            self._show(f"The annotations were not imported: {error}")
            self.imported.emit(error)

        self._hold_coding(True)
        self._run(
            "Importing the annotations",
            lambda _report, _cancelled: import_highlights(project, study_id, highlights, table),
            done,
            failed,
        )
