"""Mouse and keys over the page view: selecting text and regions, clicking passages, dragging.

A press starts one of four gestures, decided at once from where it lands and the modifiers:
- text: drag from the word nearest the press to the word nearest the pointer (reading order);
- region: Alt held, region mode on, a page without a text layer, or one whose words cannot
  be selected: drag a rectangle;
- move-selection: a press inside the current text selection; dragging starts a QDrag so the
  selection can be dropped on a factor elsewhere;
- resize: a press on a grip of the selected passage (its start or end, a region's corner);
  the drag shows the new extent and the release asks for the passage to be resized;
- a press that never moves is a click: it selects the passage under it, or clears.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip

from app.core.geometry import nearest_word, word_at
from app.core.page_numbers import page_range
from app.core.types import Passage
from app.ui.pageview.handles import Handle
from app.ui.pageview.painting import BAR_PX, stripe_x
from app.ui.pageview.resizing import grip_under, preview, resized_region, resized_span
from app.ui.pageview.selection import (
    SELECTION_MIME,
    RegionSelection,
    TextSelection,
    WordRef,
    contains,
    normal_rect,
    text_selection,
)
from app.ui.pageview.tooltips import passage_tooltip

if TYPE_CHECKING:
    from app.ui.pageview.view import PageView

ZOOM_STEP = 1.2
_EDGE = 24  # pixels from the viewport's top or bottom where a drag scrolls on
_MIN_REGION = 2.0  # points; anything smaller was a click


@dataclass
class _Press:
    pos: QPoint
    page: int
    point: tuple[float, float]  # on the page, in points
    mode: str  # "text", "region", "move-selection" or "resize"
    anchor: WordRef | None = None
    moved: bool = False
    grip: Handle | None = None  # the grip being dragged (resize)
    resize_to: tuple[int, int, int, int] | tuple[float, float, float, float] | None = None


class MouseTool:
    def __init__(self, view: PageView):
        self.view = view
        self.region_mode = False
        self._press: _Press | None = None
        self._anchor: WordRef | None = None
        self._band: tuple[int, tuple[float, float, float, float]] | None = None
        self._last_pos: QPoint | None = None
        self._autoscroll = QTimer(view)
        self._autoscroll.setInterval(30)
        self._autoscroll.timeout.connect(self._autoscroll_step)

    def reset(self) -> None:
        self._press = None
        self._anchor = None
        self._band = None
        self._autoscroll.stop()

    def rubber_band(self) -> tuple[int, tuple[float, float, float, float]] | None:
        return self._band

    # --- hit tests -------------------------------------------------------------------------

    def nearest(self, pos: QPoint) -> WordRef | None:
        """The word nearest a viewport point, on the page under it (or the nearest page)."""
        doc, hit = self.view.document(), self.view.map_to_page(pos)
        if doc is None or hit is None:
            return None
        page, x, y = hit
        index = nearest_word(doc.words(page), x, y)
        return None if index is None else WordRef(page, index)

    def passages_at(self, pos: QPoint) -> list[Passage]:
        """Passages under a point: their highlight, or their stripe in the margin."""
        hit = self.view.map_to_page(pos)
        if hit is None:
            return []
        page, x, y = hit
        marks = self.view.marks()
        found = marks.at(page, x, y)
        scale = self.view.page_layout().scale
        for stripe in self.view.stripes(page):
            left = stripe_x(stripe.lane)
            if (
                left - 2 <= x * scale <= left + BAR_PX + 2
                and stripe.top <= y <= stripe.bottom
                and stripe.passage_id in marks.passages
            ):
                found.append(marks.passages[stripe.passage_id])
        return found

    def grip_at(self, pos: QPoint) -> Handle | None:
        return grip_under(self.view, pos)

    def _inside_selection(self, sel: TextSelection, page: int, x: float, y: float) -> bool:
        doc = self.view.document()
        if doc is None:
            return False
        words = doc.words(page)
        index = word_at(words, x, y)
        return index is not None and contains(sel, page, words[index].start)

    def _anchor_of(self, sel: TextSelection) -> WordRef | None:
        """The first word of a selection made elsewhere (e.g. set by the program)."""
        doc = self.view.document()
        if doc is None:
            return None
        for index, word in enumerate(doc.words(sel.start_page)):
            if word.end > sel.start_offset:
                return WordRef(sel.start_page, index)
        return None

    # --- mouse -----------------------------------------------------------------------------

    def press(self, event: QMouseEvent) -> bool:
        view, doc = self.view, self.view.document()
        pos = event.position().toPoint()
        hit = view.map_to_page(pos)
        if event.button() != Qt.MouseButton.LeftButton or doc is None or hit is None:
            return False
        page, x, y = hit
        mods = event.modifiers()
        info = doc.pages[page]
        grip = self.grip_at(pos)
        if grip is not None:
            self._press = _Press(pos, grip.page, (x, y), "resize", grip=grip)
            return True
        no_words = not info.has_text or doc.words_unavailable(page) is not None
        if mods & Qt.KeyboardModifier.AltModifier or self.region_mode or no_words:
            point = (min(max(x, 0.0), info.width), min(max(y, 0.0), info.height))
            self._press = _Press(pos, page, point, "region")
            return True
        sel = view.selection()
        if mods & Qt.KeyboardModifier.ShiftModifier and isinstance(sel, TextSelection):
            anchor = self._anchor or self._anchor_of(sel)
            self._press = _Press(pos, page, (x, y), "text", anchor, moved=True)
            self._drag_to(pos)
            return True
        if isinstance(sel, TextSelection) and self._inside_selection(sel, page, x, y):
            self._press = _Press(pos, page, (x, y), "move-selection")
            return True
        self._press = _Press(pos, page, (x, y), "text", self.nearest(pos))
        return True

    def move(self, event: QMouseEvent) -> bool:
        pos = event.position().toPoint()
        press = self._press
        if press is None:
            self._hover(pos)
            return False
        if not press.moved:
            if (pos - press.pos).manhattanLength() < QApplication.startDragDistance():
                return True
            press.moved = True
            if press.mode == "move-selection":
                self._press = None
                self.view.start_selection_drag()
                return True
            if press.mode != "resize":  # a grip belongs to the passage still selected
                self.view.select_passage(None)
        self._last_pos = pos
        self._drag_to(pos)
        height = self.view.viewport().height()
        if pos.y() < _EDGE or pos.y() > height - _EDGE:
            self._autoscroll.start()
        else:
            self._autoscroll.stop()
        return True

    def release(self, event: QMouseEvent) -> bool:
        press, self._press = self._press, None
        self._autoscroll.stop()
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        view, doc = self.view, self.view.document()
        if press.mode == "resize":
            self._finish_resize(press)
            return True
        if press.moved:
            if press.mode == "region" and self._band is not None and doc is not None:
                page, rect = self._band
                self._band = None
                if rect[2] - rect[0] >= _MIN_REGION and rect[3] - rect[1] >= _MIN_REGION:
                    view.set_selection(RegionSelection(doc.study_id, page, rect))
                view.viewport().update()
            return True
        passages = self.passages_at(event.position().toPoint())
        view.clear_selection()
        view.select_passage(passages[0].id if passages else None)
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        doc, hit = self.view.document(), self.view.map_to_page(event.position().toPoint())
        if doc is None or hit is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        page, x, y = hit
        words = doc.words(page)
        index = word_at(words, x, y)
        if index is None:
            index = nearest_word(words, x, y)
        self._press = None
        if index is not None:
            self.view.select_passage(None)
            self._select(WordRef(page, index), WordRef(page, index))
        return True

    def _drag_to(self, pos: QPoint) -> None:
        press, view, doc = self._press, self.view, self.view.document()
        if press is None or doc is None:
            return
        if press.mode == "region":
            hit = view.map_to_page(pos, page=press.page)
            if hit is not None:
                info = doc.pages[press.page]
                rect = normal_rect(press.point, hit[1:], info.width, info.height)
                self._band = (press.page, rect)
                view.viewport().update()
        elif press.mode == "text":
            if press.anchor is None:
                return  # pressed where the page has no words
            focus = self.nearest(pos)
            if focus is not None:
                self._select(press.anchor, focus)
        elif press.mode == "resize":
            self._drag_grip(press, pos)

    def _drag_grip(self, press: _Press, pos: QPoint) -> None:
        """Show the extent the selected passage would have with its grip here."""
        view, doc, grip = self.view, self.view.document(), press.grip
        passage = None if grip is None else view.passages.find(grip.passage_id)
        if doc is None or grip is None or passage is None:
            return
        if grip.is_corner:
            hit = view.map_to_page(pos, page=grip.page)
            info = doc.pages[grip.page]
            rect = None
            if hit is not None:
                rect = resized_region(grip, passage, hit[1:], (info.width, info.height))
            if rect is not None:
                press.resize_to = rect
                self._band = (grip.page, rect)
                view.viewport().update()
            return
        focus = self.nearest(pos)
        if focus is None:
            return
        span = resized_span(grip, passage, focus.page, doc.words(focus.page)[focus.index])
        if span is not None:
            press.resize_to = (*span[0], *span[1])
            view.set_selection(preview(doc, *span))

    def _finish_resize(self, press: _Press) -> None:
        view, grip, to = self.view, press.grip, press.resize_to
        self._band = None
        view.set_selection(None)
        view.viewport().update()
        if grip is not None and to is not None:
            view.passageResized.emit(grip.passage_id, to)

    def _select(self, anchor: WordRef, focus: WordRef) -> None:
        doc = self.view.document()
        if doc is None:
            return
        self._anchor = anchor
        self.view.set_selection(text_selection(doc.study_id, anchor, focus, doc.words, doc.text))

    def _autoscroll_step(self) -> None:
        if self._press is None or self._last_pos is None:
            self._autoscroll.stop()
            return
        y, height = self._last_pos.y(), self.view.viewport().height()
        step = y - _EDGE if y < _EDGE else y - (height - _EDGE) if y > height - _EDGE else 0
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.value() + step)
        self._drag_to(self._last_pos)

    def _hover(self, pos: QPoint) -> None:
        view, doc, hit = self.view, self.view.document(), self.view.map_to_page(pos)
        cursor = Qt.CursorShape.ArrowCursor
        grip = self.grip_at(pos) if doc is not None else None
        if grip is not None:
            cursor = (
                Qt.CursorShape.SizeHorCursor
                if not grip.is_corner
                else Qt.CursorShape.SizeFDiagCursor
                if grip.which in ("top-left", "bottom-right")
                else Qt.CursorShape.SizeBDiagCursor
            )
        elif doc is not None and hit is not None:
            page, x, y = hit
            if self.region_mode or not doc.pages[page].has_text:
                cursor = Qt.CursorShape.CrossCursor
            elif view.marks().at(page, x, y):
                cursor = Qt.CursorShape.PointingHandCursor
            elif word_at(doc.words(page), x, y) is not None:
                cursor = Qt.CursorShape.IBeamCursor
        view.viewport().setCursor(cursor)

    # --- other events ----------------------------------------------------------------------

    def start_drag(self) -> None:
        """Offer the selection to drop targets; the receiver asks the view for it."""
        sel = self.view.selection()
        mime = QMimeData()
        mime.setData(SELECTION_MIME, QByteArray())
        if isinstance(sel, TextSelection):
            mime.setText(sel.text)
        drag = QDrag(self.view)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction | Qt.DropAction.LinkAction)

    def tooltip(self, event: QHelpEvent) -> bool:
        project = self.view.context.project
        passages = self.passages_at(event.pos())
        if not passages or project is None:
            QToolTip.hideText()
            return True
        cited = project.page_numbers.cited([passages[0].study_id]).get(passages[0].study_id, [])
        text = passage_tooltip(
            passages,
            self.view.marks().codes,
            project.frameworks.themes_of,
            lambda pid: project.memos.get("passage", pid),
            lambda p: page_range(cited, p.start_page, p.end_page),
        )
        QToolTip.showText(event.globalPos(), text, self.view.viewport())
        return True

    def context_menu(self, event: QContextMenuEvent) -> bool:
        passages = self.passages_at(event.pos())
        if not passages:
            return False
        self.view.passageContextMenuRequested.emit(passages[0].id, event.globalPos())
        return True

    def wheel(self, event: QWheelEvent) -> bool:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        steps = event.angleDelta().y() / 120
        if steps:
            view = self.view
            view.set_zoom(view.zoom() * ZOOM_STEP**steps, anchor=event.position().toPoint())
        return True

    def key(self, event: QKeyEvent) -> bool:
        view, key = self.view, event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if event.matches(QKeySequence.StandardKey.Copy):
            sel = view.selection()
            if isinstance(sel, TextSelection):
                QGuiApplication.clipboard().setText(sel.text)
        elif key == Qt.Key.Key_PageDown:
            view.go_to_page(view.current_page() + 1)
        elif key == Qt.Key.Key_PageUp:
            view.go_to_page(view.current_page() - 1)
        elif key == Qt.Key.Key_Home:
            view.go_to_page(0)
        elif key == Qt.Key.Key_End:
            view.go_to_page(view.page_count() - 1)
        elif ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            view.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            view.zoom_out()
        elif key == Qt.Key.Key_Escape:
            view.clear_selection()
        else:
            return False
        return True
