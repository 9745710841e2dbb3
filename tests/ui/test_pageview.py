"""The page view, driven with real mouse events over generated PDFs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.core.types import Hit, Word
from app.ui.context import AppContext
from app.ui.pageview import PageView, RegionSelection, TextSelection
from app.ui.pageview.find import FindState
from app.ui.pageview.highlights import assign_lanes
from app.ui.pageview.layout import GAP, PageLayout, fit_width_zoom
from app.ui.pageview.selection import WordRef, text_selection
from app.ui.pageview.tooltips import passage_tooltip
from tests.conftest import make_pdf

pytestmark = pytest.mark.gui

NO_MOD = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


# --- helpers ---------------------------------------------------------------------------------


def study_id(project: Project, name: str) -> int:
    return next(s.id for s in project.studies.list() if s.name == name)


def open_view(qtbot: QtBot, context: AppContext, name: str, zoom: float = 1.0) -> PageView:
    view = PageView(context)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(zoom)
    with qtbot.waitSignal(view.firstPageDrawn, timeout=10_000):
        view.show_study(study_id(context.require(), name))
    return view


def words_arrived(view: PageView, page: int) -> None:
    """Wait for the render worker to bring a page's word boxes (they never block the GUI)."""
    doc = view.document()
    assert doc is not None
    deadline = time.monotonic() + 10
    while not doc.has_words(page):
        assert time.monotonic() < deadline, f"the word boxes of page {page + 1} never came"
        QTest.qWait(5)


def find_word(view: PageView, page: int, text: str, nth: int = 0) -> Word:
    doc = view.document()
    assert doc is not None
    words_arrived(view, page)
    page_text = doc.text(page)
    matches = [w for w in doc.words(page) if page_text[w.start : w.end] == text]
    return matches[nth]


def word_point(view: PageView, page: int, text: str, nth: int = 0) -> QPoint:
    word = find_word(view, page, text, nth)
    return view.map_from_page(page, (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2)


def drag(
    qtbot: QtBot, view: PageView, start: QPoint, end: QPoint, mod: Qt.KeyboardModifier = NO_MOD
) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, mod, start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, mod, end)


def text_sel(view: PageView) -> TextSelection:
    sel = view.selection()
    assert isinstance(sel, TextSelection), sel
    return sel


# --- pure logic ------------------------------------------------------------------------------


def test_layout_stacks_pages_with_gaps_and_maps_both_ways() -> None:
    layout = PageLayout([(600, 800), (600, 800)], zoom=0.75)  # 1 point = 1 pixel
    assert layout.tops == [GAP, GAP + 800 + GAP]
    assert layout.page_at(GAP + 803) == 0  # in the gap, nearer the first page
    assert layout.page_at(GAP + 800 + GAP - 1) == 1
    page, x, y = layout.from_scene(*layout.to_scene(1, 30, 40))
    assert (page, round(x, 6), round(y, 6)) == (1, 30, 40)
    assert list(layout.visible(GAP + 700, GAP + 900)) == [0, 1]
    assert fit_width_zoom([(600, 800)], 1000) > fit_width_zoom([(600, 800)], 800)


def test_lanes_keep_overlapping_stripes_apart() -> None:
    assert assign_lanes([(0, 10), (5, 20), (11, 30), (25, 40)]) == [0, 1, 0, 1]


def test_selection_runs_in_reading_order_whichever_end_came_first() -> None:
    pages = {0: "one two", 1: "three four"}
    words = {
        0: [Word(0, 3, 0, 0, 10, 10), Word(4, 7, 12, 0, 20, 10)],
        1: [Word(0, 5, 0, 0, 10, 10), Word(6, 10, 12, 0, 20, 10)],
    }
    forward = text_selection(1, WordRef(0, 1), WordRef(1, 0), words.__getitem__, pages.__getitem__)
    backward = text_selection(1, WordRef(1, 0), WordRef(0, 1), words.__getitem__, pages.__getitem__)
    assert forward == backward == TextSelection(1, 0, 4, 1, 5, "two\nthree")


def test_find_steps_wrap_and_start_from_the_current_page() -> None:
    state = FindState()
    state.set([Hit(1, 0, 0, 2), Hit(1, 2, 0, 2), Hit(1, 3, 0, 2)])
    assert state.step(True, from_page=1) == Hit(1, 2, 0, 2)
    assert state.step(True) == Hit(1, 3, 0, 2)
    assert state.step(True) == Hit(1, 0, 0, 2)
    assert state.step(False) == Hit(1, 3, 0, 2)


