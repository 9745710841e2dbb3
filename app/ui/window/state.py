"""Which actions the window offers: only those that make sense with what is open and running.

While an import runs it is the project's only writer, so coding, undo and codebook edits wait.
Other long writers than the PDF import (a codebook import) add themselves to `holds`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app import APP_NAME
from app.ui.coding import Coder
from app.ui.context import AppContext
from app.ui.window.actions import WindowActions
from app.ui.window.import_controller import ImportController


class ActionStates:
    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        actions: WindowActions,
        importer: ImportController,
        coder: Coder,
        centre: QStackedWidget,
        codebook: QWidget,
    ):
        self._window = window
        self._context = context
        self._actions = actions
        self._importer = importer
        self._coder = coder
        self._centre = centre
        self._codebook = codebook
        self.holds: list[Callable[[], bool]] = []  # each says whether it is writing now

    def update(self) -> None:
        project = self._context.project
        has_project = project is not None
        importing = self._importer.busy or any(hold() for hold in self.holds)
        acts, window = self._actions, self._window
        self._centre.setCurrentIndex(1 if has_project else 0)
        title = f"{project.name} — {APP_NAME}" if project else APP_NAME
        if project is not None and project.database.read_only:
            title = f"{project.name} (read-only) — {APP_NAME}"
        window.setWindowTitle(title)
        window.setWindowFilePath(str(project.path) if project else "")
        for action in acts.needs_project:
            action.setEnabled(has_project)
        for action in (acts.import_pdfs, acts.import_folder):
            action.setEnabled(has_project and not importing)
        self._coder.enabled = has_project and not importing
        for action in acts.coding:
            action.setEnabled(self._coder.enabled)
        stack = self._context.undo_stack
        acts.undo.setEnabled(not importing and stack.canUndo())
        acts.redo.setEnabled(not importing and stack.canRedo())
        self._codebook.setEnabled(not importing)
