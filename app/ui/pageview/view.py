"""The page view: a study's real pages in one continuous vertical scroll.

This class is the widget and its public face; each concern lives in a part of its own:
- `navigation.PageNavigator`: where the pages sit, zoom and fitting, scrolling;
- `schedule.RenderScheduler`: which pages to render at what scale, off the GUI thread;
- `page_painter.PagePainter`: drawing a page item and what lies on it;
- `selection_state.SelectionState`: the reader's selection;
- `passage_layer.PassageLayer`: the coded passages drawn, the one selected;
- `finder.Finder`: find in the study;
- `interaction.MouseTool`: mouse and keys;
- `words_notice.WordsNotice`: the line that says when a page's words cannot be selected.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from app.core.types import Hit
from app.ui.context import AppContext
from app.ui.pageview.cache import DEFAULT_LIMIT, ImageCache
from app.ui.pageview.document import StudyDocument
from app.ui.pageview.extent import selection_rect
from app.ui.pageview.finder import Finder
from app.ui.pageview.highlights import PassageMarks, Stripe, boxes_on
from app.ui.pageview.interaction import MouseTool
from app.ui.pageview.keyboard import KeyboardReader
from app.ui.pageview.layout import PageLayout
from app.ui.pageview.navigation import PageNavigator
from app.ui.pageview.page_painter import PagePainter
from app.ui.pageview.passage_layer import PassageLayer
from app.ui.pageview.schedule import RenderScheduler
from app.ui.pageview.selection import Selection
from app.ui.pageview.selection_state import SelectionState
from app.ui.pageview.words_notice import WordsNotice


class PageView(QGraphicsView):
    currentPageChanged = Signal(int)
    selectionChanged = Signal()
    passageSelected = Signal(object)  # passage id or None
    passageContextMenuRequested = Signal(int, QPoint)  # passage id, global position
    # passage id, and its new extent: (start page, offset, end page, offset) or a rectangle
    passageResized = Signal(int, object)
    # A passage waiting to be placed by hand was asked for: it has no page to show.
    placeRequested = Signal(int)
    firstPageDrawn = Signal()
    zoomChanged = Signal(float)

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, cache_limit: int = DEFAULT_LIMIT
    ):
        super().__init__(parent)
        self.context = context
        self.setScene(QGraphicsScene(self))
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundBrush(QColor("#dcdcdc"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self._doc: StudyDocument | None = None

        self.navigator = PageNavigator(self, self._paint_page)
        self.images = RenderScheduler(self, self.navigator, cache_limit)
        self.passages = PassageLayer(context, self)
        self.selection_state = SelectionState(self)
        self.finder = Finder(context, self.navigator, self.document)
        self._mouse = MouseTool(self)
        self.keyboard = KeyboardReader(self)
        self.painter = PagePainter(
            self,
            self.document,
            self.navigator,
            self.images,
            self.passages,
            self.selection_state,
            self.finder.state,
            self._mouse.rubber_band,
        )

        self.words_notice = WordsNotice(self)

        self.navigator.currentPageChanged.connect(self.currentPageChanged)
        self.navigator.zoomChanged.connect(self.zoomChanged)
        self.images.pageReady.connect(self.navigator.update_page)
        self.passages.passageSelected.connect(self.passageSelected)
        self.passages.repaint.connect(self._repaint)
        self.selection_state.changed.connect(self._repaint)
        self.selection_state.changed.connect(self.selectionChanged)
        self.painter.firstPageDrawn.connect(self.firstPageDrawn)
        context.changed.connect(self.passages.on_change)
        context.projectClosed.connect(self._on_project_closed)

    # --- the study shown -------------------------------------------------------------------

    def study_id(self) -> int | None:
        return None if self._doc is None else self._doc.study_id

    def document(self) -> StudyDocument | None:
        return self._doc

    def show_study(self, study_id: int | None) -> None:
        project = self.context.project
        self._doc = None
        if study_id is not None and project is not None:
            self._doc = StudyDocument(project, study_id)
        self.painter.reset()
        self.finder.state.clear()
        self._mouse.reset()
        self.selection_state.set(None)
        self.passages.show_study(study_id)
        self.navigator.show_pages(self._doc.sizes if self._doc is not None else [])
        self.images.start(self._doc, project)
        self.words_notice.refresh()

    def _on_project_closed(self) -> None:
        self.images.stop()
        self.show_study(None)

    def _repaint(self, pages: object = None) -> None:
        if isinstance(pages, set):
            for page in pages:
                self.navigator.update_page(page)
        else:
            self.viewport().update()

    def _paint_page(self, painter: QPainter, page: int, width: float, height: float) -> None:
        self.painter.paint(painter, page, width, height)

    # --- navigation ------------------------------------------------------------------------

    def page_count(self) -> int:
        return self.navigator.page_count()

    def page_layout(self) -> PageLayout:
        return self.navigator.layout

    def current_page(self) -> int:
        return self.navigator.current_page()

    def go_to_page(self, index: int) -> None:
        self.navigator.go_to_page(index)

    def go_to_passage(self, passage_id: int) -> None:
        project, doc = self.context.project, self._doc
        if project is None or doc is None:
            return
        passage = self.passages.find(passage_id) or project.passages.get(passage_id)
        if passage.study_id != doc.study_id:
            return
        if not passage.placed:
            # Its page is an earlier version's: going there would show the wrong words.
            self.placeRequested.emit(passage_id)
            return
        boxes = boxes_on(passage, passage.start_page)
        if boxes:
            self.navigator.reveal(passage.start_page, boxes[0].top, boxes[-1].bottom)
        else:
            self.navigator.go_to_page(passage.start_page)
        self.select_passage(passage_id)

    def reading_position(self) -> tuple[int, float] | None:
        """Where the reader is: the page at the top edge and the points down it."""
        return self.navigator.top_position()

    def show_position(self, page: int, top: float) -> None:
        self.navigator.scroll_to_position(page, top)

    def reveal(self, page: int, top: float, bottom: float) -> None:
        self.navigator.reveal(page, top, bottom)

    def visible_scene_rect(self) -> QRectF:
        return self.navigator.visible_scene_rect()

    def map_from_page(self, page: int, x: float, y: float) -> QPoint:
        return self.navigator.map_from_page(page, x, y)

    def map_to_page(self, pos: QPoint, page: int | None = None) -> tuple[int, float, float] | None:
        return self.navigator.map_to_page(pos, page)

    # --- zoom ------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.navigator.zoom()

    def zoom_in(self) -> None:
        self.navigator.zoom_in()

    def zoom_out(self) -> None:
        self.navigator.zoom_out()

    def fit_mode(self) -> str | None:
        return self.navigator.fit_mode()

    def fit_width(self) -> None:
        self.navigator.fit_width()

    def fit_page(self) -> None:
        self.navigator.fit_page()

    def set_zoom(self, factor: float, anchor: QPoint | None = None, fit: str | None = None) -> None:
        self.navigator.set_zoom(factor, anchor, fit)

    # --- rendering -------------------------------------------------------------------------

    @property
    def cache(self) -> ImageCache:
        return self.images.cache

    def is_rendered(self, page: int) -> bool:
        return self.images.is_rendered(page)

    # --- passages --------------------------------------------------------------------------

    def marks(self) -> PassageMarks:
        return self.passages.marks

    def stripes(self, page: int) -> list[Stripe]:
        return self.passages.stripes(page)

    def selected_passage(self) -> int | None:
        return self.passages.selected()

    def select_passage(self, passage_id: int | None) -> None:
        self.passages.select(passage_id)

    def set_theme_filter(self, theme_id: int | None) -> None:
        self.passages.set_theme_filter(theme_id)

    def theme_filter(self) -> int | None:
        return self.passages.theme_filter()

    # --- selection -------------------------------------------------------------------------

    def selection(self) -> Selection | None:
        return self.selection_state.get()

    def set_selection(self, selection: Selection | None) -> None:
        self.selection_state.set(selection)

    def clear_selection(self) -> None:
        self._mouse.reset()
        self.selection_state.set(None)

    def selection_rect(self) -> QRect | None:
        """Where the selection (else the selected passage) shows, in viewport pixels."""
        return selection_rect(self)

    def set_region_mode(self, on: bool) -> None:
        """Plain drags draw rectangles (for figures and tables) instead of selecting text."""
        self._mouse.region_mode = on

    def region_mode(self) -> bool:
        return self._mouse.region_mode

    def start_selection_drag(self) -> None:
        self._mouse.start_drag()

    # --- find ------------------------------------------------------------------------------

    # Shadows QWidget.find (a static lookup by window id nobody calls on a view).
    def find(self, phrase: str, ignore_case: bool = True) -> int:  # type: ignore[override]
        return self.finder.find(phrase, ignore_case)

    def find_hits(self) -> list[Hit]:
        return self.finder.hits()

    def current_hit(self) -> Hit | None:
        return self.finder.current()

    def find_next(self) -> Hit | None:
        return self.finder.step(True)

    def find_previous(self) -> Hit | None:
        return self.finder.step(False)

    def clear_find(self) -> None:
        self.finder.clear()

    def find_status(self) -> tuple[int, int]:
        """Which hit is shown (1-based; 0 before the first step) and how many there are."""
        return self.finder.status()

    # --- events ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if not self._mouse.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._mouse.move(event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._mouse.release(event):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not self._mouse.double_click(event):
            super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self._mouse.wheel(event):
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._mouse.key(event):
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self._mouse.context_menu(event):
            event.accept()
        else:
            event.ignore()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._mouse.tooltip(event)
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.navigator.refit()
        self.images.schedule()