# --- selecting text --------------------------------------------------------------------------


def test_dragging_across_two_lines_selects_exactly_those_words(
    qtbot: QtBot, context: AppContext
) -> None:
    view = open_view(qtbot, context, "alpha")
    with qtbot.waitSignal(view.selectionChanged):
        drag(qtbot, view, word_point(view, 0, "Household"), word_point(view, 0, "forms."))
    sel = text_sel(view)
    assert sel.text == (
        "Household income decided who could top up support.\n"
        "Informal networks and support helped with forms."
    )
    text = context.require().studies.text(sel.study_id, 0)
    assert (sel.start_page, sel.start_offset) == (0, text.index("Household"))
    assert (sel.end_page, sel.end_offset) == (0, len(text))


def test_dragging_backwards_selects_the_same_words(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "alpha")
    drag(qtbot, view, word_point(view, 0, "forms."), word_point(view, 0, "Household"))
    assert text_sel(view).text.startswith("Household income")


def test_dragging_down_the_left_column_never_takes_the_right_one(
    qtbot: QtBot, context: AppContext
) -> None:
    view = open_view(qtbot, context, "beta")
    start = word_point(view, 0, "Left", 1)
    end = word_point(view, 0, "education", 3)
    drag(qtbot, view, start, end)
    sel = text_sel(view)
    assert sel.text.startswith("Left column line 1")
    assert sel.text.endswith("Left column line 3 about education")
    assert "Right" not in sel.text


def test_dragging_across_the_page_break_spans_both_pages(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "alpha", zoom=0.3)
    drag(qtbot, view, word_point(view, 0, "Informal"), word_point(view, 1, "advocacy"))
    sel = text_sel(view)
    assert (sel.start_page, sel.end_page) == (0, 1)
    assert sel.text == "Informal networks and support helped with forms.\nSecond page: advocacy"


def test_double_click_selects_one_word_and_shift_click_extends(
    qtbot: QtBot, context: AppContext
) -> None:
    view = open_view(qtbot, context, "alpha")
    qtbot.mouseDClick(view.viewport(), LEFT, NO_MOD, word_point(view, 0, "income"))
    assert text_sel(view).text == "income"
    qtbot.mouseClick(
        view.viewport(), LEFT, Qt.KeyboardModifier.ShiftModifier, word_point(view, 0, "who")
    )
    assert text_sel(view).text == "income decided who"


