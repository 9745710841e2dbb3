"""Undo command for memo edits; a run of edits to one memo undoes as one step."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from app.core.memos import Target
from app.core.project import Project
from app.ui.commands.base import ProjectCommand

MEMO_COMMAND_ID = 0x4D454D  # "MEM": lets QUndoStack offer consecutive edits for merging


class EditMemo(ProjectCommand):
    def __init__(
        self,
        project: Project,
        target: Target,
        target_id: int | None,
        old: str,
        new: str,
        study_id: int | None = None,
    ):
        super().__init__(project, "Edit memo", study_id)
        self.target = target
        self.target_id = target_id
        self.old = old
        self.new = new

    def id(self) -> int:
        return MEMO_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditMemo) or (other.target, other.target_id) != (
            self.target,
            self.target_id,
        ):
            return False
        self.new = other.new
        return True

    def _redo(self) -> None:
        self.project.memos.set(self.target, self.target_id, self.new)

    def _undo(self) -> None:
        self.project.memos.set(self.target, self.target_id, self.old)
