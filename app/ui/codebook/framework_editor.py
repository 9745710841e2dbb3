"""The framework editor: one framework's themes, and which factors sit under which.

Left, the themes in order; right, the factor-by-theme grid. Factors dragged from the
codebook tree onto a theme header or a cell go under that theme. The toolbar also carries
the codebook's exchange: import, export (.qdc) and save as template. An import runs off
the GUI thread with a progress dialog and Cancel; the window holds other edits meanwhile
(`importStarted`, `importing`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QCursor, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core.codebook_import import CodebookMerge
from app.core.errors import REFUSALS, CoreError
from app.core.palette import next_colour
from app.core.project import Change, Project
from app.core.types import Theme
from app.exchange.codebook_files import export_codebook, save_template
from app.exchange.errors import Cancelled
from app.ui.codebook.grid_model import FactorThemeModel
from app.ui.codebook.grid_view import FactorThemeGrid
from app.ui.codebook.import_job import codebook_import
from app.ui.codebook.import_report import ImportReportDialog
from app.ui.codebook.swatch import swatch
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.codebook import (
    AddFramework,
    AddTheme,
    DeleteFramework,
    DeleteTheme,
    EditFramework,
    EditTheme,
    ImportCodebook,
    MoveTheme,
)
from app.ui.context import AppContext
from app.ui.window.jobs import Job

CODEBOOK_FILTER = (
    "Codebooks (*.qdc *.xlsx *.csv);;REFI-QDA codebook (*.qdc);;Spreadsheet (*.xlsx *.csv)"
)


class FrameworkEditor(QWidget):
    importStarted = Signal()  # a codebook import is about to write: hold other edits
    imported = Signal(object)  # the ImportCodebook recorded, or the exception that stopped it

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FrameworkEditor")
        self.setWindowTitle("Frameworks")
        self.context = context
        self.report: ImportReportDialog | None = None  # the last import's report, left open
        self.job: Job | None = None  # the codebook import under way
        self._waiting = False  # a wait cursor is up for the end of an import
        self.message: QMessageBox | None = None  # why the last import did not happen
        self.frameworks = QComboBox()
        self.frameworks.setMinimumContentsLength(18)
        self.themes = QListWidget()
        self.themes.setMinimumWidth(170)
        self.themes.setIconSize(QSize(14, 14))
        self.grid_model = FactorThemeModel(context, self)
        self.grid = FactorThemeGrid(self.grid_model, self)

        top = QToolBar()
        top.addWidget(QLabel("Framework "))
        top.addWidget(self.frameworks)
        self._action(top, "New…", self.new_framework)
        self._action(top, "Rename…", self.rename_framework)
        self._action(top, "Describe…", self.describe_framework)
        self._action(top, "Delete", self.delete_framework)
        top.addSeparator()
        self._action(top, "Import codebook…", self.import_codebook)
        self._action(top, "Export codebook…", self.export_codebook)
        self._action(top, "Save as template…", self.save_template)

        # Two short rows rather than one that overflows a narrow theme list.
        theme_bar, theme_bar2 = QToolBar(), QToolBar()
        for bar, text, slot in (
            (theme_bar, "Add", self.add_theme),
            (theme_bar, "Rename", self.rename_theme),
            (theme_bar, "Delete", self.delete_theme),
            (theme_bar2, "Colour", self.recolour_theme),
            (theme_bar2, "Describe", self.describe_theme),
            (theme_bar2, "Up", lambda: self.move_theme(-1)),
            (theme_bar2, "Down", lambda: self.move_theme(1)),
        ):
            self._action(bar, text, slot)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Themes"))
        left_layout.addWidget(self.themes)
        left_layout.addWidget(theme_bar)
        left_layout.addWidget(theme_bar2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("Tick a cell to put a factor under a theme; a factor may sit under several.")
        hint.setWordWrap(True)
        right_layout.addWidget(hint)
        right_layout.addWidget(self.grid)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 850])
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        body = QHBoxLayout()
        body.addWidget(splitter)
        layout.addLayout(body)
        self.splitter = splitter
        # A window of its own, so it closes as a dialog does: a button, and Escape.
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)
        layout.addWidget(self.buttons)

        self.frameworks.currentIndexChanged.connect(self._framework_chosen)
        self.themes.itemDoubleClicked.connect(lambda _item: self.rename_theme())
        self.grid_model.editRefused.connect(self._refused)
        context.changed.connect(self._changed)
        context.projectOpened.connect(self.reload)
        context.projectClosed.connect(self.reload)
        self.reload()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    # --- state -----------------------------------------------------------------------------

    def framework_id(self) -> int | None:
        value = self.frameworks.currentData()
        return None if value is None else int(value)

    def choose_framework(self, framework_id: int) -> None:
        index = self.frameworks.findData(framework_id)
        if index >= 0:
            self.frameworks.setCurrentIndex(index)

    def current_theme(self) -> Theme | None:
        item = self.themes.currentItem()
        if item is None or self.context.project is None:
            return None
        return self.context.project.frameworks.theme(int(item.data(Qt.ItemDataRole.UserRole)))

    def reload(self) -> None:
        wanted = self.framework_id()
        self.frameworks.blockSignals(True)
        self.frameworks.clear()
        project = self.context.project
        if project is not None:
            for framework in project.frameworks.list():
                self.frameworks.addItem(framework.name, framework.id)
        index = self.frameworks.findData(wanted) if wanted is not None else -1
        self.frameworks.setCurrentIndex(index if index >= 0 else 0)
        self.frameworks.blockSignals(False)
        self._framework_chosen()

    def _framework_chosen(self, *_args: object) -> None:
        framework_id = self.framework_id()
        self.frameworks.setToolTip(self._description(framework_id))
        self._reload_themes()
        self.grid_model.set_framework(framework_id)

    def _description(self, framework_id: int | None) -> str:
        if framework_id is None or self.context.project is None:
            return ""
        return self.context.project.frameworks.get(framework_id).description

    def _reload_themes(self) -> None:
        current = self.current_theme()
        self.themes.clear()
        project, framework_id = self.context.project, self.framework_id()
        if project is None or framework_id is None:
            return
        for theme in project.frameworks.themes(framework_id):
            item = QListWidgetItem(swatch(theme.colour), theme.name)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setToolTip(theme.description or theme.name)
            self.themes.addItem(item)
            if current is not None and current.id == theme.id:
                self.themes.setCurrentItem(item)

    def _changed(self, change: Change) -> None:
        project = self.context.project
        if project is None:
            return
        if "frameworks" in change.kinds:
            listed = [(f.id, f.name) for f in project.frameworks.list()]
            shown = [
                (self.frameworks.itemData(i), self.frameworks.itemText(i))
                for i in range(self.frameworks.count())
            ]
            if listed != shown:
                self.reload()
                return
            self._reload_themes()
            framework_id = self.framework_id()
            themes = project.frameworks.themes(framework_id) if framework_id else []
            columns = [self.grid_model.theme_at(c) for c in range(self.grid_model.columnCount())]
            # A tick only repaints; a theme added, renamed or moved rebuilds the columns.
            if themes != columns:
                self.grid_model.reload()
            else:
                self.grid_model.refresh_marks()
        elif "codes" in change.kinds:
            self.grid_model.reload()

    # --- frameworks ------------------------------------------------------------------------

    def new_framework(self) -> None:
        name, ok = QInputDialog.getText(self, "New framework", "Name of the framework:")
        if ok and name.strip():
            command = AddFramework(self.context.require(), name.strip())
            if self._push(command) and command.framework_id is not None:
                self.choose_framework(command.framework_id)

    def rename_framework(self) -> None:
        framework_id = self.framework_id()
        if framework_id is None:
            return
        old = self.frameworks.currentText()
        name, ok = QInputDialog.getText(self, "Rename framework", "Name:", text=old)
        if ok and name.strip() and name.strip() != old:
            self._push(EditFramework(self.context.require(), framework_id, name=name.strip()))

    def describe_framework(self) -> None:
        framework_id = self.framework_id()
        if framework_id is None:
            return
        old = self._description(framework_id)
        text, ok = QInputDialog.getMultiLineText(self, "Describe framework", "Description:", old)
        if ok and text != old:
            self._push(EditFramework(self.context.require(), framework_id, description=text))

    def delete_framework(self) -> None:
        framework_id = self.framework_id()
        if framework_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete framework",
            f"Delete “{self.frameworks.currentText()}” and its themes? The factors stay in "
            "the codebook. Undo brings the framework back.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._push(DeleteFramework(self.context.require(), framework_id))

    # --- themes ----------------------------------------------------------------------------

    def add_theme(self) -> None:
        framework_id = self.framework_id()
        if framework_id is None:
            self.new_framework()
            framework_id = self.framework_id()
            if framework_id is None:
                return
        name, ok = QInputDialog.getText(self, "New theme", "Name of the theme:")
        if ok and name.strip():
            project = self.context.require()
            used = [t.colour for t in project.frameworks.themes(framework_id)]
            self._push(AddTheme(project, framework_id, name.strip(), next_colour(used)))

    def rename_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        name, ok = QInputDialog.getText(self, "Rename theme", "Name:", text=theme.name)
        if ok and name.strip() and name.strip() != theme.name:
            self._push(EditTheme(self.context.require(), theme.id, name=name.strip()))

    def recolour_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        colour = QColorDialog.getColor(QColor(theme.colour), self, f"Colour of {theme.name}")
        if colour.isValid() and colour.name() != theme.colour:
            self._push(EditTheme(self.context.require(), theme.id, colour=colour.name()))

    def describe_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, "Describe theme", f"What {theme.name} covers:", theme.description
        )
        if ok and text != theme.description:
            self._push(EditTheme(self.context.require(), theme.id, description=text))

    def move_theme(self, step: int) -> None:
        theme = self.current_theme()
        row = self.themes.currentRow()
        if theme is None or not 0 <= row + step < self.themes.count():
            return
        self._push(MoveTheme(self.context.require(), theme.id, row + step))

    def delete_theme(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete theme",
            f"Delete the theme “{theme.name}”? Its factors stay in the codebook; only their "
            "link to this theme goes. Undo brings it back.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._push(DeleteTheme(self.context.require(), theme.id))

    # --- exchange --------------------------------------------------------------------------

    def import_codebook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import codebook", "", CODEBOOK_FILTER)
        if path:
            self.import_codebook_from(Path(path))

    @property
    def importing(self) -> bool:
        return self.job is not None

    def import_codebook_from(self, path: Path) -> bool:
        """Read and merge the file off the GUI thread, with progress and Cancel; once it is
        saved, record it as one undoable step and show what it did. `imported` says how it
        ended. False when no import was started."""
        project = self.context.project
        if project is None or self.importing:
            return False
        try:
            project.require_writable()
        except CoreError as error:
            self._tell(str(error))
            return False
        job = Job(self, "Importing codebook", codebook_import(project, path), "codebookProgress")
        job.worker.signals.progress.connect(self._progressed)
        job.finished.connect(lambda merged: self._imported(project, path, merged))
        job.failed.connect(lambda error: self._not_imported(path, error))
        self.job = job
        # Told before the work starts, so that the window saves what is being typed and
        # holds every other edit first.
        self.importStarted.emit()
        job.start()
        return True

    def stop_import(self) -> None:
        """Cancel an import under way and wait for it, so that its project can be closed."""
        if self.job is not None:
            self.job.wait()

    def _progressed(self, values: tuple[Any, ...]) -> None:
        done, total = values[0], values[1]
        if total and done == total and not self._waiting:
            # All is written; the commit, then every panel reading the new codebook, take
            # seconds for 100,000 factors, in which the window cannot answer.
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
            self._waiting = True

    def _stop_waiting(self) -> None:
        if self._waiting:
            QApplication.restoreOverrideCursor()
            self._waiting = False

    def _ended(self) -> None:
        if self.job is not None:
            self.job.deleteLater()  # with its worker, and the project its work held
            self.job = None

    def _imported(self, project: Project, path: Path, merged: CodebookMerge) -> None:
        self._ended()
        command: ImportCodebook | None = None
        try:
            # Closed meanwhile, the import is saved in its file, with no undo to record.
            if self.context.project is project:
                command = ImportCodebook(project, path.name, merged)
                push(self.context.undo_stack, command)
                self.report = ImportReportDialog(merged.result, self)
                self.report.open()
        finally:
            self._stop_waiting()
        self.imported.emit(command)

    def _not_imported(self, path: Path, error: BaseException) -> None:
        self._ended()
        self._stop_waiting()
        if not isinstance(error, Cancelled):
            refused = isinstance(error, REFUSALS)
            self._tell(str(error) if refused else f"{path.name} could not be imported: {error}")
        self.imported.emit(error)

    def export_codebook(self) -> None:
        project = self.context.require()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export codebook", f"{project.name}.qdc", "REFI-QDA codebook (*.qdc)"
        )
        if path:
            self.write_codebook(Path(path))

    def write_codebook(self, path: Path) -> int | None:
        """The whole codebook, with this framework's themes, as a .qdc other tools read."""
        try:
            return export_codebook(self.context.require(), path, self.framework_id())
        except (CoreError, OSError) as error:
            self._refused(str(error))
            return None

    def save_template(self) -> None:
        framework_id = self.framework_id()
        if framework_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save framework as template",
            f"{self.frameworks.currentText()}.qdc",
            "Habitus template (REFI-QDA codebook) (*.qdc)",
        )
        if path:
            self.write_template(framework_id, Path(path))

    def write_template(self, framework_id: int, path: Path) -> int | None:
        """The framework with its factors as a template a new project can start from."""
        try:
            count = save_template(self.context.require(), framework_id, path)
        except (CoreError, OSError) as error:
            self._refused(str(error))
            return None
        self.notice = QMessageBox(
            QMessageBox.Icon.Information,
            "Template saved",
            f"Saved the framework with its {count} factors to {path.name}. "
            "A new project can start from this file; other QDA tools read it as a codebook.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.notice.open()
        return count

    # --- plumbing --------------------------------------------------------------------------

    def _action(self, bar: QToolBar, text: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        bar.addAction(action)
        return action

    def _push(self, command: ProjectCommand) -> bool:
        try:
            push(self.context.undo_stack, command)
        except CoreError as error:
            self._refused(str(error))
            return False
        return True

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, "Frameworks", message)

    def _tell(self, message: str) -> None:
        # open(), not exec(): the job's end is a signal, and must not wait on a dialog.
        self.message = QMessageBox(
            QMessageBox.Icon.Warning, "Frameworks", message, QMessageBox.StandardButton.Ok, self
        )
        self.message.open()
