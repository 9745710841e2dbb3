"""Keeping the window's parts in step with what the user picked and what just changed.

A study picked in the list shows on the page; a passage picked on the page is marked in the
passages list and opens its memo; one picked in the list is shown on the page; undo and redo
show the study they changed; the first studies imported into an empty project open at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand

from app.core.project import Change
from app.ui.coding import as_passage
from app.ui.context import AppContext
from app.ui.pageview import PageView
from app.ui.window.memo_panel import MemoPanel
from app.ui.window.passages_panel import PassagesPanel


def command_study(command: QUndoCommand | None) -> int | None:
    """The study an undo step changed; for a macro, that of its first child that says."""
    if command is None:
        return None
    study_id = getattr(command, "study_id", None)
    if study_id is not None:
        return int(study_id)
    for index in range(command.childCount()):
        found = command_study(command.child(index))
        if found is not None:
            return found
    return None


class Follower(QObject):
    def __init__(
        self,
        context: AppContext,
        view: PageView,
        passages: PassagesPanel,
        memo: MemoPanel,
        study_shown: Callable[[], None],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._context = context
        self._view = view
        self._passages = passages
        self._memo = memo
        self._study_shown = study_shown
        self._undo_index = 0
        context.studySelected.connect(self._on_study_selected)
        context.changed.connect(self._on_change)
        context.undo_stack.indexChanged.connect(self._on_undo_index)
        view.passageSelected.connect(self._on_passage_selected)
        passages.passageActivated.connect(self.go_to_passage)
        passages.unplacedChosen.connect(memo.show_passage)

    def go_to_passage(self, passage_id: int) -> None:
        self._view.go_to_passage(passage_id)
        self._memo.show_passage(passage_id)

    def _on_study_selected(self, study_id: int | None) -> None:
        self._view.show_study(study_id)
        self._study_shown()

    def _on_passage_selected(self, passage: object) -> None:
        project = self._context.project
        found = None if project is None else as_passage(project, passage)
        passage_id = None if found is None else found.id
        self._memo.show_passage(passage_id)
        self._passages.show_passage(passage_id)

    def _on_undo_index(self, index: int) -> None:
        # Undo and redo show the study they changed, so nothing changes out of sight.
        stack = self._context.undo_stack
        moved = stack.command(index - 1 if index > self._undo_index else index)
        self._undo_index = index
        study_id = command_study(moved)
        if study_id is not None and study_id != self._context.study_id:
            self._context.select_study(study_id)

    def _on_change(self, change: Change) -> None:
        if "studies" in change.kinds and self._context.study_id is None:
            project = self._context.project
            studies = [] if project is None else project.studies.list()
            if studies:
                self._context.select_study(studies[0].id)
