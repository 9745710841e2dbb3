"""Where the pages sit and which part of them shows: layout, zoom, fitting, scrolling.

One scene item per page, placed in logical pixels at the current zoom (no view transform),
so each rendered image is drawn 1:1 and stays sharp. The navigator keeps the current page
(the one most in view) and says when what is visible may have changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QPointF, QRectF, Signal
from PySide6.QtWidgets import QGraphicsView

from app.ui.pageview.items import PageItem, PaintPage
from app.ui.pageview.layout import GAP, PageLayout, clamp_zoom, fit_page_zoom, fit_width_zoom

ZOOM_STEP = 1.2


class PageNavigator(QObject):
    currentPageChanged = Signal(int)
    zoomChanged = Signal(float)
    moved = Signal()  # scrolled, zoomed or laid out anew: other pages may be in view

    def __init__(self, view: QGraphicsView, paint_page: PaintPage):
        super().__init__(view)
        self._view = view
        self._paint_page = paint_page
        self._sizes: list[tuple[float, float]] = []
        self.layout = PageLayout([], 1.0)
        self._items: list[PageItem] = []
        self._zoom = 1.0
        self._fit: str | None = "width"  # a new window shows pages as wide as it is
        self._current = 0
        self._scrolling_to_page = False
        view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        view.horizontalScrollBar().valueChanged.connect(self.moved)

    # --- pages -----------------------------------------------------------------------------

    def show_pages(self, sizes: list[tuple[float, float]]) -> None:
        """Lay out another study's pages (points), at the top, fitted as before."""
        self._sizes = list(sizes)
        self._current = 0
        self._relayout()
        self.refit()
        self._view.verticalScrollBar().setValue(0)
        self.moved.emit()
        self.currentPageChanged.emit(0)

    def page_count(self) -> int:
        return len(self.layout)

    def update_page(self, page: int) -> None:
        """Repaint one page (and its stripe margin)."""
        if 0 <= page < len(self._items):
            self._items[page].update()

    def update_all(self) -> None:
        self._view.viewport().update()

    # --- where things are ------------------------------------------------------------------

    def current_page(self) -> int:
        return self._current

    def visible_scene_rect(self) -> QRectF:
        view = self._view
        return view.mapToScene(view.viewport().rect()).boundingRect()

    def visible_pages(self) -> range:
        rect = self.visible_scene_rect()
        return self.layout.visible(rect.top(), rect.bottom())

    def map_from_page(self, page: int, x: float, y: float) -> QPoint:
        """Viewport coordinates of a point on a page (points from its top-left)."""
        sx, sy = self.layout.to_scene(page, x, y)
        return self._view.mapFromScene(QPointF(sx, sy))

    def map_to_page(self, pos: QPoint, page: int | None = None) -> tuple[int, float, float] | None:
        """The page under a viewport point (or the nearest) and the point on it, in points."""
        if not len(self.layout):
            return None
        scene = self._view.mapToScene(pos)
        return self.layout.from_scene(scene.x(), scene.y(), page)

    # --- moving ----------------------------------------------------------------------------

    def go_to_page(self, index: int) -> None:
        if not len(self.layout):
            return
        index = max(0, min(index, len(self.layout) - 1))
        self._scrolling_to_page = True
        try:
            self._view.verticalScrollBar().setValue(round(self.layout.tops[index] - GAP))
        finally:
            self._scrolling_to_page = False
        self._set_current(index)
        self.moved.emit()

    def reveal(self, page: int, top: float, bottom: float) -> None:
        """Scroll so that a band of a page (points) is in view, a third down if it moves."""
        _, y0 = self.layout.to_scene(page, 0, top)
        _, y1 = self.layout.to_scene(page, 0, bottom)
        visible = self.visible_scene_rect()
        if visible.top() <= y0 and y1 <= visible.bottom():
            return
        self._view.verticalScrollBar().setValue(round(y0 - self._view.viewport().height() / 3))

    def top_position(self) -> tuple[int, float] | None:
        """The page at the viewport's top edge and how far down it that edge is (points)."""
        if not len(self.layout):
            return None
        view = self._view
        scene = view.mapToScene(QPoint(view.viewport().width() // 2, 0))
        page, _, y = self.layout.from_scene(scene.x(), scene.y())
        return page, max(0.0, y)

    def scroll_to_position(self, page: int, top: float) -> None:
        """Scroll so that a point `top` points down a page is at the viewport's top edge."""
        if not len(self.layout):
            return
        page = max(0, min(page, len(self.layout) - 1))
        _, y = self.layout.to_scene(page, 0, max(0.0, top))
        bar = self._view.verticalScrollBar()
        # A point near the end may not reach the top edge: the page still ends in view.
        bar.setValue(round(y - GAP) if top <= 0 else round(y))
        self.moved.emit()

    def scroll_by(self, pixels: int) -> None:
        bar = self._view.verticalScrollBar()
        bar.setValue(bar.value() + pixels)

    def _on_scrolled(self) -> None:
        if not self._scrolling_to_page and len(self.layout):
            self._set_current(self._most_visible_page())
        self.moved.emit()

    def _most_visible_page(self) -> int:
        rect = self.visible_scene_rect()
        best, best_overlap = self._current, -1.0
        for page in self.layout.visible(rect.top(), rect.bottom()):
            _, y, _, h = self.layout.page_rect(page)
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
        """How the zoom follows the window ("width", "page"), None after a manual zoom."""
        return self._fit

    def fit_width(self) -> None:
        if len(self.layout):
            self.set_zoom(fit_width_zoom(self.layout.sizes, self._usable_width()), fit="width")

    def fit_page(self) -> None:
        if not len(self.layout):
            return
        page = self._current
        viewport = (self._usable_width(), float(self._view.viewport().height()))
        self.set_zoom(fit_page_zoom(self.layout.sizes[page], viewport), fit="page")
        self.go_to_page(page)

    def refit(self) -> None:
        """Follow the window's size again, if the zoom is fitted."""
        if self._fit == "width":
            self.fit_width()
        elif self._fit == "page":
            self.fit_page()

    def _usable_width(self) -> float:
        bar = self._view.verticalScrollBar()
        width = float(self._view.viewport().width())
        if not bar.isVisible():
            # Zooming in will bring the scroll bar; leave room for it now.
            width -= bar.sizeHint().width()
        return width

    def set_zoom(self, factor: float, anchor: QPoint | None = None, fit: str | None = None) -> None:
        """Zoom (1.0 = printed size) keeping the point under `anchor` (default: centre) still.

        `fit` says the zoom follows the window ("width" or "page"); a plain zoom ends that.
        """
        self._fit = fit
        factor = clamp_zoom(factor)
        if abs(factor - self._zoom) < 1e-6:
            return
        if anchor is None:
            anchor = self._view.viewport().rect().center()
        held = self.map_to_page(anchor)
        self._zoom = factor
        self._relayout()
        if held is not None:
            sx, sy = self.layout.to_scene(*held)
            self._view.horizontalScrollBar().setValue(round(sx - anchor.x()))
            self._view.verticalScrollBar().setValue(round(sy - anchor.y()))
        self.moved.emit()
        self.zoomChanged.emit(factor)

    def _relayout(self) -> None:
        self.layout = PageLayout(self._sizes, self._zoom)
        scene = self._view.scene()
        if len(self._items) != len(self._sizes) or not self._sizes:
            for item in self._items:
                scene.removeItem(item)
            self._items = [PageItem(i, self._paint_page) for i in range(len(self._sizes))]
            for item in self._items:
                scene.addItem(item)
        for item in self._items:
            x, y, w, h = self.layout.page_rect(item.index)
            item.setPos(x, y)
            item.set_size(w, h)
        scene.setSceneRect(0, 0, self.layout.width, self.layout.height)
        self._view.viewport().update()
