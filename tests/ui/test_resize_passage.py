"""A coded passage's extent changes by dragging its start or end grip, a region's by its
corners: one undo step, the same passage (id, factors, memo), its quote and boxes made anew."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.core.types import Passage
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.test_pageview import drag, word_point

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton


def show_alpha(window: MainWindow, context: AppContext, qtbot: QtBot) -> int:
    window.resize(1300, 740)
    alpha = next(s for s in context.require().studies.list() if s.name == "alpha")
    with qtbot.waitSignal(window.view.firstPageDrawn, timeout=10_000):
        context.select_study(alpha.id)
    return alpha.id


def only_passage(context: AppContext, study: int) -> Passage:
    (passage,) = context.require().passages.list(study_id=study)
    return passage


def grip_point(window: MainWindow, passage: Passage, which: str) -> QPoint:
    view = window.view
    if passage.rect is not None:
        x0, top, x1, bottom = passage.rect
        x, y = {"top-left": (x0, top), "bottom-right": (x1, bottom)}[which]
        return view.map_from_page(passage.start_page, x, y)
    box = passage.boxes[0] if which == "start" else passage.boxes[-1]
    x = box.x0 if which == "start" else box.x1
    return view.map_from_page(box.page, x, (box.top + box.bottom) / 2)


def click(qtbot: QtBot, window: MainWindow, at: QPoint) -> None:
    qtbot.mouseClick(window.view.viewport(), LEFT, pos=at)


def test_dragging_the_end_grip_takes_in_more_words_as_one_undo_step(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    study = show_alpha(window, context, qtbot)
    view = window.view
    drag(qtbot, view, word_point(view, 0, "Household"), word_point(view, 0, "income"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    coded = only_passage(context, study)
    assert coded.quote == "Household income"
    project = context.require()
    project.memos.set("passage", coded.id, "Who tops up the budget.")
    click(qtbot, window, word_point(view, 0, "income"))
    assert view.selected_passage() == coded.id
    steps = context.undo_stack.count()

    drag(qtbot, view, grip_point(window, coded, "end"), word_point(view, 0, "up"))

    grown = only_passage(context, study)
    assert (grown.id, grown.guid, grown.code_ids) == (coded.id, coded.guid, coded.code_ids)
    assert grown.quote == "Household income decided who could top up"
    assert len(grown.boxes) >= 1 and grown.boxes[-1].x1 > coded.boxes[-1].x1
    assert project.memos.get("passage", coded.id) == "Who tops up the budget."
    assert context.undo_stack.count() == steps + 1
    assert window.passages.model().index(0, 1).data().startswith("Household income decided")

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert only_passage(context, study) == coded
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert only_passage(context, study).quote == "Household income decided who could top up"


def test_dragging_the_start_grip_back_to_the_line_above(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    study = show_alpha(window, context, qtbot)
    view = window.view
    drag(qtbot, view, word_point(view, 0, "Household"), word_point(view, 0, "income"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    coded = only_passage(context, study)
    click(qtbot, window, word_point(view, 0, "Household"))

    drag(qtbot, view, grip_point(window, coded, "start"), word_point(view, 0, "degree"))

    moved = only_passage(context, study)
    assert moved.id == coded.id and moved.code_ids == coded.code_ids
    assert moved.quote.startswith("degree negotiated their plans.")
    assert moved.quote.endswith("Household income")
    assert moved.boxes[0].top < coded.boxes[0].top


def test_dragging_a_region_corner_grows_it_and_undo_puts_it_back(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    study = show_alpha(window, context, qtbot)
    view = window.view
    start = word_point(view, 0, "Parents") - QPoint(10, 10)
    drag(qtbot, view, start, start + QPoint(160, 40), ALT)
    qtbot.keyClick(view, Qt.Key.Key_3)
    region = only_passage(context, study)
    assert region.kind == "region" and region.rect is not None
    click(qtbot, window, start + QPoint(80, 20))
    assert view.selected_passage() == region.id

    corner = grip_point(window, region, "bottom-right")
    drag(qtbot, view, corner, corner + QPoint(120, 50))

    grown = only_passage(context, study)
    assert grown.id == region.id and grown.code_ids == region.code_ids
    assert grown.rect is not None
    assert grown.rect[:2] == pytest.approx(region.rect[:2])
    assert grown.rect[2] > region.rect[2] + 50 and grown.rect[3] > region.rect[3] + 20
    assert len(grown.quote) > len(region.quote)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert only_passage(context, study) == region
