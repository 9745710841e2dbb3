"""Where on screen the selection (or else the selected passage) lies, for what must not
cover it (the Code with… popup)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect

from app.core.types import Box
from app.ui.pageview.highlights import boxes_on, pages_of
from app.ui.pageview.selection import RegionSelection, TextSelection

if TYPE_CHECKING:
    from app.ui.pageview.view import PageView


def selection_boxes(view: PageView) -> list[Box]:
    sel = view.selection()
    if isinstance(sel, TextSelection):
        return [
            box
            for page in range(sel.start_page, sel.end_page + 1)
            for box in view.painter.overlay(page).selection_boxes
        ]
    if isinstance(sel, RegionSelection):
        return [Box(sel.page, *sel.rect)]
    selected = view.selected_passage()
    passage = None if selected is None else view.passages.find(selected)
    if passage is None:
        return []
    return [box for page in sorted(pages_of(passage)) for box in boxes_on(passage, page)]


def selection_rect(view: PageView) -> QRect | None:
    """The viewport rectangle around what is selected, cut to what shows; None if nothing
    selected is on screen."""
    found = QRect()
    for box in selection_boxes(view):
        top_left = view.map_from_page(box.page, box.x0, box.top)
        bottom_right = view.map_from_page(box.page, box.x1, box.bottom)
        found = found.united(QRect(top_left, bottom_right).normalized())
    shown = found.intersected(view.viewport().rect())
    return None if shown.isEmpty() else shown
