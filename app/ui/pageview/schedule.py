"""What to render: the pages in view (and one ahead) at the scale the screen needs.

Asks once per turn of the event loop however often the view moved, so a scroll or a zoom
drag queues one request, not one per pixel.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsView

from app.core.project import Project
from app.ui.pageview.cache import DEFAULT_LIMIT, ImageCache
from app.ui.pageview.document import StudyDocument
from app.ui.pageview.navigation import PageNavigator
from app.ui.pageview.renderer import PageRenderer

# Far beyond any sharpness a screen shows; keeps one page image under about 240 MB.
MAX_IMAGE_PIXELS = 60_000_000


class RenderScheduler(QObject):
    pageReady = Signal(int)  # a page's image or word boxes arrived

    def __init__(
        self,
        view: QGraphicsView,
        navigator: PageNavigator,
        cache_limit: int = DEFAULT_LIMIT,
    ):
        super().__init__(view)
        self._view = view
        self._navigator = navigator
        self._renderer = PageRenderer(self, cache_limit)
        self._renderer.pageReady.connect(self.pageReady)
        self._renderer.wantedAgain.connect(self.schedule)
        self._doc: StudyDocument | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._request_visible)
        navigator.moved.connect(self.schedule)

    @property
    def cache(self) -> ImageCache:
        return self._renderer.cache

    def start(self, doc: StudyDocument | None, project: Project | None) -> None:
        self._doc = doc
        self._renderer.start(doc, project)
        self.schedule()

    def stop(self) -> None:
        """Drop what is queued and wait for the page being drawn (closing its project)."""
        self._doc = None
        self._renderer.stop()

    def schedule(self) -> None:
        self._timer.start()

    def busy(self) -> bool:
        """Whether a request is pending or images and word boxes are on their way."""
        return self._timer.isActive() or self._renderer.busy()

    def device_scale(self, page: int) -> float:
        layout = self._navigator.layout
        w, h = layout.sizes[page]
        scale = layout.scale * self._view.devicePixelRatioF()
        return min(scale, (MAX_IMAGE_PIXELS / max(1.0, w * h)) ** 0.5)

    def image(self, page: int) -> QImage | None:
        return self._renderer.image(page, self.device_scale(page))

    def failure(self, page: int) -> str | None:
        return self._renderer.failure(page)

    def is_rendered(self, page: int) -> bool:
        """True when the page's image at the current zoom is in the cache."""
        return self._doc is not None and self._renderer.is_rendered(page, self.device_scale(page))

    def _request_visible(self) -> None:
        layout = self._navigator.layout
        if self._doc is None or not len(layout):
            return
        visible = self._navigator.visible_pages()
        # One page ahead, so that scrolling on meets a finished image.
        pages = range(visible.start, min(visible.stop + 1, len(layout)))
        scales = {page: self.device_scale(page) for page in pages}
        self._renderer.request(scales, self._view.devicePixelRatioF())
