"""The page view: a study's real pages in one continuous vertical scroll.

Built on QGraphicsView with one item per page, laid out in logical pixels at the current
zoom (not scaled by a view transform), so each rendered image is drawn 1:1 and stays sharp.
The scene culls pages that are off screen, the view brings scroll bars, anchored zooming and
exact widget-to-scene mapping, and a page's item repaints alone when its image arrives.
Images are rendered off the GUI thread (`renderer.py`, `worker.py`); mouse handling
(selection, regions, passage clicks, drags, keys) lives in `interaction.py`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
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

from app.core.geometry import line_boxes
from app.core.project import Change
from app.core.types import Hit, Passage
from app.ui.context import AppContext
from app.ui.pageview.cache import DEFAULT_LIMIT
from app.ui.pageview.document import StudyDocument
from app.ui.pageview.find import FindState
from app.ui.pageview.highlights import PassageMarks, Stripe, boxes_on
from app.ui.pageview.interaction import MouseTool
from app.ui.pageview.items import PageItem
from app.ui.pageview.layout import (
    GAP,
    PageLayout,
    clamp_zoom,
    fit_page_zoom,
    fit_width_zoom,
)
from app.ui.pageview.painting import (
    PageOverlay,
    paint_image,
    paint_overlay,
    paint_passages,
    paint_stripes,
)
from app.ui.pageview.renderer import PageRenderer
from app.ui.pageview.selection import (
    RegionSelection,
    Selection,
    TextSelection,
    span_on_page,
    words_in_span,
)

ZOOM_STEP = 1.2
# Far beyond any sharpness a screen shows; keeps one page image under about 240 MB.
MAX_IMAGE_PIXELS = 60_000_000
_WHOLE_PAGE = 1 << 30


class PageView(QGraphicsView):
    currentPageChanged = Signal(int)
    selectionChanged = Signal()
    passageSelected = Signal(object)  # passage id or None
    passageContextMenuRequested = Signal(int, QPoint)  # passage id, global position
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
        self._renderer = PageRenderer(self, cache_limit)
        self._renderer.pageReady.connect(self._on_page_ready)
        self.cache = self._renderer.cache

        self._doc: StudyDocument | None = None
        self._layout = PageLayout([], 1.0)
        self._items: list[PageItem] = []
        self._zoom = 1.0
        self._fit: str | None = "width"  # a new window shows pages as wide as it is
        self._current = 0
        self._first_drawn = False
        self._marks = PassageMarks([], {})
        self._stripes: dict[int, list[Stripe]] = {}
        self._theme_id: int | None = None
        self._find = FindState()
        self._selection: Selection | None = None
        self._selected_passage: int | None = None
        self._scrolling_to_page = False
        self._mouse = MouseTool(self)

        self._schedule_timer = QTimer(self)
        self._schedule_timer.setSingleShot(True)
        self._schedule_timer.setInterval(0)
        self._schedule_timer.timeout.connect(self._request_visible)
        self._renderer.wantedAgain.connect(self._schedule)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._schedule)
        context.changed.connect(self._on_changed)
        context.projectClosed.connect(lambda: self.show_study(None))

    # --- showing a study -------------------------------------------------------------------

    def study_id(self) -> int | None:
        return None if self._doc is None else self._doc.study_id

    def document(self) -> StudyDocument | None:
        return self._doc

    def show_study(self, study_id: int | None) -> None:
        project = self.context.project
        self._doc = None
        if study_id is not None and project is not None:
            self._doc = StudyDocument(project, study_id)
        self._renderer.start(self._doc, project)
        self._first_drawn = False
        self._find.clear()
        self._current = 0
        had_selection, had_passage = self._selection is not None, self._selected_passage
        self._selection = None
        self._selected_passage = None
        self._mouse.reset()
        self._reload_marks()
        self._relayout()
        self._refit()
        self.verticalScrollBar().setValue(0)
        self._schedule()
        if had_selection:
            self.selectionChanged.emit()
        if had_passage is not None:
            self.passageSelected.emit(None)
        self.currentPageChanged.emit(0)

    def page_count(self) -> int:
        return len(self._layout)

    def page_layout(self) -> PageLayout:
        return self._layout

    # --- pages and scrolling ---------------------------------------------------------------

    def current_page(self) -> int:
        return self._current

    def go_to_page(self, index: int) -> None:
        if not len(self._layout):
            return
        index = max(0, min(index, len(self._layout) - 1))
        self._scrolling_to_page = True
        try:
            self.verticalScrollBar().setValue(round(self._layout.tops[index] - GAP))
        finally:
            self._scrolling_to_page = False
        self._set_current(index)
        self._schedule()

    def go_to_passage(self, passage_id: int) -> None:
        project = self.context.project
        if project is None or self._doc is None:
            return
        passage = self._marks.passages.get(passage_id) or project.passages.get(passage_id)
        if passage.study_id != self._doc.study_id:
            return
        boxes = boxes_on(passage, passage.start_page)
        if boxes:
            self.reveal(passage.start_page, boxes[0].top, boxes[-1].bottom)
        else:
            self.go_to_page(passage.start_page)
        self.select_passage(passage_id)

    def reveal(self, page: int, top: float, bottom: float) -> None:
        """Scroll so that a band of a page (points) is in view, a third down if it moves."""
        _, y0 = self._layout.to_scene(page, 0, top)
        _, y1 = self._layout.to_scene(page, 0, bottom)
        visible = self.visible_scene_rect()
        if visible.top() <= y0 and y1 <= visible.bottom():
            return
        self.verticalScrollBar().setValue(round(y0 - self.viewport().height() / 3))

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def map_from_page(self, page: int, x: float, y: float) -> QPoint:
        """Viewport coordinates of a point on a page (points from its top-left)."""
        sx, sy = self._layout.to_scene(page, x, y)
        return self.mapFromScene(QPointF(sx, sy))

    def map_to_page(self, pos: QPoint, page: int | None = None) -> tuple[int, float, float] | None:
        """The page under a viewport point (or the nearest) and the point on it, in points."""
        if not len(self._layout):
            return None
        scene = self.mapToScene(pos)
        return self._layout.from_scene(scene.x(), scene.y(), page)

    def _on_scrolled(self) -> None:
        if not self._scrolling_to_page and len(self._layout):
            self._set_current(self._most_visible_page())
        self._schedule()

    def _most_visible_page(self) -> int:
        rect = self.visible_scene_rect()
        best, best_overlap = self._current, -1.0
        for page in self._layout.visible(rect.top(), rect.bottom()):
            _, y, _, h = self._layout.page_rect(page)
            overlap = min(rect.bottom(), y + h) - max(rect.top(), y)
            if overlap > best_overlap + 0.5:
                best, best_overlap = page, overlap
        return best

    def _set_current(self, page: int) -> None:
        if page != self._current:
            self._current = page
            self.currentPageChanged.emit(page)

    # --- zoom ------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self._zoom

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def fit_mode(self) -> str | None:
        """"width" or "page" while the zoom follows the window, None after a manual zoom."""
        return self._fit

    def fit_width(self) -> None:
        if len(self._layout):
            self.set_zoom(fit_width_zoom(self._layout.sizes, self._usable_width()), fit="width")

    def fit_page(self) -> None:
        if not len(self._layout):
            return
        page = self._current
        viewport = (self._usable_width(), float(self.viewport().height()))
        self.set_zoom(fit_page_zoom(self._layout.sizes[page], viewport), fit="page")
        self.go_to_page(page)

    def _refit(self) -> None:
        if self._fit == "width":
            self.fit_width()
        elif self._fit == "page":
            self.fit_page()

    def _usable_width(self) -> float:
        width = float(self.viewport().width())
        if not self.verticalScrollBar().isVisible():
            # Zooming in will bring the scroll bar; leave room for it now.
            width -= self.verticalScrollBar().sizeHint().width()
        return width

    def set_zoom(
        self, factor: float, anchor: QPoint | None = None, fit: str | None = None
    ) -> None:
        """Zoom (1.0 = printed size) keeping the point under `anchor` (default: centre) still.

        `fit` says the zoom follows the window ("width" or "page"); a plain zoom ends that.
        """
        self._fit = fit
        factor = clamp_zoom(factor)
        if abs(factor - self._zoom) < 1e-6:
            return
        if anchor is None:
            anchor = self.viewport().rect().center()
        held = self.map_to_page(anchor)
        self._zoom = factor
        self._relayout()
        if held is not None:
            sx, sy = self._layout.to_scene(*held)
            self.horizontalScrollBar().setValue(round(sx - anchor.x()))
            self.verticalScrollBar().setValue(round(sy - anchor.y()))
        self._schedule()
        self.zoomChanged.emit(factor)

    def _relayout(self) -> None:
        sizes = self._doc.sizes if self._doc is not None else []
        self._layout = PageLayout(sizes, self._zoom)
        self._stripes.clear()
        scene = self.scene()
        if len(self._items) != len(sizes) or not sizes:
            for item in self._items:
                scene.removeItem(item)
            self._items = [PageItem(i, self._paint_page) for i in range(len(sizes))]
            for item in self._items:
                scene.addItem(item)
        for item in self._items:
            x, y, w, h = self._layout.page_rect(item.index)
            item.setPos(x, y)
            item.set_size(w, h)
        scene.setSceneRect(0, 0, self._layout.width, self._layout.height)
        self.viewport().update()

    # --- rendering -------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._schedule_timer.start()

    def _device_scale(self, page: int) -> float:
        w, h = self._layout.sizes[page]
        scale = self._layout.scale * self.devicePixelRatioF()
        return min(scale, (MAX_IMAGE_PIXELS / max(1.0, w * h)) ** 0.5)

    def is_rendered(self, page: int) -> bool:
        """True when the page's image at the current zoom is in the cache."""
        return self._doc is not None and self._renderer.is_rendered(page, self._device_scale(page))

    def _request_visible(self) -> None:
        if self._doc is None or not len(self._layout):
            return
        rect = self.visible_scene_rect()
        visible = self._layout.visible(rect.top(), rect.bottom())
        # One page ahead, so that scrolling on meets a finished image.
        pages = range(visible.start, min(visible.stop + 1, len(self._layout)))
        scales = {page: self._device_scale(page) for page in pages}
        self._renderer.request(scales, self.devicePixelRatioF())

    def _on_page_ready(self, page: int) -> None:
        if page < len(self._items):
            self._items[page].update()

    # --- painting --------------------------------------------------------------------------

    def _paint_page(self, painter: QPainter, page: int, width: float, height: float) -> None:
        doc = self._doc
        if doc is None:
            return
        image = self._renderer.image(page, self._device_scale(page))
        if paint_image(painter, image, width, height) and not self._first_drawn:
            self._first_drawn = True
            # Not from inside paint: a slot might repaint or re-enter the view.
            QTimer.singleShot(0, self.firstPageDrawn.emit)
        failure = self._renderer.failure(page)
        if image is None and failure:
            painter.setPen(QColor("#a00000"))
            painter.drawText(
                QRectF(0, 0, width, height),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                f"Page {page + 1} could not be drawn: {failure}",
            )
        scale = self._layout.scale
        paint_passages(painter, page, self._marks, scale, self._selected_passage)
        paint_overlay(painter, self._overlay(page), scale)
        paint_stripes(painter, self.stripes(page), scale, self._selected_passage)

    def _overlay(self, page: int) -> PageOverlay:
        assert self._doc is not None
        overlay = PageOverlay(selected_passage=self._selected_passage)
        words = self._doc.loaded_words(page)
        sel = self._selection
        if isinstance(sel, TextSelection):
            span = span_on_page(sel, page, _WHOLE_PAGE)
            if span is not None:
                overlay.selection_boxes = line_boxes(page, words_in_span(words, *span))
        elif isinstance(sel, RegionSelection) and sel.page == page:
            overlay.region = sel.rect
        band = self._mouse.rubber_band()
        if band is not None and band[0] == page:
            overlay.region = band[1]
        for hit, current in self._find.on_page(page):
            for box in line_boxes(page, words_in_span(words, *hit.span_on(page))):
                overlay.hit_boxes.append((box, current))
        return overlay

    def stripes(self, page: int) -> list[Stripe]:
        if page not in self._stripes:
            self._stripes[page] = self._marks.stripes(page)
        return self._stripes[page]

    def _update_pages(self) -> None:
        self.viewport().update()

    # --- passages --------------------------------------------------------------------------

    def marks(self) -> PassageMarks:
        return self._marks

    def selected_passage(self) -> int | None:
        return self._selected_passage

    def select_passage(self, passage_id: int | None) -> None:
        if passage_id == self._selected_passage:
            return
        self._selected_passage = passage_id
        self._update_pages()
        self.passageSelected.emit(passage_id)

    def set_theme_filter(self, theme_id: int | None) -> None:
        """Highlight only passages whose factors map to this theme (None: all passages)."""
        self._theme_id = theme_id
        self._reload_marks()

    def theme_filter(self) -> int | None:
        return self._theme_id

    def _reload_marks(self) -> None:
        project, doc = self.context.project, self._doc
        if project is None or doc is None:
            self._marks = PassageMarks([], {})
        else:
            passages: list[Passage] = project.passages.list(study_id=doc.study_id)
            codes = {code.id: code for code in project.codebook.list()}
            allowed = None
            if self._theme_id is not None:
                allowed = set(project.frameworks.codes_of(self._theme_id))
            self._marks = PassageMarks(passages, codes, allowed)
        self._stripes.clear()
        self._update_pages()

    def _on_changed(self, change: Change) -> None:
        doc = self._doc
        if doc is None:
            return
        if change.study_id is not None and change.study_id != doc.study_id:
            return
        if change.kinds & {"passages", "codes", "frameworks"}:
            self._reload_marks()
            gone = self._selected_passage
            if gone is not None and self.context.project is not None:
                ids = {p.id for p in self.context.project.passages.list(study_id=doc.study_id)}
                if gone not in ids:
                    self.select_passage(None)

    # --- selection -------------------------------------------------------------------------

    def selection(self) -> Selection | None:
        return self._selection

    def set_selection(self, selection: Selection | None) -> None:
        if selection == self._selection:
            return
        self._selection = selection
        self._update_pages()
        self.selectionChanged.emit()

    def clear_selection(self) -> None:
        self._mouse.reset()
        self.set_selection(None)

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
        """Mark every hit of a phrase in this study; returns how many there are."""
        project, doc = self.context.project, self._doc
        if project is None or doc is None or not phrase.strip():
            self.clear_find()
            return 0
        self._find.set(project.search.find(phrase, study_id=doc.study_id, ignore_case=ignore_case))
        self._update_pages()
        return len(self._find.hits)

    def find_hits(self) -> list[Hit]:
        return list(self._find.hits)

    def current_hit(self) -> Hit | None:
        find = self._find
        return find.hits[find.current] if 0 <= find.current < len(find.hits) else None

    def find_next(self) -> Hit | None:
        return self._step_find(True)

    def find_previous(self) -> Hit | None:
        return self._step_find(False)

    def _step_find(self, forward: bool) -> Hit | None:
        hit = self._find.step(forward, self._current)
        if hit is not None and self._doc is not None:
            words = words_in_span(self._doc.words(hit.page), *hit.span_on(hit.page))
            boxes = line_boxes(hit.page, words)
            if boxes:
                self.reveal(hit.page, boxes[0].top, boxes[-1].bottom)
            else:
                self.go_to_page(hit.page)
        self._update_pages()
        return hit

    def clear_find(self) -> None:
        self._find.clear()
        self._update_pages()

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
        self._refit()
        self._schedule()
