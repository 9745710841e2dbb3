"""What every project command shares, and the undo stack that never runs ahead of the file.

A command's edits run under a guard every time, not only the first: the first run happens
in `execute`, before it is pushed, and undo and redo go through `ProjectUndoStack`, which
does the command's work first (a macro's steps in one transaction) and moves the stack only
once the file has taken it. If core or the disk refuses (read-only file, a full disk, a
file another program holds), the stack, the command and the file stay as they were and
`refused` says why: the stack can never claim a state the file does not hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication

from app.core.errors import REFUSALS, CoreError
from app.core.project import Project


class Refused(CoreError):
    """An edit the project file did not take; str() says why."""


class ProjectCommand(QUndoCommand):
    # A command whose undo or redo can take seconds (a huge import) sets this: the window
    # shows a wait cursor while it runs.
    slow = False

    def __init__(self, project: Project, text: str, study_id: int | None):
        super().__init__(text)
        self.project = project
        self.study_id = study_id
        # Set once the work of the next redo or undo callback from Qt is already done.
        self._done = False

    def execute(self) -> None:
        self._redo()
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False  # the push or the guarded redo did the work already
            return
        self._redo()

    def undo(self) -> None:
        if self._done:
            self._done = False
            return
        self._undo()

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


def push(stack: QUndoStack, command: ProjectCommand) -> None:
    """Do the edit, then record it; raises (and records nothing) when it is refused."""
    try:
        command.execute()
    except CoreError:
        raise
    except REFUSALS as error:
        raise Refused(str(error)) from error
    stack.push(command)


@contextmanager
def _wait_cursor(on: bool) -> Iterator[None]:
    if not on:
        yield
        return
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _steps(command: QUndoCommand) -> list[ProjectCommand]:
    """The project commands a stack entry runs, in order (a macro's children, nested)."""
    if isinstance(command, ProjectCommand):
        return [command]
    steps: list[ProjectCommand] = []
    for index in range(command.childCount()):
        child = command.child(index)
        if child is not None:
            steps.extend(_steps(child))
    return steps


class ProjectUndoStack(QUndoStack):
    refused = Signal(str)  # why an undo or redo was not done

    def undo(self) -> None:
        if self.canUndo() and self._run(self.index() - 1, undoing=True):
            super().undo()

    def redo(self) -> None:
        if self.canRedo() and self._run(self.index(), undoing=False):
            super().redo()

    def _run(self, index: int, undoing: bool) -> bool:
        entry = self.command(index)
        if entry is None:
            return False
        steps = _steps(entry)
        if not steps:
            return True
        if undoing:
            steps.reverse()
        before = [dict(vars(step)) for step in steps]
        try:
            # One transaction: a macro is undone whole or not at all.
            with (
                _wait_cursor(any(step.slow for step in steps)),
                steps[0].project.database.transaction(),
            ):
                for step in steps:
                    if undoing:
                        step._undo()
                    else:
                        step._redo()
        except REFUSALS as error:
            # The commands forget whatever the refused run told them (snapshots, ids).
            for step, state in zip(steps, before, strict=True):
                vars(step).clear()
                vars(step).update(state)
            verb = "undone" if undoing else "redone"
            self.refused.emit(f"“{entry.text()}” could not be {verb}: {error}")
            return False
        for step in steps:
            step._done = True
        return True
