"""Study records in the main window: the studies table dock, the Studies menu, reference
import, attaching and replacing PDFs, passages placed by hand, the lists and PRISMA.

`RecordsController(window)` adds all of it to a main window; the window itself only creates
it (see main_window.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QProgressDialog,
)

from app.core.errors import CoreError, NotFound
from app.core.project import Change
from app.core.record_types import StudyRecord
from app.core.reference_import import propose
from app.core.reference_match import MatchPlan
from app.core.replace_pdf import NewPdf, PasswordNeeded, read_pdf, unplaced_passages
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.records import CreateStudy, ImportReferences, PlacePassage, ReplacePdf
from app.ui.pageview.selection import RegionSelection, TextSelection
from app.ui.records.lists_dialog import ListsDialog
from app.ui.records.no_full_text import NoFullText
from app.ui.records.panel import StudyRecordsPanel
from app.ui.records.prisma_dialog import PrismaDialog
from app.ui.records.references_dialog import ReferencesDialog
from app.ui.records.studies_filter import StudiesFilter
from app.ui.records.unplaced_dialog import UnplacedDialog
from app.ui.workers import Worker, start

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

REFERENCE_FILTER = "References (*.ris *.bib *.bibtex *.txt)"
PROGRESS_DELAY_MS = 600
DOCK_HEIGHT = 250


class RecordsController(QObject):
    attached = Signal(object)  # the ReplacePdf command pushed, or the error that stopped it
    referencesProposed = Signal(object)  # the ReferencesDialog shown, or None on failure
    referencesImported = Signal(object)  # the ImportReferences command, or None

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.context = context = window.context
        self.panel = StudyRecordsPanel(context)
        self.dock = QDockWidget("Study records", window)
        self.dock.setObjectName("recordsDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        # The page stays the larger part; a saved layout overrides this.
        window.resizeDocks([self.dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)
        self.banner = NoFullText(window.view.viewport())
        self.studies_filter = StudiesFilter(context, window.studies, window.studies_dock)
        self.unplaced: UnplacedDialog | None = None
        self.lists: ListsDialog | None = None
        self.prisma: PrismaDialog | None = None
        self.references: ReferencesDialog | None = None
        self._reading: Worker | None = None
        self._proposing: Worker | None = None
        self._progress: QProgressDialog | None = None
        self._make_actions()
        self.panel.failed.connect(window.show_error)
        self.panel.attachRequested.connect(self.choose_pdf)
        self.banner.attachRequested.connect(lambda: self.choose_pdf(context.study_id))
        # A passage to place asked for in a list or on the page opens the window to place it.
        window.view.placeRequested.connect(self.place_passage)
        window.passages.placeRequested.connect(self.place_passage)
        window.passages.unplacedChosen.connect(self._pick_if_open)
        context.studySelected.connect(self._show_banner)
        context.changed.connect(self._on_change)
        context.projectClosed.connect(self._closed)
        # An import is the project's only writer while it runs.
        window.importer.started.connect(lambda: self.panel.setEnabled(False))
        window.importer.finished.connect(lambda _report: self.panel.setEnabled(True))

    # --- menus -----------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str = "", tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.window.addAction(action)
        return action

    def _make_actions(self) -> None:
        a = self._action
        self.import_references = a(
            "Import &references…", "Ctrl+Shift+I", "Records from Zotero, EndNote or Mendeley"
        )
        self.new_study = a("&New study without full text…")
        self.attach = a("&Attach or replace PDF…", "Ctrl+Shift+P", "Give this study its PDF")
        self.place = a("Passages to &place by hand…")
        self.edit_lists = a("&Groups, reasons and attributes…")
        self.show_prisma = a("PRISMA flow &diagram…")
        self.toggle_table = self.dock.toggleViewAction()
        self.toggle_table.setText("Study &records")
        self.toggle_table.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.window.addAction(self.toggle_table)

        menu = QMenu("&Studies", self.window)
        menu.setObjectName("studiesMenu")
        for action in (self.toggle_table, self.import_references, self.new_study):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.attach, self.place):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.edit_lists)
        menu.addAction(self.show_prisma)
        bar = self.window.menuBar()
        view = next((m for m in bar.actions() if m.text() == "&View"), None)
        bar.insertMenu(view, menu) if view is not None else bar.addMenu(menu)
        self.menu = menu
        file_menu = next((m.menu() for m in bar.actions() if m.text() == "&File"), None)
        if isinstance(file_menu, QMenu):
            file_menu.insertAction(self.window.acts.export, self.import_references)

        acts = self.window.acts
        acts.needs_project.extend([self.show_prisma, self.toggle_table])
        # Writers: not while an import is the project's writer.
        acts.coding.extend(
            [self.import_references, self.new_study, self.attach, self.place, self.edit_lists]
        )
        self.import_references.triggered.connect(self.choose_references)
        self.new_study.triggered.connect(self.ask_new_study)
        self.attach.triggered.connect(lambda: self.choose_pdf(self.context.study_id))
        self.place.triggered.connect(lambda: self.show_unplaced(self.context.study_id))
        self.edit_lists.triggered.connect(self.show_lists)
        self.show_prisma.triggered.connect(self.open_prisma)

    # --- plumbing --------------------------------------------------------------------------

    def _push(self, command: ProjectCommand) -> bool:
        try:
            push(self.context.undo_stack, command)
        except CoreError as error:
            self.window.show_error(str(error))
            return False
        return True

    def _label(self, study_id: int) -> str:
        project = self.context.require()
        return project.studies.get(study_id).label

    # --- references ------------------------------------------------------------------------

    def choose_references(self) -> None:
        if self.context.project is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import references", "", REFERENCE_FILTER
        )
        if name:
            self.open_references(Path(name))

    def open_references(self, path: Path) -> bool:
        """Read the file and work out where each reference would go (off the GUI thread:
        hundreds of titles are compared with hundreds of first pages), then show it all in
        a dialog; `referencesProposed` carries the dialog. Nothing is written yet."""
        from app.exchange.references import read_references

        project = self.context.project
        if project is None or self._proposing is not None:
            return False

        def work(_report: object) -> tuple[MatchPlan, list[StudyRecord]]:
            plan = propose(project, path.name, read_references(path))
            return plan, project.records.list()

        worker = Worker(work)
        worker.signals.finished.connect(self._proposed)
        worker.signals.failed.connect(self._proposal_failed)
        self.window.statusBar().showMessage(f"Matching the references of {path.name}…")
        self._proposing = start(worker)
        return True

    def _proposed(self, result: tuple[MatchPlan, list[StudyRecord]]) -> None:
        self._proposing = None
        self.window.statusBar().clearMessage()
        if self.context.project is None:
            return
        plan, records = result
        dialog = ReferencesDialog(plan, records, self.window)
        dialog.accepted.connect(lambda: self._import(dialog))
        dialog.open()
        self.references = dialog
        self.referencesProposed.emit(dialog)

    def _proposal_failed(self, error: Exception) -> None:
        self._proposing = None
        self.window.statusBar().clearMessage()
        self.window.show_error(f"{error}\nNothing was imported.", "Cannot import references")
        self.referencesProposed.emit(None)

    def _import(self, dialog: ReferencesDialog) -> None:
        project = self.context.project
        if project is None:
            return
        command = ImportReferences(project, dialog.plan, dialog.choices())
        if self._push(command) and command.result is not None:
            self.window.statusBar().showMessage(command.result.summary(), 10000)
            self.dock.show()
        self.referencesImported.emit(command)

    # --- studies without full text ---------------------------------------------------------

    def ask_new_study(self) -> None:
        title, ok = QInputDialog.getText(
            self.window, "New study without full text", "Title of the study:"
        )
        if ok and title.strip():
            self.create_study({"title": title})

    def create_study(self, fields: dict[str, object]) -> int | None:
        project = self.context.project
        if project is None:
            return None
        command = CreateStudy(project, fields)
        if not self._push(command) or command.created is None:
            return None
        self.dock.show()
        self.context.select_study(command.created)
        return command.created

    # --- attaching and replacing PDFs ------------------------------------------------------

    def choose_pdf(self, study_id: int | None) -> None:
        if study_id is None or self.context.project is None:
            self.window.show_error("Select a study first, then attach its PDF.")
            return
        label = self._label(study_id)
        name, _ = QFileDialog.getOpenFileName(
            self.window, f"PDF for {label}", "", "PDF files (*.pdf)"
        )
        if name:
            self.attach_file(study_id, Path(name))

    def attach_file(self, study_id: int, path: Path, password: str | None = None) -> bool:
        """Read the PDF off the GUI thread, then attach or replace it as one undo step."""
        if self.context.project is None or self._reading is not None:
            return False
        worker = Worker(lambda _report: read_pdf(path, password))
        worker.signals.finished.connect(lambda new: self._read(study_id, new))
        worker.signals.failed.connect(lambda error: self._read_failed(study_id, path, error))
        progress = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, 0, self.window)
        progress.setObjectName("attachProgress")
        progress.setWindowTitle("Attach PDF")
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.canceled.connect(self._cancel_reading)
        self._progress = progress
        self._reading = start(worker)
        return True

    def _cancel_reading(self) -> None:
        # Reading changes nothing: a cancelled result is simply dropped when it arrives.
        self._reading = None

    def _end_reading(self) -> bool:
        """Close the progress dialog; False if the reading was cancelled."""
        wanted = self._reading is not None
        self._reading = None
        if self._progress is not None:
            self._progress.canceled.disconnect(self._cancel_reading)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        return wanted

    def _read(self, study_id: int, new: NewPdf) -> None:
        if not self._end_reading():
            return
        project = self.context.project
        if project is None:
            return
        try:
            has_pdf = project.studies.get(study_id).has_pdf
        except NotFound:
            return
        command = ReplacePdf(project, study_id, new, attach=not has_pdf)
        if not self._push(command) or command.result is None:
            self.attached.emit(None)
            return
        result = command.result
        verb = "Replaced" if has_pdf else "Attached"
        self.window.statusBar().showMessage(f"{verb} {new.path.name}: {result.summary()}", 15000)
        self.context.select_study(study_id)
        if result.unplaced:
            self.show_unplaced(study_id)
        self.attached.emit(command)

    def _read_failed(self, study_id: int, path: Path, error: object) -> None:
        if not self._end_reading():
            return
        if isinstance(error, PasswordNeeded):
            password, ok = QInputDialog.getText(
                self.window,
                "Password",
                f"{path.name} is protected. Its password:",
                QLineEdit.EchoMode.Password,
            )
            if ok and password:
                self.attach_file(study_id, path, password)
                return
        self.window.show_error(str(error), "Cannot attach the PDF")
        self.attached.emit(error)

    # --- placing passages by hand ----------------------------------------------------------

    def show_unplaced(
        self, study_id: int | None, passage_id: int | None = None
    ) -> UnplacedDialog | None:
        """The window listing the study's passages to place, with `passage_id` picked."""
        project = self.context.project
        if project is None or study_id is None:
            return None
        if not unplaced_passages(project, study_id):
            self.window.statusBar().showMessage("Every passage of this study is placed.", 5000)
            return None
        dialog = self.unplaced
        if dialog is None or dialog.study_id != study_id or not dialog.isVisible():
            if dialog is not None:
                dialog.close()
            dialog = UnplacedDialog(self.context, study_id, self.window)
            dialog.placeRequested.connect(self.place_on_selection)
            dialog.passageChosen.connect(self._show_old_place)
            self.unplaced = dialog
        if passage_id is not None:
            dialog.select(passage_id)
        dialog.show()
        dialog.raise_()
        return dialog

    def place_passage(self, passage_id: int) -> UnplacedDialog | None:
        """Open the place-by-hand window on this passage (one asked for in a list)."""
        project = self.context.project
        if project is None:
            return None
        try:
            study_id = project.passages.get(passage_id).study_id
        except NotFound:
            return None
        return self.show_unplaced(study_id, passage_id)

    def _pick_if_open(self, passage_id: int) -> None:
        dialog = self.unplaced
        if dialog is not None and dialog.isVisible():
            dialog.select(passage_id)

    def _show_old_place(self, passage_id: int) -> None:
        project = self.context.project
        if project is None:
            return
        passage = project.passages.get(passage_id)
        if self.context.study_id != passage.study_id:
            self.context.select_study(passage.study_id)
        self.window.view.go_to_page(min(passage.start_page, self.window.view.page_count() - 1))

    def place_on_selection(self, passage_id: int) -> bool:
        project = self.context.project
        selection = self.window.view.selection()
        if project is None:
            return False
        passage = project.passages.get(passage_id)
        if isinstance(selection, TextSelection) and passage.kind == "text":
            span = (
                selection.start_page,
                selection.start_offset,
                selection.end_page,
                selection.end_offset,
            )
            done = self._push(PlacePassage(project, passage_id, span=span))
        elif isinstance(selection, RegionSelection) and passage.kind == "region":
            done = self._push(
                PlacePassage(project, passage_id, region=(selection.page, selection.rect))
            )
        else:
            what = "its words" if passage.kind == "text" else "its rectangle (Alt-drag)"
            self.window.show_error(f"Select {what} on the page first, then place it there.")
            return False
        if done:
            self.window.view.set_selection(None)
        return done

    # --- lists and PRISMA ------------------------------------------------------------------

    def show_lists(self) -> ListsDialog | None:
        if self.context.project is None:
            return None
        if self.lists is None:
            self.lists = ListsDialog(self.context, self.window)
        self.lists.refresh()
        self.lists.show()
        self.lists.raise_()
        return self.lists

    def open_prisma(self) -> PrismaDialog | None:
        if self.context.project is None:
            return None
        if self.prisma is None:
            self.prisma = PrismaDialog(self.context, self.window)
        self.prisma.refresh()
        self.prisma.show()
        self.prisma.raise_()
        return self.prisma

    # --- keeping the window in step --------------------------------------------------------

    def _show_banner(self, study_id: object = None) -> None:
        project = self.context.project
        label = None
        if project is not None and isinstance(study_id, int):
            try:
                info = project.studies.get(study_id)
            except NotFound:
                info = None
            if info is not None and not info.has_pdf:
                label = info.label
        self.banner.show_for(label)
        self.attach.setText(
            "&Replace PDF…" if label is None and study_id is not None else "&Attach PDF…"
        )

    def _on_change(self, change: Change) -> None:
        project = self.context.project
        study_id = self.context.study_id
        if project is None or study_id is None or "studies" not in change.kinds:
            return
        try:
            info = project.studies.get(study_id)
        except NotFound:
            # The study on screen was taken away (undo of its import, say): show another.
            studies = project.studies.list()
            self.context.select_study(studies[0].id if studies else None)
            return
        document = self.window.view.document()
        shown = document.source.sha256 if document is not None else None
        if change.study_id in (None, study_id) and shown != info.sha256:
            # Its PDF was attached, replaced or put back: show the pages it has now.
            self.window.view.cache.drop_study(study_id)
            self.window.view.show_study(study_id)
        self._show_banner(study_id)

    def _closed(self) -> None:
        for dialog in (self.unplaced, self.lists, self.prisma, self.references):
            if dialog is not None:
                dialog.close()
        self.banner.show_for(None)
