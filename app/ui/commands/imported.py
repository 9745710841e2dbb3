"""Passages an import made (highlights from a PDF): one undo step takes them all back."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.passage_import import one_action
from app.core.passages import PassageSnapshot
from app.core.project import Project
from app.ui.commands.base import ProjectCommand


class ImportedPassages(ProjectCommand):
    def __init__(self, project: Project, study_id: int, passage_ids: Sequence[int], text: str):
        super().__init__(project, text, study_id)
        self.passage_ids = list(passage_ids)
        self._snapshots: list[PassageSnapshot] = []

    def execute(self) -> None:
        # The import itself ran in the background; this only records it for undo.
        self._ran = True

    def _undo(self) -> None:
        with one_action(self.project):
            self._snapshots = [self.project.passages.delete(pid) for pid in self.passage_ids]

    def _redo(self) -> None:
        with one_action(self.project):
            for snapshot in self._snapshots:
                self.project.passages.restore(snapshot)
        self._snapshots = []
