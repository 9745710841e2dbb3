"""What every panel of a window shares: the open project, its undo stack, one change hook.

Panels never poll: they connect to `changed` and refresh the rows the `Change` names (the
project's own listeners are bridged here into a Qt signal on the GUI thread). The passages
a change names are read once, however many panels ask for them (`changed_passages`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal

from app.core.project import Change, Project
from app.core.types import Passage
from app.ui.commands.base import ProjectUndoStack


class AppContext(QObject):
    changed = Signal(object)  # a core.project.Change
    projectOpened = Signal()
    aboutToClose = Signal()  # the project is still open: finish what is being typed
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
        self._fetched_for: Change | None = None
        self._counted_for: Change | None = None
        self._counts: dict[int, int] = {}
        self._fetched: dict[int, Passage] = {}
        # A change made on a worker thread (an import) reaches panels on the GUI thread.
        self._fromWorker.connect(self._announce, Qt.ConnectionType.QueuedConnection)

    def open(self, project: Project) -> None:
        self.close()
        self.project = project
        self._unsubscribe = project.on_change(self._relay)
        self.projectOpened.emit()

    def close(self) -> None:
        if self.project is None:
            return
        self.aboutToClose.emit()
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

    def changed_passages(self, change: Change) -> dict[int, Passage]:
        """The passages `change` names, as they are now; a deleted one is absent.

        Read from the project once per change, for every panel that asks.
        """
        if self._fetched_for is not change:
            project = self.project
            self._fetched = (
                project.passages.get_many(change.passages)
                if project is not None and change.passages
                else {}
            )
            self._fetched_for = change
        return self._fetched

    def passage_counts(self, change: Change) -> dict[int, int]:
        """How many passages each study `change` names now holds (every study, when it names
        none): one count per change, for every panel that asks."""
        if self._counted_for is not change:
            project = self.project
            ids = change.studies or None
            self._counts = {} if project is None else project.studies.passage_counts(ids)
            self._counted_for = change
        return self._counts

    def select_study(self, study_id: int | None) -> None:
        if study_id != self.study_id:
            self.study_id = study_id
            self.studySelected.emit(study_id)

    def _relay(self, change: Change) -> None:
        if QThread.currentThread() is self.thread():
            self._announce(change)
        else:
            self._fromWorker.emit(change)

    def _announce(self, change: object) -> None:
        try:
            self.changed.emit(change)
        finally:
            # What was read for this change is not reused for the next.
            self._fetched_for, self._fetched = None, {}
