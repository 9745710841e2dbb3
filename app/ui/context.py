"""What every panel of a window shares: the open project, its undo stack, one change hook.

Panels never poll: they connect to `changed` and refresh what the `Change` names (the
project's own listeners are bridged here into a Qt signal on the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal

from app.core.project import Change, Project
from app.ui.commands.base import ProjectUndoStack


class AppContext(QObject):
    changed = Signal(object)  # a core.project.Change
    projectOpened = Signal()
    projectClosed = Signal()
    studySelected = Signal(object)  # study id or None
    codeSelected = Signal(object)  # factor id or None
    _fromWorker = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.project: Project | None = None
        # Undo and redo move the stack only once the file has taken the edit.
        self.undo_stack = ProjectUndoStack(self)
        self.study_id: int | None = None
        self._unsubscribe: Callable[[], None] | None = None
        # A change made on a worker thread (an import) reaches panels on the GUI thread.
        self._fromWorker.connect(self.changed.emit, Qt.ConnectionType.QueuedConnection)

    def open(self, project: Project) -> None:
        self.close()
        self.project = project
        self._unsubscribe = project.on_change(self._relay)
        self.projectOpened.emit()

    def close(self) -> None:
        if self.project is None:
            return
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.undo_stack.clear()
        self.select_study(None)
        project, self.project = self.project, None
        self.projectClosed.emit()
        project.close()

    def require(self) -> Project:
        if self.project is None:
            raise RuntimeError("no project is open")
        return self.project

    def select_study(self, study_id: int | None) -> None:
        if study_id != self.study_id:
            self.study_id = study_id
            self.studySelected.emit(study_id)

    def _relay(self, change: Change) -> None:
        if QThread.currentThread() is self.thread():
            self.changed.emit(change)
        else:
            self._fromWorker.emit(change)
