"""Page images and word boxes made off the GUI thread.

A task fetches a page's word boxes if asked (the core computes and stores them on first
use), then renders the page at one scale: words first, so that the page can be selected as
soon as it shows. pdfium runs here, never on the GUI thread: the task touches no widget, and
its results travel back by the bridge's signals, queued onto the GUI thread. A task whose
page scrolled out of view, or whose zoom or study was left, skips the image.
The project's own document cache keeps the PDF open between tasks.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Signal, SignalInstance
from PySide6.QtGui import QImage

from app.core.project import Project
from app.ui.pageview.cache import CacheKey


@dataclass(frozen=True)
class PdfSource:
    data: bytes
    password: str | None
    sha256: str


@dataclass(frozen=True)
class Job:
    key: CacheKey  # study id, page, scale key
    scale: float  # device pixels per point
    want_image: bool
    want_words: bool


class WantedKeys:
    """The keys the view still wants, shared with workers; replaced whenever the view moves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: frozenset[CacheKey] = frozenset()

    def replace(self, keys: Iterable[CacheKey]) -> None:
        with self._lock:
            self._keys = frozenset(keys)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._keys


class RenderBridge(QObject):
    rendered = Signal(object, object)  # CacheKey, QImage or None when skipped
    wordsReady = Signal(int, int, object, str)  # study id, page, PageWords, page text
    failed = Signal(object, str)  # CacheKey, message


def to_qimage(width: int, height: int, stride: int, data: bytes) -> QImage:
    # BGRA bytes on a little-endian machine are ARGB32 words (see app.pdf.render); every
    # pixel is opaque, so the premultiplied format is the same bytes and paints faster.
    image = QImage(data, width, height, stride, QImage.Format.Format_ARGB32_Premultiplied)
    return image.copy()  # own the pixels: `data` dies with this frame


class RenderTask(QRunnable):
    def __init__(
        self,
        job: Job,
        source: PdfSource,
        project: Project,
        bridge: RenderBridge,
        wanted: WantedKeys,
    ):
        super().__init__()
        self.job = job
        self.source = source
        self.project = project
        self.bridge = bridge
        self.wanted = wanted

    def run(self) -> None:
        job = self.job
        study_id, page, _ = job.key
        try:
            if job.want_words:
                words = self.project.studies.page_words(study_id, page)
                text = self.project.studies.text(study_id, page)
                self._emit(self.bridge.wordsReady, study_id, page, words, text)
            if job.want_image:
                image = None  # skipped: the view moved on before this task started
                if job.key in self.wanted:
                    from app.pdf.render import render_page

                    source = self.source
                    bitmap = render_page(
                        source.data,
                        source.password,
                        page,
                        job.scale,
                        key=source.sha256,
                        cache=self.project.pdfs,
                    )
                    image = to_qimage(bitmap.width, bitmap.height, bitmap.stride, bitmap.data)
                self._emit(self.bridge.rendered, job.key, image)
        except Exception as exc:  # a damaged page or a closed project: report, do not crash
            self._emit(self.bridge.failed, job.key, str(exc) or type(exc).__name__)

    @staticmethod
    def _emit(signal: SignalInstance, *args: object) -> None:
        # The bridge may have gone away with its view (window closed mid-render).
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)
