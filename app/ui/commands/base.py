"""What every project command shares: the project it edits and the study it concerns.

A command's first run happens in `execute`, before it is pushed: if core refuses the edit
(read-only file, bad offsets, a full disk) the exception reaches the caller and nothing
enters the undo stack, instead of vanishing inside Qt's call to `redo`.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.project import Project


class ProjectCommand(QUndoCommand):
    def __init__(self, project: Project, text: str, study_id: int | None):
        super().__init__(text)
        self.project = project
        self.study_id = study_id
        self._ran = False

    def execute(self) -> None:
        self._redo()
        self._ran = True

    def redo(self) -> None:
        if self._ran:
            self._ran = False  # the push that follows `execute`: already done
            return
        self._redo()

    def undo(self) -> None:
        self._undo()

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


def push(stack: QUndoStack, command: ProjectCommand) -> None:
    """Do the edit, then record it; raises (and records nothing) when core refuses it."""
    command.execute()
    stack.push(command)
