"""Going from a row of a synthesis view to its place: the study, the page, the words."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from app.core.errors import NotFound
from app.core.geometry import span_boxes
from app.core.types import Box, Hit
from app.ui.synthesis.flash import Flash

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class Navigator:
    def __init__(self, window: MainWindow):
        self.window = window
        self.flash: Flash | None = None

    def show_passage(self, passage_id: int) -> bool:
        """Open the passage's study at its page, select it and flash it (a passage waiting
        to be placed by hand opens the place-by-hand window instead)."""
        project = self.window.context.project
        if project is None:
            return False
        try:
            passage = project.passages.get(passage_id)
        except NotFound:
            self.window.show_error("That passage no longer exists (it was deleted or undone).")
            return False
        self._open(passage.study_id)
        self.window.view.go_to_passage(passage_id)
        self.window.memo.show_passage(passage_id)
        if not passage.placed:
            return True  # no place to flash: the view asked for the place-by-hand window
        boxes = [box for box in passage.boxes if box.page == passage.start_page]
        if not boxes and passage.rect is not None:
            boxes = [Box(passage.start_page, *passage.rect)]
        self._flash(boxes)
        return True

    def show_hit(self, hit: Hit) -> bool:
        """Open the hit's study at its page, scrolled to the words, and flash them."""
        project = self.window.context.project
        if project is None:
            return False
        try:
            self._open(hit.study_id)
            end = hit.end if hit.last_page == hit.page else 1 << 30
            words = project.studies.words_for(hit.study_id, hit.page, [(hit.start, end)])
        except NotFound:
            self.window.show_error("That study is no longer in the project.")
            return False
        boxes = span_boxes(hit.page, words, hit.start, end)
        view = self.window.view
        if boxes:
            view.reveal(hit.page, boxes[0].top, boxes[-1].bottom)
        else:
            view.go_to_page(hit.page)
        self._flash(boxes)
        return True

    def _open(self, study_id: int) -> None:
        context = self.window.context
        if context.study_id != study_id:
            context.select_study(study_id)
        self.window.centre.setCurrentIndex(1)

    def _flash(self, boxes: list[Box]) -> None:
        if self.flash is not None:
            with contextlib.suppress(RuntimeError):  # already gone with its animation
                self.flash.deleteLater()
        self.flash = Flash(self.window.view, self.window.view, boxes) if boxes else None
