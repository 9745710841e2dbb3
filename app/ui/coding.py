"""Coding: "give what is selected this factor", whichever way the user asked.

Number keys, a click in the codebook, a drop on a factor and the Code with... popup all end
here, so each one does the same thing: a fresh selection on the page becomes a new passage
with that factor; an existing passage that is selected gets the factor added (adding a factor
it already has does nothing).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal

from app.core.errors import CoreError, NotFound
from app.core.project import Project
from app.core.types import Passage
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.passages import ApplyCode, CreatePassage
from app.ui.context import AppContext
from app.ui.pageview.selection import RegionSelection, TextSelection


class SelectionSource(Protocol):
    """The part of the page view coding needs."""

    def selection(self) -> TextSelection | RegionSelection | None: ...

    def selected_passage(self) -> object: ...


def as_passage(project: Project, value: object) -> Passage | None:
    """The view may hand out a passage, its id, or nothing; core's current copy either way."""
    if value is None:
        return None
    passage_id = value.id if isinstance(value, Passage) else value
    if not isinstance(passage_id, int):
        return None
    try:
        return project.passages.get(passage_id)
    except NotFound:
        return None


def coding_command(
    project: Project,
    selection: TextSelection | RegionSelection | None,
    passage: Passage | None,
    code_id: int,
) -> ProjectCommand | None:
    """The one command that codes this selection (or else this passage), or None if none is
    needed: nothing selected, or the passage already has the factor."""
    if isinstance(selection, TextSelection):
        span = (
            selection.start_page,
            selection.start_offset,
            selection.end_page,
            selection.end_offset,
        )
        return CreatePassage.for_text(project, selection.study_id, span, (code_id,))
    if isinstance(selection, RegionSelection):
        return CreatePassage.for_region(
            project, selection.study_id, selection.page, selection.rect, (code_id,)
        )
    if passage is not None and code_id not in passage.code_ids:
        return ApplyCode(project, passage, code_id)
    return None


class Coder(QObject):
    """Pushes coding commands for the page view's current selection."""

    failed = Signal(str)  # why core refused, in the user's words
    coded = Signal(int)  # id of the passage that was created or given a factor

    def __init__(self, context: AppContext, view: SelectionSource, parent: QObject | None = None):
        super().__init__(parent)
        self._context = context
        self._view = view
        self.enabled = True
        # The selection last turned into a passage: pressing another number key while it is
        # still selected adds to that passage instead of making a duplicate.
        self._last: tuple[TextSelection | RegionSelection, int] | None = None

    def code_with(self, code_id: int) -> int | None:
        project = self._context.project
        if project is None or not self.enabled:
            return None
        selection = self._view.selection()
        passage = as_passage(project, self._view.selected_passage())
        if selection is not None and self._last is not None and self._last[0] == selection:
            made = as_passage(project, self._last[1])
            if made is not None:
                selection, passage = None, made
        command = coding_command(project, selection, passage, code_id)
        if command is None:
            return passage.id if passage is not None else None
        try:
            push(self._context.undo_stack, command)
        except CoreError as error:
            self.failed.emit(str(error))
            return None
        passage_id = getattr(command, "passage_id", None)
        if isinstance(command, CreatePassage) and selection is not None:
            self._last = (selection, passage_id) if passage_id is not None else None
        if passage_id is not None:
            self.coded.emit(passage_id)
        return passage_id
