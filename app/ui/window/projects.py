"""The project a window has open: creating, opening, the demo, recent files, closing.

Whatever was open stays open when another cannot be opened; background work and a memo
being typed are finished before a project is closed under them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMenu, QWidget

from app.core.errors import CoreError, ProjectFileError
from app.core.project import Project
from app.exchange.codebook_files import read_template
from app.ui.context import AppContext
from app.ui.settings import Settings
from app.ui.window.demo import demo_project
from app.ui.window.import_controller import ImportController
from app.ui.window.start_page import StartPage

PROJECT_FILTER = "Habitus projects (*.habitus)"
TEMPLATE_CHOICE = "A template file (.qdc)…"
FRAMEWORKS = {"The capitals (Carey et al. 2019)": "capitals", "An empty codebook": None}


class ProjectLifecycle(QObject):
    def __init__(
        self,
        context: AppContext,
        window: QWidget,
        settings: Settings,
        importer: ImportController,
        flush: Callable[[], None],
        refuse: Callable[..., object],
        data_dir: Path | None = None,
        remember: bool = True,
    ):
        super().__init__(window)
        self._context = context
        self._window = window
        self._settings = settings
        self._importer = importer
        self._flush = flush
        self._refuse = refuse
        self.data_dir = data_dir
        # Off for screenshots: a scripted run should not change what the user's window recalls.
        self.remember = remember
        self._recent_menu: QMenu | None = None
        self._start_page: StartPage | None = None
        # Background work that must end before the project closes (exports, checks).
        self.waiters: list[Callable[[], None]] = []

    def show_recent_in(self, menu: QMenu, start_page: StartPage) -> None:
        self._recent_menu, self._start_page = menu, start_page
        start_page.newRequested.connect(self.new_project)
        start_page.openRequested.connect(self.choose_project)
        start_page.demoRequested.connect(self.open_demo)
        start_page.recentChosen.connect(self.open_project)
        self.refresh_recent()

    # --- opening ---------------------------------------------------------------------------

    def open_project(self, path: Path) -> bool:
        """Open a project file; on failure say why and keep whatever was open."""
        path = Path(path)
        current = self._context.project
        if current is not None and current.path.resolve() == path.resolve():
            return True
        if self._importer.busy:
            self._refuse("Wait for the import to finish before opening another project.")
            return False
        try:
            project = Project.open(path)
        except (ProjectFileError, CoreError, OSError) as error:
            self._refuse(str(error), "Cannot open the project")
            return False
        self._adopt(project)
        return True

    def choose_project(self) -> None:
        project = self._context.project
        start = str(project.path.parent) if project else ""
        name, _ = QFileDialog.getOpenFileName(self._window, "Open project", start, PROJECT_FILTER)
        if name:
            self.open_project(Path(name))

    def open_demo(self) -> bool:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            path = demo_project(self.data_dir)
        except (CoreError, OSError) as error:
            self._refuse(f"The demo could not be built: {error}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        return self.open_project(path)

    # --- creating --------------------------------------------------------------------------

    def new_project(self) -> None:
        window = self._window
        name, _ = QFileDialog.getSaveFileName(window, "New project", "", PROJECT_FILTER)
        if not name:
            return
        choices = [*FRAMEWORKS, TEMPLATE_CHOICE]
        choice, ok = QInputDialog.getItem(
            window, "New project", "Start the codebook from:", choices, 0, False
        )
        if not ok:
            return
        if choice == TEMPLATE_CHOICE:
            template, _ = QFileDialog.getOpenFileName(
                window, "Template", "", "REFI-QDA codebooks (*.qdc)"
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
        if self._importer.busy:
            self._refuse("Wait for the import to finish before creating another project.")
            return False
        try:
            codebook = None if template is None else read_template(template)
            project = Project.create(path, framework=framework, template=codebook)
        except (ProjectFileError, CoreError, OSError) as error:
            self._refuse(str(error), "Cannot create the project")
            return False
        self._adopt(project)
        return True

    # --- closing ---------------------------------------------------------------------------

    def finish_work(self) -> None:
        """Save what is being typed and let an import or export end before a close."""
        self._flush()
        self._importer.stop()
        for wait in self.waiters:
            wait()

    def close(self) -> None:
        self.finish_work()
        self._context.close()

    def _adopt(self, project: Project) -> None:
        self.close()
        self._context.open(project)
        if self.remember:
            self._settings.add_recent_project(project.path)
            self.refresh_recent()
        studies = [study.id for study in project.studies.list()]
        if studies:
            # The study read last, where it was left (see window.reading).
            last = project.reading.last_study()
            self._context.select_study(last if last in studies else studies[0])

    def refresh_recent(self) -> None:
        recent = self._settings.recent_projects()
        menu = self._recent_menu
        if menu is not None:
            menu.clear()
            for path in recent:
                action = menu.addAction(f"{path.stem}  ({path.parent})")
                action.triggered.connect(lambda _checked=False, p=path: self.open_project(p))
            menu.setEnabled(bool(recent))
        if self._start_page is not None:
            self._start_page.set_recent(recent)
