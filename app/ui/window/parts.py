"""The page view and codebook panel, built by their own packages; stand-ins until they exist.

The stand-ins carry the same signals and methods, doing nothing, so the window can be built
and tested on a tree where either package is not there yet.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.context import AppContext


class StandInPageView(QLabel):
    selectionChanged = Signal()
    passageSelected = Signal(object)
    passageContextMenuRequested = Signal(int, object)
    firstPageDrawn = Signal()
    currentPageChanged = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__("The page view is not available in this build.", parent)
        self._selection: Any = None
        self._passage: Any = None

    def show_study(self, study_id: int | None) -> None:
        self._selection = self._passage = None

    def selection(self) -> Any:
        return self._selection

    def selected_passage(self) -> Any:
        return self._passage

    def clear_selection(self) -> None:
        self._selection = None

    def find(self, phrase: str) -> int:
        return 0

    def __getattr__(self, name: str) -> Any:
        # go_to_page, zoom_in, fit_width, set_region_mode, find_next...: nothing to do.
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


class StandInCodebook(QLabel):
    codeActivated = Signal(int)
    selectionDropped = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__("The codebook panel is not available in this build.", parent)
        self._context = context

    def first_codes(self, n: int) -> list[int]:
        project = self._context.project
        return [] if project is None else [code.id for code in project.codebook.list()[:n]]


def make_page_view(context: AppContext, parent: QWidget) -> Any:
    try:
        from app.ui.pageview import PageView  # type: ignore[attr-defined]
    except ImportError:
        try:
            from app.ui.pageview.view import PageView  # type: ignore[no-redef]
        except ImportError:
            return StandInPageView(context, parent)
    return PageView(context, parent)


def make_codebook_panel(context: AppContext, parent: QWidget) -> Any:
    try:
        from app.ui.codebook import CodebookPanel  # type: ignore[attr-defined]
    except ImportError:
        try:
            from app.ui.codebook.panel import CodebookPanel  # type: ignore[no-redef]
        except ImportError:
            return StandInCodebook(context, parent)
    return CodebookPanel(context, parent)
