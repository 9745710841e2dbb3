"""Undo command for a study's page numbering."""

from __future__ import annotations

from app.core.project import Project
from app.ui.commands.base import ProjectCommand


class SetPageNumbering(ProjectCommand):
    """Number a study's pages from a given first number, or (None) as found on the pages."""

    def __init__(self, project: Project, study_id: int, first: int | None):
        text = f"Number pages from {first}" if first is not None else "Use the printed page numbers"
        super().__init__(project, text, study_id)
        self.first = first
        self.previous = project.page_numbers.first_printed(study_id)

    def _redo(self) -> None:
        assert self.study_id is not None
        self.project.page_numbers.set_first_printed(self.study_id, self.first)

    def _undo(self) -> None:
        assert self.study_id is not None
        self.project.page_numbers.set_first_printed(self.study_id, self.previous)
