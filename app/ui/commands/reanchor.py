"""Undo command for moving a passage's start, end or corners: one drag, one step."""

from __future__ import annotations

from app.core.passages import Anchor
from app.core.project import Project
from app.core.types import Passage
from app.ui.commands.base import ProjectCommand

Span = tuple[int, int, int, int]  # start page, start offset, end page, end offset
Rect = tuple[float, float, float, float]


class ResizePassage(ProjectCommand):
    """A text passage to a new span, or a region to a new rectangle; the passage keeps its
    id, factors and memo, and undo puts back exactly what it quoted and where."""

    def __init__(self, project: Project, passage: Passage, to: Span | Rect):
        text = "Resize region" if passage.kind == "region" else "Resize passage"
        super().__init__(project, text, passage.study_id)
        self.passage_id = passage.id
        self.kind = passage.kind
        self.to = to
        self._before: Anchor | None = None

    def _redo(self) -> None:
        passages = self.project.passages
        if self.kind == "text":
            start_page, start_offset, end_page, end_offset = (int(v) for v in self.to)
            self._before = passages.reanchor_text(
                self.passage_id, start_page, start_offset, end_page, end_offset
            )
        else:
            x0, top, x1, bottom = (float(v) for v in self.to)
            self._before = passages.resize_region(self.passage_id, (x0, top, x1, bottom))

    def _undo(self) -> None:
        assert self._before is not None
        self.project.passages.restore_anchor(self.passage_id, self._before)
