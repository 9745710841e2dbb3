"""The main window: the page in the centre; studies, codebook, passages and memo in docks.

The window assembles panels and routes user intent to them; what an action does to the
project lives in the undo commands (`app.ui.commands`) and the coder (`app.ui.coding`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QDragEnterEvent, QDropEvent, QUndoCommand
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.errors import CoreError, NotFound, ProjectFileError
from app.core.project import Change, Project
from app.ui.codebook import CodebookPanel, FrameworkEditor, ThemeFilter
from app.ui.coding import Coder, as_passage
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.codebook import AddCode
from app.ui.commands.passages import ApplyCode, DeletePassage, RemoveCode
from app.ui.context import AppContext
from app.ui.pageview import PageView
from app.ui.settings import Settings
from app.ui.window.actions import WindowActions
from app.ui.window.code_picker import CodePicker
from app.ui.window.demo import demo_project
from app.ui.window.dropped import pdf_paths
from app.ui.window.find_bar import FindBar
from app.ui.window.geometry import PreserveGeometry
from app.ui.window.import_controller import ImportController
from app.ui.window.memo_panel import MemoPanel
from app.ui.window.passage_menu import passage_menu
from app.ui.window.passages_panel import PassagesPanel
from app.ui.window.restore_dialog import RestoreDialog
from app.ui.window.start_page import StartPage
from app.ui.window.studies_panel import StudiesPanel
from app.ui.workers import Worker, start

PROJECT_FILTER = "Habitus projects (*.habitus)"
TEMPLATE_CHOICE = "A template file (.qdc)…"
FRAMEWORKS = {"The capitals (Carey et al. 2019)": "capitals", "An empty codebook": None}


def command_study(command: QUndoCommand | None) -> int | None:
    """The study an undo step changed; for a macro, that of its first child that says."""
    if command is None:
        return None
    study_id = getattr(command, "study_id", None)
    if study_id is not None:
        return int(study_id)
    for index in range(command.childCount()):
        found = command_study(command.child(index))
        if found is not None:
            return found
    return None


class MainWindow(PreserveGeometry, QMainWindow):
    exported = Signal(object)  # rows written, or the exception that stopped the export

    def __init__(
        self,
        context: AppContext | None = None,
        settings: Settings | None = None,
        data_dir: Path | None = None,
        remember: bool = True,
    ):
        super().__init__()
        self.context = context or AppContext(self)
        self.settings = settings or Settings()
        self.data_dir = data_dir
        # Off for screenshots: a scripted run should not change what the user's window recalls.
        self.remember = remember
        self.messages: list[QMessageBox] = []  # the last few shown, for tests and for focus
        self._export: Worker | None = None
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)

        self.view = PageView(self.context, self)
        self.find_bar = FindBar(self.view)
        self.start_page = StartPage()
        reader = QWidget()
        layout = QVBoxLayout(reader)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.centre = QStackedWidget()
        self.centre.addWidget(self.start_page)
        self.centre.addWidget(reader)
        self.setCentralWidget(self.centre)

        self.studies = StudiesPanel(self.context)
        self.codebook = CodebookPanel(self.context, self)
        self.passages = PassagesPanel(self.context)
        self.memo = MemoPanel(self.context)
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.studies_dock = self._dock("Studies", "studiesDock", self.studies, left)
        self.codebook_dock = self._dock("Codebook", "codebookDock", self.codebook, left)
        self.passages_dock = self._dock(
            "Passages of this study", "passagesDock", self.passages, right
        )
        self.memo_dock = self._dock("Memo", "memoDock", self.memo, right)
        # The factor-by-theme grid needs room: its own window, not a narrow dock.
        self.frameworks = FrameworkEditor(self.context, self)
        self.frameworks.setWindowFlag(Qt.WindowType.Window)
        self.frameworks.resize(1180, 640)  # the grid shows four themes without scrolling
        self.theme_filter = ThemeFilter(self.context)
        self.resizeDocks(
            [self.studies_dock, self.passages_dock], [290, 340], Qt.Orientation.Horizontal
        )

        self.coder = Coder(self.context, self.view, self)
        self.importer = ImportController(self.context, self)
        self.acts = WindowActions(self)
        view_menu, toolbar = self.acts.build_menus(self)
        toolbar.addSeparator()
        toolbar.addWidget(self.theme_filter)
        for dock in self.docks():
            view_menu.addAction(dock.toggleViewAction())
        self._connect()
        if remember:
            self.restore_geometry(self.settings)
        self._refresh_recent()
        self._update_state()

    def docks(self) -> list[QDockWidget]:
        return [
            self.studies_dock,
            self.codebook_dock,
            self.passages_dock,
            self.memo_dock,
        ]

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState finds docks by object name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        a, ctx, view = self.acts, self.context, self.view
        a.new.triggered.connect(self.new_project)
        a.open.triggered.connect(self.choose_project)
        a.demo.triggered.connect(self.open_demo)
        a.import_pdfs.triggered.connect(self.choose_pdfs)
        a.import_folder.triggered.connect(self.choose_folder)
        a.export.triggered.connect(self.export_passages)
        a.restore.triggered.connect(self.choose_backup)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(ctx.undo_stack.undo)
        a.redo.triggered.connect(ctx.undo_stack.redo)
        a.find.triggered.connect(self.find_bar.open_bar)
        a.zoom_in.triggered.connect(view.zoom_in)
        a.zoom_out.triggered.connect(view.zoom_out)
        a.fit_width.triggered.connect(view.fit_width)
        a.fit_page.triggered.connect(view.fit_page)
        a.go_to_page.triggered.connect(self.ask_page)
        a.region_mode.toggled.connect(view.set_region_mode)
        a.code_with.triggered.connect(self.show_code_picker)
        a.frameworks.triggered.connect(self.show_frameworks)
        a.delete_passage.triggered.connect(self.delete_selected_passage)
        for number, action in enumerate(a.number_keys, start=1):
            action.triggered.connect(lambda _checked=False, n=number: self.code_with_number(n))
        ctx.undo_stack.canUndoChanged.connect(a.undo.setEnabled)
        ctx.undo_stack.canRedoChanged.connect(a.redo.setEnabled)
        ctx.undo_stack.undoTextChanged.connect(lambda t: a.undo.setText(f"&Undo {t}".strip()))
        ctx.undo_stack.redoTextChanged.connect(lambda t: a.redo.setText(f"&Redo {t}".strip()))
        ctx.undo_stack.indexChanged.connect(self._on_undo_index)
        ctx.undo_stack.refused.connect(self.show_error)
        self._undo_index = 0
        ctx.studySelected.connect(self._on_study_selected)
        ctx.changed.connect(self._on_change)
        ctx.projectOpened.connect(self._update_state)
        ctx.projectClosed.connect(self._update_state)
        self.codebook.codeActivated.connect(self.coder.code_with)
        self.codebook.selectionDropped.connect(self.coder.code_with)
        self.coder.failed.connect(self.show_error)
        self.memo.editor.failed.connect(self.show_error)
        self.memo.code_editor.failed.connect(self.show_error)
        self.memo.project_editor.failed.connect(self.show_error)
        view.passageSelected.connect(self._on_passage_selected)
        view.passageContextMenuRequested.connect(self.show_passage_menu)
        self.passages.passageActivated.connect(self._go_to_passage)
        self.theme_filter.themeChosen.connect(view.set_theme_filter)
        self.importer.started.connect(self._update_state)
        self.importer.finished.connect(self._update_state)
        s = self.start_page
        s.newRequested.connect(self.new_project)
        s.openRequested.connect(self.choose_project)
        s.demoRequested.connect(self.open_demo)
        s.recentChosen.connect(self.open_project)

    # --- projects --------------------------------------------------------------------------

    def open_project(self, path: Path) -> bool:
        """Open a project file; on failure say why and keep whatever was open."""
        path = Path(path)
        current = self.context.project
        if current is not None and current.path.resolve() == path.resolve():
            return True
        if self.importer.busy:
            self.show_error("Wait for the import to finish before opening another project.")
            return False
        try:
            project = Project.open(path)
        except (ProjectFileError, CoreError, OSError) as error:
            self.show_error(str(error), "Cannot open the project")
            return False
        self._adopt(project)
        return True

    def _finish_background_work(self) -> None:
        """Let an import or export end before its project is closed under it."""
        self.importer.stop()
        if self._export is not None:
            QThreadPool.globalInstance().waitForDone()

    def _adopt(self, project: Project) -> None:
        self.memo.save()
        self._finish_background_work()
        self.context.close()
        self.context.open(project)
        if self.remember:
            self.settings.add_recent_project(project.path)
            self._refresh_recent()
        studies = project.studies.list()
        if studies:
            self.context.select_study(studies[0].id)

    def choose_project(self) -> None:
        start = str(self.context.project.path.parent) if self.context.project else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open project", start, PROJECT_FILTER)
        if name:
            self.open_project(Path(name))

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project", "", PROJECT_FILTER)
        if not name:
            return
        choices = [*FRAMEWORKS, TEMPLATE_CHOICE]
        choice, ok = QInputDialog.getItem(
            self, "New project", "Start the codebook from:", choices, 0, False
        )
        if not ok:
            return
        if choice == TEMPLATE_CHOICE:
            template, _ = QFileDialog.getOpenFileName(
                self, "Template", "", "REFI-QDA codebooks (*.qdc)"
            )
            if template:
                self.create_project(Path(name), None, Path(template))
            return
        self.create_project(Path(name), FRAMEWORKS[choice])

    def create_project(
        self, path: Path, framework: str | None, template: Path | None = None
    ) -> bool:
        if path.suffix != ".habitus":
            path = path.with_suffix(".habitus")
        if self.importer.busy:
            self.show_error("Wait for the import to finish before creating another project.")
            return False
        try:
            project = Project.create(path, framework=framework, template_file=template)
        except (ProjectFileError, CoreError, OSError) as error:
            self.show_error(str(error), "Cannot create the project")
            return False
        self._adopt(project)
        return True

    def open_demo(self) -> bool:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            path = demo_project(self.data_dir)
        except (CoreError, OSError) as error:
            self.show_error(f"The demo could not be built: {error}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        return self.open_project(path)

    def _refresh_recent(self) -> None:
        recent = self.settings.recent_projects()
        menu = self.acts.recent_menu
        menu.clear()
        for path in recent:
            action = menu.addAction(f"{path.stem}  ({path.parent})")
            action.triggered.connect(lambda _checked=False, p=path: self.open_project(p))
        menu.setEnabled(bool(recent))
        self.start_page.set_recent(recent)

    # --- import and export -----------------------------------------------------------------

    def choose_pdfs(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import PDFs", "", "PDF files (*.pdf)")
        self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a folder of PDFs")
        if name:
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> bool:
        if self.context.project is None:
            self.show_error("Open or create a project first, then import its PDFs.")
            return False
        return self.importer.start(paths)

    def export_passages(self) -> None:
        project = self.context.project
        if project is None:
            return
        suggested = str(project.path.with_name(f"{project.path.stem}-passages.xlsx"))
        name, _ = QFileDialog.getSaveFileName(
            self, "Export coded passages", suggested, "Excel workbook (*.xlsx)"
        )
        if name:
            self.write_passages(Path(name))

    def write_passages(self, path: Path) -> bool:
        """Write the spreadsheet off the GUI thread; `exported` says how it went."""
        from app.exchange.xlsx_passages import write_passages_xlsx

        project = self.context.project
        if project is None or self._export is not None:
            return False
        self.memo.save()
        self.statusBar().showMessage(f"Exporting coded passages to {path}…")
        worker = Worker(lambda _report: write_passages_xlsx(project, path))
        worker.signals.finished.connect(lambda rows: self._exported(path, rows))
        worker.signals.failed.connect(lambda error: self._exported(path, error))
        self._export = start(worker)
        return True

    def _exported(self, path: Path, outcome: object) -> None:
        self._export = None
        if isinstance(outcome, Exception):
            self.statusBar().clearMessage()
            self.show_error(f"The spreadsheet could not be written: {outcome}")
        else:
            self.statusBar().showMessage(f"Exported {outcome} coded passages to {path}", 8000)
        self.exported.emit(outcome)

    def choose_backup(self) -> RestoreDialog | None:
        """File > Restore from backup: pick one of the project's backups."""
        from app.core.backups import backups

        project = self.context.project
        if project is None:
            return None
        dialog = RestoreDialog(project.path, backups(project.path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._restore(project.path, dialog.chosen()))
        dialog.open()
        self.restore_dialog = dialog
        return dialog

    def _restore(self, path: Path, backup: object) -> None:
        from app.core.backups import BackupInfo, restore

        if not isinstance(backup, BackupInfo):
            return
        when = backup.taken_at.strftime("%d %b %Y, %H:%M")
        answer = QMessageBox.question(
            self,
            "Restore from backup",
            f"Put the backup of {when} ({backup.passages} passages, {backup.factors} "
            f"factors) in place of {path.name}? The project as it is now is kept beside it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.memo.save()
        self._finish_background_work()
        self.context.close()
        try:
            kept = restore(backup, path)
        except (ProjectFileError, CoreError, OSError) as error:
            self.show_error(f"The backup could not be restored: {error}")
            self.open_project(path)
            return
        if self.open_project(path):
            self.statusBar().showMessage(
                f"Restored the backup of {when}; the previous file is kept as {kept.name}",
                15000,
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.context.project is not None and pdf_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = pdf_paths(event.mimeData())
        if paths and self.import_paths(paths):
            event.acceptProposedAction()
        else:
            event.ignore()

    # --- coding ----------------------------------------------------------------------------

    def code_with_number(self, number: int) -> int | None:
        codes = self.codebook.first_codes(9)
        if not 1 <= number <= len(codes):
            self.statusBar().showMessage(f"No factor number {number} in the codebook.", 4000)
            return None
        return self.coder.code_with(codes[number - 1])

    def show_code_picker(self) -> CodePicker | None:
        project = self.context.project
        if project is None or not self.coder.enabled:
            return None
        picker = CodePicker(project.codebook.list(), self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.codeChosen.connect(self.coder.code_with)
        picker.createRequested.connect(self.create_and_apply)
        centre = self.centre.mapToGlobal(self.centre.rect().center())
        picker.popup(centre - QPoint(190, 160))
        self.picker = picker
        return picker

    def create_and_apply(self, name: str) -> int | None:
        project = self.context.project
        if project is None:
            return None
        existing = project.codebook.find(name)
        if existing is not None:
            return self.coder.code_with(existing.id)
        # One undo step takes back both the coding and the factor made for it.
        stack = self.context.undo_stack
        stack.beginMacro(f"Code with new factor {name!r}")
        try:
            add = AddCode(project, name)
            try:
                push(stack, add)
            except CoreError as error:
                self.show_error(str(error))
                return None
            assert add.code_id is not None
            return self.coder.code_with(add.code_id)
        finally:
            stack.endMacro()

    def ask_page(self) -> None:
        count = self.view.page_count()
        if count == 0:
            return
        number, ok = QInputDialog.getInt(
            self, "Go to page", f"Page (1 to {count}):", self.view.current_page() + 1, 1, count
        )
        if ok:
            self.view.go_to_page(number - 1)

    def selected_passage_id(self) -> int | None:
        project = self.context.project
        passage = None if project is None else as_passage(project, self.view.selected_passage())
        return None if passage is None else passage.id

    def delete_selected_passage(self) -> None:
        passage_id = self.selected_passage_id()
        if passage_id is not None and self.coder.enabled:
            self._run(lambda p: DeletePassage(p, p.passages.get(passage_id)))

    def show_passage_menu(self, passage_id: int, position: QPoint) -> None:
        project = self.context.project
        if project is None or not self.coder.enabled:
            return
        try:
            passage = project.passages.get(passage_id)
        except NotFound:
            return
        menu = self.passage_menu(passage.id)
        menu.exec(position if isinstance(position, QPoint) else QCursor.pos())

    def passage_menu(self, passage_id: int) -> QMenu:
        project = self.context.require()
        passage = project.passages.get(passage_id)
        return passage_menu(
            passage,
            project.codebook.list(),
            apply=lambda c: self._run(lambda p: ApplyCode(p, p.passages.get(passage_id), c)),
            remove=lambda c: self._run(lambda p: RemoveCode(p, p.passages.get(passage_id), c)),
            edit_memo=lambda: self._edit_memo(passage_id),
            delete=lambda: self._run(lambda p: DeletePassage(p, p.passages.get(passage_id))),
            parent=self,
        )

    def _run(self, make: Callable[[Project], ProjectCommand]) -> None:
        """Build a command from the project and push it; core's refusal becomes a message."""
        project = self.context.project
        if project is None:
            return
        try:
            push(self.context.undo_stack, make(project))
        except CoreError as error:
            self.show_error(str(error))

    def show_frameworks(self) -> None:
        self.frameworks.show()
        self.frameworks.raise_()
        self.frameworks.activateWindow()

    def _edit_memo(self, passage_id: int) -> None:
        self.memo_dock.show()
        self.memo_dock.raise_()
        self.memo.edit_passage(passage_id)

    # --- reacting --------------------------------------------------------------------------

    def _on_study_selected(self, study_id: int | None) -> None:
        self.view.show_study(study_id)
        self._update_state()

    def _on_passage_selected(self, passage: object) -> None:
        project = self.context.project
        found = None if project is None else as_passage(project, passage)
        passage_id = None if found is None else found.id
        self.memo.show_passage(passage_id)
        self.passages.show_passage(passage_id)

    def _go_to_passage(self, passage_id: int) -> None:
        self.view.go_to_passage(passage_id)
        self.memo.show_passage(passage_id)

    def _on_undo_index(self, index: int) -> None:
        # Undo and redo show the study they changed, so nothing changes out of sight.
        stack = self.context.undo_stack
        moved = stack.command(index - 1 if index > self._undo_index else index)
        self._undo_index = index
        study_id = command_study(moved)
        if study_id is not None and study_id != self.context.study_id:
            self.context.select_study(study_id)

    def _on_change(self, change: Change) -> None:
        if "studies" in change.kinds and self.context.study_id is None:
            project = self.context.project
            studies = [] if project is None else project.studies.list()
            if studies:
                self.context.select_study(studies[0].id)

    def _update_state(self) -> None:
        project = self.context.project
        has_project = project is not None
        importing = self.importer.busy
        self.centre.setCurrentIndex(1 if has_project else 0)
        title = f"{project.name} — {APP_NAME}" if project else APP_NAME
        if project is not None and project.database.read_only:
            title = f"{project.name} (read-only) — {APP_NAME}"
        self.setWindowTitle(title)
        self.setWindowFilePath(str(project.path) if project else "")
        for action in self.acts.needs_project:
            action.setEnabled(has_project)
        for action in (self.acts.import_pdfs, self.acts.import_folder):
            action.setEnabled(has_project and not importing)
        # The import is the project's only writer while it runs.
        self.coder.enabled = has_project and not importing
        for action in self.acts.coding:
            action.setEnabled(self.coder.enabled)
        self.acts.undo.setEnabled(not importing and self.context.undo_stack.canUndo())
        self.acts.redo.setEnabled(not importing and self.context.undo_stack.canRedo())
        self.codebook.setEnabled(not importing)

    def show_error(self, text: str, title: str = "Habitus") -> QMessageBox:
        """A message that does not block: the window keeps running behind it."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.messages = [*self.messages[-4:], box]
        return box

    def closeEvent(self, event: QCloseEvent) -> None:
        self._finish_background_work()
        self.memo.save()
        if self.remember:
            self.save_geometry(self.settings)
        self.context.close()
        super().closeEvent(event)
