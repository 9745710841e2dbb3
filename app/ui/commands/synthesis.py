"""Coding every hit of a search as one undo step."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.passages import PassageSnapshot, TextSpan
from app.core.project import Project
from app.ui.commands.base import ProjectCommand


class CodeHits(ProjectCommand):
    """Make a passage of each span, coded with one factor; undo takes them all away, redo
    puts back the very same passages (same ids)."""

    def __init__(self, project: Project, spans: Sequence[TextSpan], code_id: int):
        name = project.codebook.get(code_id).name
        count = len(spans)
        studies = {span.study_id for span in spans}
        super().__init__(
            project,
            f"Code {count} hit{'s' if count != 1 else ''} with {name}",
            next(iter(studies)) if len(studies) == 1 else None,
        )
        self.spans = tuple(
            TextSpan(s.study_id, s.start_page, s.start_offset, s.end_page, s.end_offset, (code_id,))
            for s in spans
        )
        self.code_id = code_id
        self.passage_ids: list[int] = []
        self._snapshots: list[PassageSnapshot] | None = None

    def _redo(self) -> None:
        if self._snapshots is None:
            made = self.project.passages.add_text_many(self.spans)
            self.passage_ids = [passage.id for passage in made]
        else:
            self.project.passages.restore_many(self._snapshots)

    def _undo(self) -> None:
        self._snapshots = self.project.passages.delete_many(self.passage_ids)
