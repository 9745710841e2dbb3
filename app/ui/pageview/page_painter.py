"""Painting one page item: the image, then the coded passages, hits, selection and stripes.

Reads the state the other parts keep (images, passages, selection, find hits, the rubber
band of a region drag) and draws it; it changes none of it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPainter

from app.core.geometry import line_boxes
from app.ui.pageview.document import StudyDocument
from app.ui.pageview.find import FindState
from app.ui.pageview.handles import handles_of
from app.ui.pageview.navigation import PageNavigator
from app.ui.pageview.painting import (
    PageOverlay,
    paint_blank_page,
    paint_grips,
    paint_image,
    paint_overlay,
    paint_passages,
    paint_stripes,
)
from app.ui.pageview.passage_layer import PassageLayer
from app.ui.pageview.schedule import RenderScheduler
from app.ui.pageview.selection import (
    RegionSelection,
    TextSelection,
    span_on_page,
    words_in_span,
)
from app.ui.pageview.selection_state import SelectionState

Band = tuple[int, tuple[float, float, float, float]]  # page, rectangle in points
_WHOLE_PAGE = 1 << 30
CONTEXT = 40  # characters either side of a hit listed on a page that could not be drawn


class PagePainter(QObject):
    firstPageDrawn = Signal()

    def __init__(
        self,
        parent: QObject,
        document: Callable[[], StudyDocument | None],
        navigator: PageNavigator,
        images: RenderScheduler,
        passages: PassageLayer,
        selection: SelectionState,
        find: FindState,
        band: Callable[[], Band | None],
    ):
        super().__init__(parent)
        self._document = document
        self._navigator = navigator
        self._images = images
        self._passages = passages
        self._selection = selection
        self._find = find
        self._band = band
        self._first_drawn = False

    def reset(self) -> None:
        """A new study: the next image drawn is its first."""
        self._first_drawn = False

    def paint(self, painter: QPainter, page: int, width: float, height: float) -> None:
        if self._document() is None:
            return
        image = self._images.image(page)
        if paint_image(painter, image, width, height) and not self._first_drawn:
            self._first_drawn = True
            # Not from inside paint: a slot might repaint or re-enter the view.
            QTimer.singleShot(0, self.firstPageDrawn.emit)
        scale = self._navigator.layout.scale
        selected = self._passages.selected()
        if self.blank(page):
            # Boxes on a blank page would point at nothing: say why, and list the hits.
            paint_blank_page(
                painter, width, height, page, self._images.failure(page) or "", self.listed(page)
            )
        else:
            paint_passages(painter, page, self._passages.marks, scale, selected)
        paint_overlay(painter, self.overlay(page), scale)
        paint_stripes(painter, self._passages.stripes(page), scale, selected)
        passage = None if selected is None else self._passages.find(selected)
        if passage is not None and not self._selection.get():
            paint_grips(painter, [h for h in handles_of(passage) if h.page == page], scale)

    def blank(self, page: int) -> bool:
        """Whether the page shows blank because it could not be drawn."""
        return self._images.image(page) is None and bool(self._images.failure(page))

    def listed(self, page: int) -> list[str]:
        """The find hits of a page that could not be drawn, each in a little context."""
        doc = self._document()
        hits = self._find.on_page(page)
        if doc is None or not hits:
            return []
        text = doc.text(page) or doc.project.studies.text(doc.study_id, page)
        lines = []
        for hit, current in hits:
            lo, hi = hit.span_on(page)
            hi = min(hi, len(text))
            before = " ".join(text[max(0, lo - CONTEXT) : lo].split())
            after = " ".join(text[hi : hi + CONTEXT].split())
            found = " ".join(text[lo:hi].split())
            mark = "▶ " if current else "• "
            lines.append(f"{mark}…{before} [{found}] {after}…")
        return lines

    def overlay(self, page: int) -> PageOverlay:
        doc = self._document()
        overlay = PageOverlay(selected_passage=self._passages.selected())
        if doc is None:
            return overlay
        words = doc.words(page)
        sel = self._selection.get()
        if isinstance(sel, TextSelection):
            span = span_on_page(sel, page, _WHOLE_PAGE)
            if span is not None:
                overlay.selection_boxes = line_boxes(page, words_in_span(words, *span))
        elif isinstance(sel, RegionSelection) and sel.page == page:
            overlay.region = sel.rect
        band = self._band()
        if band is not None and band[0] == page:
            overlay.region = band[1]
        if self.blank(page):
            return overlay  # nothing to box: the hits are listed instead
        for hit, current in self._find.on_page(page):
            for box in line_boxes(page, words_in_span(words, *hit.span_on(page))):
                overlay.hit_boxes.append((box, current))
        return overlay
