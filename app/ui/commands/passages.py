"""Undo commands over passages and their codings.

Ids stay stable across undo and redo: a passage taken away by undo is kept as a snapshot and
put back by `restore` with the same id, guid, factors and memo, so later commands that name
it by id still find it.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.codebook import CodingRecord
from app.core.passages import PassageSnapshot
from app.core.project import Project
from app.core.types import Passage
from app.ui.commands.base import ProjectCommand


class CreatePassage(ProjectCommand):
    def __init__(self, project: Project, study_id: int, make: Callable[[], Passage], text: str):
        super().__init__(project, text, study_id)
        self._make = make
        self._snapshot: PassageSnapshot | None = None
        self.passage_id: int | None = None

    @classmethod
    def for_text(
        cls,
        project: Project,
        study_id: int,
        span: tuple[int, int, int, int],
        code_ids: tuple[int, ...],
    ) -> CreatePassage:
        start_page, start_offset, end_page, end_offset = span
        return cls(
            project,
            study_id,
            lambda: project.passages.add_text(
                study_id, start_page, start_offset, end_page, end_offset, code_ids
            ),
            "Code passage",
        )

    @classmethod
    def for_region(
        cls,
        project: Project,
        study_id: int,
        page: int,
        rect: tuple[float, float, float, float],
        code_ids: tuple[int, ...],
    ) -> CreatePassage:
        return cls(
            project,
            study_id,
            lambda: project.passages.add_region(study_id, page, rect, code_ids),
            "Code region",
        )

    def _redo(self) -> None:
        if self._snapshot is None:
            self.passage_id = self._make().id
        else:
            self.passage_id = self.project.passages.restore(self._snapshot).id

    def _undo(self) -> None:
        assert self.passage_id is not None
        self._snapshot = self.project.passages.delete(self.passage_id)


class ApplyCode(ProjectCommand):
    """Give a passage a factor; redo after undo brings back the very same coding."""

    def __init__(self, project: Project, passage: Passage, code_id: int):
        name = project.codebook.get(code_id).name
        super().__init__(project, f"Apply {name}", passage.study_id)
        self.passage_id = passage.id
        self.code_id = code_id
        self._coding: CodingRecord | None = None

    def _redo(self) -> None:
        self.project.passages.apply(self.passage_id, self.code_id, self._coding)

    def _undo(self) -> None:
        self._coding = self.project.passages.coding(self.passage_id, self.code_id)
        self.project.passages.remove(self.passage_id, self.code_id)


class RemoveCode(ProjectCommand):
    """Take a factor off a passage; undo brings back the very same coding."""

    def __init__(self, project: Project, passage: Passage, code_id: int):
        name = project.codebook.get(code_id).name
        super().__init__(project, f"Remove {name}", passage.study_id)
        self.passage_id = passage.id
        self.code_id = code_id
        self._coding: CodingRecord | None = None

    def _redo(self) -> None:
        self._coding = self.project.passages.coding(self.passage_id, self.code_id)
        self.project.passages.remove(self.passage_id, self.code_id)

    def _undo(self) -> None:
        self.project.passages.apply(self.passage_id, self.code_id, self._coding)


class DeletePassage(ProjectCommand):
    def __init__(self, project: Project, passage: Passage):
        super().__init__(project, "Delete passage", passage.study_id)
        self.passage_id = passage.id
        self._snapshot: PassageSnapshot | None = None

    def _redo(self) -> None:
        self._snapshot = self.project.passages.delete(self.passage_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        self.project.passages.restore(self._snapshot)
