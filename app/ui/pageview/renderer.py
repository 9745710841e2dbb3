"""The render pipeline of the page view: what to render, the worker pool, the image cache.

The view says which pages it shows and at what scale; this asks the pool for what is missing
(an image at that scale, word boxes not yet fetched) and reports each page whose image or
words arrived. Results for a zoom or study that has been left are dropped on arrival.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QImage

from app.core.page_words import PageWords
from app.core.project import Project
from app.ui.pageview.cache import DEFAULT_LIMIT, CacheKey, ImageCache, scale_key
from app.ui.pageview.document import StudyDocument
from app.ui.pageview.worker import Job, RenderBridge, RenderTask, WantedKeys


class PageRenderer(QObject):
    pageReady = Signal(int)  # a page's image or its word boxes arrived
    wantedAgain = Signal()  # a skipped page is on screen again: ask anew

    def __init__(self, parent: QObject | None = None, cache_limit: int = DEFAULT_LIMIT):
        super().__init__(parent)
        # Created before the bridge, so destroyed (and its running task finished) first.
        self._pool = QThreadPool(self)
        # pdfium is serialised by one lock, so more threads would only queue on it.
        self._pool.setMaxThreadCount(1)
        self._bridge = RenderBridge(self)
        self._bridge.rendered.connect(self._on_rendered)
        self._bridge.wordsReady.connect(self._on_words)
        self._bridge.failed.connect(self._on_failed)
        self.cache = ImageCache(cache_limit)
        self._wanted = WantedKeys()
        self._latest: dict[int, CacheKey] = {}  # per page, the key last asked for
        self._inflight: set[CacheKey] = set()
        self._words_inflight: set[int] = set()
        self._failed: dict[int, str] = {}
        self._doc: StudyDocument | None = None
        self._project: Project | None = None
        self._dpr = 1.0

    def start(self, doc: StudyDocument | None, project: Project | None) -> None:
        """Forget the previous study's queue (its images stay cached for a return visit)."""
        self._pool.clear()
        if doc is None:
            # The project is closing (or the window): let the page in hand finish, so that
            # no task outlives its project or, at exit, the interpreter.
            self._pool.waitForDone()
        self._wanted.replace(())
        self._latest.clear()
        self._inflight.clear()
        self._words_inflight.clear()
        self._failed.clear()
        self._doc, self._project = doc, project

    def stop(self) -> None:
        """Forget the queue and wait for the task running now: its project is closing."""
        self.start(None, None)
        self._pool.waitForDone()

    def busy(self) -> bool:
        """Whether images or word boxes asked for are still on their way."""
        return bool(self._inflight or self._words_inflight)

    def key(self, page: int, scale: float) -> CacheKey:
        study_id = self._doc.study_id if self._doc is not None else -1
        return (study_id, page, scale_key(scale))

    def image(self, page: int, scale: float) -> QImage | None:
        """The page at this scale, else at another scale as a stand-in, else None."""
        image = self.cache.get(self.key(page, scale))
        if image is None and self._doc is not None:
            image = self.cache.stand_in(self._doc.study_id, page)
        return image

    def is_rendered(self, page: int, scale: float) -> bool:
        return self.key(page, scale) in self.cache

    def failure(self, page: int) -> str | None:
        return self._failed.get(page)

    def request(self, scales: dict[int, float], device_pixel_ratio: float) -> None:
        """Render these pages at these scales (device pixels per point); others may wait."""
        doc, project = self._doc, self._project
        if doc is None or project is None:
            return
        self._dpr = device_pixel_ratio
        keys = {page: self.key(page, scale) for page, scale in scales.items()}
        self._latest.update(keys)
        self._wanted.replace(keys.values())
        for page, key in keys.items():
            want_image = (
                key not in self.cache and key not in self._inflight and page not in self._failed
            )
            want_words = (
                doc.has_text(page) and not doc.has_words(page) and page not in self._words_inflight
            )
            if not (want_image or want_words):
                continue
            if want_image:
                self._inflight.add(key)
            if want_words:
                self._words_inflight.add(page)
            job = Job(key, scales[page], want_image, want_words)
            self._pool.start(RenderTask(job, doc.source, project, self._bridge, self._wanted))

    def _current(self, study_id: int) -> bool:
        return self._doc is not None and self._doc.study_id == study_id

    def _on_rendered(self, key: CacheKey, image: object) -> None:
        self._inflight.discard(key)
        if image is None:
            if key in self._wanted:
                self.wantedAgain.emit()
            return
        if not self._current(key[0]) or self._latest.get(key[1]) != key:
            return  # rendered for a study or zoom that has since been left
        assert isinstance(image, QImage)
        image.setDevicePixelRatio(self._dpr)
        self.cache.put(key, image)
        self.pageReady.emit(key[1])

    def _on_words(self, study_id: int, page: int, words: object, text: str) -> None:
        if not self._current(study_id) or not isinstance(words, PageWords):
            return
        self._words_inflight.discard(page)
        assert self._doc is not None
        if not self._doc.has_words(page):
            self._doc.set_words(page, words.words, text, words.unavailable, words.lasting)
        self.pageReady.emit(page)

    def _on_failed(self, key: CacheKey, message: str) -> None:
        if not self._current(key[0]):
            return
        self._inflight.discard(key)
        self._words_inflight.discard(key[1])
        self._failed[key[1]] = message
        self.pageReady.emit(key[1])