def test_escape_clears_the_selection(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "alpha")
    qtbot.mouseDClick(view.viewport(), LEFT, NO_MOD, word_point(view, 0, "income"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selection() is None


def test_pressing_inside_the_selection_and_dragging_offers_it_for_dropping(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = open_view(qtbot, context, "alpha")
    drag(qtbot, view, word_point(view, 0, "Household"), word_point(view, 0, "support.", 0))
    before = view.selection()
    started: list[bool] = []
    monkeypatch.setattr(view, "start_selection_drag", lambda: started.append(True))
    drag(qtbot, view, word_point(view, 0, "decided"), word_point(view, 0, "forms."))
    assert started == [True]
    assert view.selection() == before


# --- regions ---------------------------------------------------------------------------------


def test_alt_drag_draws_a_region_where_the_mouse_went(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "alpha")
    start, end = view.map_from_page(0, 100, 150), view.map_from_page(0, 300, 400)
    drag(qtbot, view, start, end, Qt.KeyboardModifier.AltModifier)
    sel = view.selection()
    assert isinstance(sel, RegionSelection) and sel.page == 0
    assert sel.rect == pytest.approx((100, 150, 300, 400), abs=1.5)


def test_a_plain_drag_on_a_scanned_page_draws_a_region(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "gamma-scan")
    drag(qtbot, view, view.map_from_page(0, 80, 80), view.map_from_page(0, 250, 200))
    sel = view.selection()
    assert isinstance(sel, RegionSelection)
    assert sel.rect == pytest.approx((80, 80, 250, 200), abs=1.5)


def test_region_mode_turns_a_plain_drag_into_a_region(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "alpha")
    view.set_region_mode(True)
    assert view.region_mode()
    drag(qtbot, view, word_point(view, 0, "Household"), word_point(view, 0, "forms."))
    assert isinstance(view.selection(), RegionSelection)


# --- passages --------------------------------------------------------------------------------


def test_a_new_passage_is_drawn_and_a_click_on_it_selects_it(
    qtbot: QtBot, context: AppContext
) -> None:
    project = context.require()
    view = open_view(qtbot, context, "alpha")
    education = project.codebook.find("Education")
    assert education is not None
    passage = project.passages.add_text(view.study_id() or 0, 0, 0, 0, 56, (education.id,))
    assert [p.id for p in view.marks().on_page(0)] == [passage.id]

    # Tinted in the gap between two words, where the page itself is white.
    with_, parents = find_word(view, 0, "with"), find_word(view, 0, "Parents")
    gap = view.map_from_page(0, (parents.x1 + with_.x0) / 2, (with_.top + with_.bottom) / 2)
    pixel = view.viewport().grab().toImage().pixelColor(gap)
    assert pixel != QColor("white") and pixel.blue() < pixel.red()

    with qtbot.waitSignal(view.passageSelected) as signal:
        qtbot.mouseClick(view.viewport(), LEFT, NO_MOD, word_point(view, 0, "university"))
    assert signal.args == [passage.id]
    assert view.selected_passage() == passage.id

    qtbot.mouseClick(view.viewport(), LEFT, NO_MOD, view.map_from_page(0, 400, 600))
    assert view.selected_passage() is None


def test_right_click_on_a_passage_asks_for_its_menu(qtbot: QtBot, context: AppContext) -> None:
    project = context.require()
    view = open_view(qtbot, context, "alpha")
    passage = project.passages.add_text(view.study_id() or 0, 0, 0, 0, 56)
    pos = word_point(view, 0, "degree")
    # QTest sends no context-menu event for a right click; the window system would.
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos), NO_MOD
    )
    with qtbot.waitSignal(view.passageContextMenuRequested) as signal:
        QApplication.sendEvent(view.viewport(), event)
    assert signal.args[0] == passage.id


def test_go_to_passage_scrolls_to_it_and_selects_it(qtbot: QtBot, context: AppContext) -> None:
    project = context.require()
    view = open_view(qtbot, context, "alpha", zoom=2.0)
    passage = project.passages.add_text(view.study_id() or 0, 1, 0, 1, 6)
    with qtbot.waitSignal(view.passageSelected):
        view.go_to_passage(passage.id)
    assert view.current_page() == 1
    assert view.visible_scene_rect().contains(QPointF(*view.page_layout().to_scene(1, 80, 75)))


def test_theme_filter_shows_only_passages_of_that_theme(qtbot: QtBot, context: AppContext) -> None:
    project = context.require()
    view = open_view(qtbot, context, "alpha")
    education = project.codebook.find("Education")
    income = project.codebook.find("Household income")
    assert education is not None and income is not None
    sid = view.study_id() or 0
    first = project.passages.add_text(sid, 0, 0, 0, 56, (education.id,))
    second = project.passages.add_text(sid, 0, 57, 0, 108, (income.id,))
    themes = {t.name: t.id for t in project.frameworks.themes()}
    view.set_theme_filter(themes["Cultural capital"])
    assert [p.id for p in view.marks().on_page(0)] == [first.id]
    view.set_theme_filter(themes["Economic capital"])
    assert [p.id for p in view.marks().on_page(0)] == [second.id]
    view.set_theme_filter(None)
    assert len(view.marks().on_page(0)) == 2


def test_tooltip_names_factors_themes_and_memo(context: AppContext) -> None:
    project = context.require()
    education = project.codebook.find("Education")
    assert education is not None
    passage = project.passages.add_text(1, 0, 0, 0, 56, (education.id,))
    project.memos.set("passage", passage.id, "Degree as leverage")
    html = passage_tooltip(
        [passage],
        {education.id: education},
        project.frameworks.themes_of,
        lambda pid: project.memos.get("passage", pid),
    )
    assert "Education" in html and "Cultural capital" in html and "Degree as leverage" in html


# --- find, zoom, keys, cache -----------------------------------------------------------------


def test_find_marks_every_hit_and_find_next_moves_through_them(
    qtbot: QtBot, context: AppContext
) -> None:
    view = open_view(qtbot, context, "alpha")
    assert view.find("SUPPORT") == 2
    first = view.find_next()
    second = view.find_next()
    assert first is not None and second is not None and first != second
    assert view.current_hit() == second
    assert view.find_previous() == first
    view.clear_find()
    assert view.find_hits() == []


def test_zoom_changes_the_scene_size(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "alpha")
    height = view.sceneRect().height()
    view.zoom_in()
    assert view.zoom() == pytest.approx(1.2)
    assert view.sceneRect().height() > 1.15 * height
    view.fit_width()
    assert view.sceneRect().width() <= view.viewport().width() + 1

    zoom = view.zoom()
    center = view.viewport().rect().center()
    wheel = QWheelEvent(
        QPointF(center),
        QPointF(view.viewport().mapToGlobal(center)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(zoom * 1.2)


def test_page_keys_move_between_pages(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "alpha")
    view.setFocus()
    with qtbot.waitSignal(view.currentPageChanged) as signal:
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert signal.args == [1] and view.current_page() == 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current_page() == 0
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.2)


def test_render_cache_stays_under_its_byte_limit(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    project = context.require()
    lines = [f"Page {n} line about household income." for n in range(3)]
    make_pdf(tmp_path / "long.pdf", [lines] * 12)
    project.import_pdfs([tmp_path / "long.pdf"])
    view = open_view(qtbot, context, "long", zoom=0.5)
    assert len(view.cache) > 0
    one_page = view.cache.bytes // len(view.cache)
    view.cache.limit_bytes = 3 * one_page + 1000
    for page in range(12):
        view.go_to_page(page)
        qtbot.waitUntil(lambda page=page: view.is_rendered(page), timeout=10_000)
        assert view.cache.bytes <= view.cache.limit_bytes
    assert len(view.cache) <= 3


def test_screenshot_with_passages_selection_and_hits(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    project = context.require()
    view = open_view(qtbot, context, "alpha", zoom=1.3)
    codes = {c.name: c.id for c in project.codebook.list()}
    sid = view.study_id() or 0
    project.passages.add_text(sid, 0, 0, 0, 56, (codes["Education"],))
    text = project.studies.text(sid, 0)
    start = text.index("Household")
    project.passages.add_text(
        sid, 0, start, 0, len(text), (codes["Household income"], codes["Being employed"])
    )
    project.passages.add_text(sid, 0, text.index("networks"), 0, len(text), ())
    project.passages.add_region(sid, 0, (300, 60, 380, 110), (codes["Education"],))
    view.find("support")
    qtbot.mouseDClick(view.viewport(), LEFT, NO_MOD, word_point(view, 0, "decided"))
    shot = tmp_path / "pageview.png"
    assert view.grab().save(str(shot))
    image = QImage(str(shot))

    def tinted_at(word: str) -> QColor:
        point = word_point(view, 0, word)
        colours = [
            QColor(image.pixel(point.x() + dx, point.y() + dy))
            for dx in range(-6, 7, 3)
            for dy in range(-4, 5, 2)
        ]
        # The lightest sample is the highlight behind the glyphs, not the ink.
        return max(colours, key=lambda c: c.lightness())

    assert tinted_at("Parents").saturation() > 40, "the Education highlight is drawn"
    selected = tinted_at("decided")
    assert selected.blue() > selected.red() + 20, "the double-clicked word is selected in blue"


def test_a_new_view_fits_the_width_and_keeps_fitting_until_zoomed(
    qtbot: QtBot, context: AppContext
) -> None:
    view = PageView(context)
    qtbot.addWidget(view)
    view.resize(700, 600)
    view.show()
    view.show_study(study_id(context.require(), "alpha"))
    assert view.fit_mode() == "width"
    narrow = view.zoom()
    assert view.page_layout().width <= view.viewport().width() + 1

    view.resize(1100, 600)
    qtbot.waitUntil(lambda: view.zoom() > narrow * 1.3)
    view.zoom_in()
    assert view.fit_mode() is None
    zoomed = view.zoom()
    view.resize(800, 600)
    qtbot.waitUntil(lambda: view.viewport().width() < 800)
    assert view.zoom() == zoomed


def test_stripe_labels_stack_without_overlapping_and_keep_their_order() -> None:
    from app.ui.pageview.painting import place_labels

    placed = place_labels([100.0, 102.0, 50.0, 300.0], line=10.0)
    assert placed[2] == 50.0 and placed[0] == 100.0
    assert placed[1] == 110.0  # pushed just below the label above it
    assert placed[3] == 300.0
