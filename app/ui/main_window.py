"""The main window: the page in the centre; studies, codebook, passages and memo in docks.

The window assembles the parts and wires them; each concern lives in a part of its own:
- `window.projects.ProjectLifecycle`: new, open, demo, recent projects, closing;
- `window.import_actions.ImportActions` and `window.import_controller.ImportController`:
  importing PDFs;
- `window.exchange.ExchangeController`: exports and imports of workbooks, CSV, REFI-QDA
  projects and annotated PDFs;
- `window.coding_actions.CodingActions`: number keys, Code with…, the passage menu;
- `window.follow.Follower`: keeping page, lists and memo in step;
- `window.state.ActionStates`: which actions are on;
- `window.messages.Messages`: telling the user what went wrong;
- `window.drawing_checks.DrawingChecks`: checking, once a project opens, whether the pages
  of studies imported by an earlier version can be drawn.
What an action does to the project lives in the undo commands (`app.ui.commands`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.ui.codebook import CodebookPanel, FrameworkEditor, ThemeFilter
from app.ui.coding import Coder
from app.ui.context import AppContext
from app.ui.pageview import PageView
from app.ui.records.controller import RecordsController
from app.ui.settings import Settings
from app.ui.synthesis import SynthesisDocks
from app.ui.window.actions import WindowActions
from app.ui.window.backup_restore import BackupRestorer
from app.ui.window.citing import CitingTools
from app.ui.window.coding_actions import CodingActions
from app.ui.window.drawing_checks import DrawingChecks
from app.ui.window.exchange import ExchangeController
from app.ui.window.find_bar import FindBar
from app.ui.window.first_run import lay_out
from app.ui.window.follow import Follower
from app.ui.window.geometry import PreserveGeometry
from app.ui.window.import_actions import ImportActions
from app.ui.window.import_controller import ImportController
from app.ui.window.keyboard_coding import KeyboardCoding
from app.ui.window.memo_panel import MemoPanel
from app.ui.window.messages import Messages
from app.ui.window.page_indicator import PageIndicator
from app.ui.window.passages_panel import PassagesPanel
from app.ui.window.projects import ProjectLifecycle
from app.ui.window.reading import ReadingTracker
from app.ui.window.restore_dialog import RestoreDialog
from app.ui.window.start_page import StartPage
from app.ui.window.state import ActionStates
from app.ui.window.studies_panel import StudiesPanel
from app.ui.window.toolbar import set_text


class MainWindow(PreserveGeometry, QMainWindow):
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
        self.remember = remember
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self._build_centre()
        self._build_docks()

        self.alerts = Messages(self)
        self.coder = Coder(self.context, self.view, self)
        self.importer = ImportController(self.context, self)
        self.imports = ImportActions(self.context, self, self.importer, self.alerts.error)
        self.projects = ProjectLifecycle(
            self.context,
            self,
            self.settings,
            self.importer,
            self.memo.save,
            self.alerts.error,
            data_dir,
            remember,
        )
        self.backups = BackupRestorer(self, self.context, self.projects, self.alerts)
        self.coding = CodingActions(
            self.context,
            self,
            self.view,
            self.coder,
            self.codebook,
            self.centre,
            self._edit_memo,
            self.alerts.error,
        )
        self.acts = WindowActions(self)
        self.states = ActionStates(
            self, self.context, self.acts, self.importer, self.coder, self.centre, self.codebook
        )
        self.follower = Follower(
            self.context, self.view, self.passages, self.memo, self.states.update, self
        )
        view_menu, toolbar = self.acts.build_menus(self)
        self.records = RecordsController(self)
        toolbar.addSeparator()
        toolbar.addWidget(self.theme_filter)
        self.synthesis = SynthesisDocks(self)
        for dock in self.docks():
            view_menu.addAction(dock.toggleViewAction())
        self.reading = ReadingTracker(self.context, self.view, self)
        self.page_indicator = PageIndicator(self.context, self.view)
        self.statusBar().addPermanentWidget(self.page_indicator)
        self.page_indicator.refused.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.citing = CitingTools(self)
        self.exchange = ExchangeController(self, self.context, self.acts.export)
        self.projects.waiters += [self.citing.wait, self.exchange.stop, self.frameworks.stop_import]
        self.keyboard = KeyboardCoding(self, self.view)
        self.drawing_checks = DrawingChecks(
            self.context, lambda text: self.statusBar().showMessage(text, 15000), self
        )
        self._connect()
        self.projects.show_recent_in(self.acts.recent_menu, self.start_page)
        # The first time, the layout is made for the screen the window opens on.
        self.first_run = not (remember and self.restore_geometry(self.settings))
        self.first_run_area: QRect | None = None  # a screen to lay out for instead
        self.states.update()

    # --- building --------------------------------------------------------------------------

    def _build_centre(self) -> None:
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

    def _build_docks(self) -> None:
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

    def docks(self) -> list[QDockWidget]:
        return [self.studies_dock, self.codebook_dock, self.passages_dock, self.memo_dock]

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState finds docks by object name
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        a, ctx, view, coding = self.acts, self.context, self.view, self.coding
        a.new.triggered.connect(self.projects.new_project)
        a.open.triggered.connect(self.projects.choose_project)
        a.demo.triggered.connect(self.projects.open_demo)
        a.import_pdfs.triggered.connect(self.imports.choose_pdfs)
        a.import_folder.triggered.connect(self.imports.choose_folder)
        a.restore.triggered.connect(self.backups.choose)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(ctx.undo_stack.undo)
        a.redo.triggered.connect(ctx.undo_stack.redo)
        a.find.triggered.connect(self.find_bar.open_bar)
        a.find_next.triggered.connect(self.find_bar.next)
        a.find_previous.triggered.connect(self.find_bar.previous)
        a.zoom_in.triggered.connect(view.zoom_in)
        a.zoom_out.triggered.connect(view.zoom_out)
        a.fit_width.triggered.connect(view.fit_width)
        a.fit_page.triggered.connect(view.fit_page)
        a.go_to_page.triggered.connect(self.page_indicator.start_typing)
        a.region_mode.toggled.connect(view.set_region_mode)
        a.code_with.triggered.connect(coding.show_code_picker)
        a.frameworks.triggered.connect(self.show_frameworks)
        a.delete_passage.triggered.connect(coding.delete_selected_passage)
        for number, action in enumerate(a.number_keys, start=1):
            action.triggered.connect(lambda _checked=False, n=number: coding.code_with_number(n))
        ctx.undo_stack.canUndoChanged.connect(a.undo.setEnabled)
        ctx.undo_stack.canRedoChanged.connect(a.redo.setEnabled)
        ctx.undo_stack.undoTextChanged.connect(lambda t: set_text(a.undo, f"&Undo {t}".strip()))
        ctx.undo_stack.redoTextChanged.connect(lambda t: set_text(a.redo, f"&Redo {t}".strip()))
        ctx.projectOpened.connect(self.states.update)
        ctx.projectClosed.connect(self.states.update)
        ctx.undo_stack.refused.connect(self.alerts.error)
        self.codebook.codeActivated.connect(self.coder.code_with)
        self.codebook.selectionDropped.connect(self.coder.code_with)
        self.coder.failed.connect(self.alerts.error)
        for editor in (self.memo.editor, self.memo.code_editor, self.memo.project_editor):
            editor.failed.connect(self.alerts.error)
        view.passageContextMenuRequested.connect(coding.show_passage_menu)
        view.passageResized.connect(coding.resize_passage)
        self.theme_filter.themeChosen.connect(view.set_theme_filter)
        self.importer.started.connect(self.states.update)
        self.importer.finished.connect(self.states.update)
        # A codebook import writes from the Frameworks window: save the memo being typed
        # and hold coding, undo and codebook edits until it is done.
        self.states.holds.append(lambda: self.frameworks.importing)
        self.frameworks.importStarted.connect(self.memo.save)
        self.frameworks.importStarted.connect(self.states.update)
        self.frameworks.imported.connect(lambda _outcome: self.states.update())

    # --- what other parts and scripts call -------------------------------------------------

    def open_project(self, path: Path) -> bool:
        return self.projects.open_project(path)

    def create_project(
        self, path: Path, framework: str | None, template: Path | None = None
    ) -> bool:
        return self.projects.create_project(path, framework, template)

    def import_paths(self, paths: list[Path]) -> bool:
        return self.imports.import_paths(paths)

    def show_error(self, text: str, title: str = "Habitus") -> QMessageBox:
        return self.alerts.error(text, title)

    @property
    def messages(self) -> list[QMessageBox]:
        return self.alerts.shown

    def choose_backup(self) -> RestoreDialog | None:
        """File > Restore from backup."""
        return self.backups.choose()

    @property
    def restore_dialog(self) -> RestoreDialog | None:
        return self.backups.dialog

    def show_frameworks(self) -> None:
        self.frameworks.show()
        self.frameworks.raise_()
        self.frameworks.activateWindow()

    def _edit_memo(self, passage_id: int) -> None:
        self.memo_dock.show()
        self.memo_dock.raise_()
        self.memo.edit_passage(passage_id)

    # --- window events ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.imports.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.imports.drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def showEvent(self, event: QShowEvent) -> None:
        if self.first_run:
            self.first_run = False
            area = self.first_run_area
            lay_out(self, area or self.screen().availableGeometry(), maximise=area is None)
        super().showEvent(event)

    def remembered_parts(self) -> dict[str, QHeaderView | QSplitter]:
        """Splitters and column widths kept with the window's layout."""
        return {
            "passages.columns": self.passages.header(),
            "codebook.columns": self.codebook.view.header(),
            "frameworks.splitter": self.frameworks.splitter,
        }

    def closeEvent(self, event: QCloseEvent) -> None:
        self.projects.finish_work()
        if self.remember:
            self.save_geometry(self.settings)
        self.context.close()
        super().closeEvent(event)
