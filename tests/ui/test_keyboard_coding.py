"""A whole study coded without the mouse: sentences and paragraphs selected and extended by
key, coded with number keys and Ctrl+K, passages stepped through with N; the shortcut sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.pdf.compose import PdfComposer
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pageview import TextSelection
from tests.ui.test_pageview import words_arrived

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def selected_text(window: MainWindow) -> str:
    selection = window.view.selection()
    assert isinstance(selection, TextSelection), selection
    return selection.text


def test_coding_a_study_with_the_keyboard_alone(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    project = context.require()
    alpha = next(s for s in project.studies.list() if s.name == "alpha")
    window.resize(1300, 740)
    with qtbot.waitSignal(window.view.firstPageDrawn, timeout=10_000):
        context.select_study(alpha.id)
    view = window.view
    words_arrived(view, 0)
    view.setFocus()
    first, second, *_ = window.codebook.first_codes(9)

    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert selected_text(window) == "Parents with a university degree negotiated their plans."
    qtbot.keyClick(view, Qt.Key.Key_1)

    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert selected_text(window) == "Household income decided who could top up support."
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    assert selected_text(window).endswith("Informal networks and support helped with forms.")
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL | SHIFT)  # one back
    assert selected_text(window) == "Household income decided who could top up support."
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_2)

    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)  # on to the next page
    assert selected_text(window) == "Second page: advocacy by a parent."
    qtbot.keyClick(view, Qt.Key.Key_K, CTRL)
    picker = window.coding.picker
    assert picker is not None
    qtbot.keyClicks(picker.field, "Advocacy (self")
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)

    passages = project.passages.list(study_id=alpha.id)
    advocacy = project.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
    assert advocacy is not None
    assert [(p.quote, p.code_ids) for p in passages] == [
        ("Parents with a university degree negotiated their plans.", (first,)),
        (
            "Household income decided who could top up support.\n"
            "Informal networks and support helped with forms.",
            (second,),
        ),
        ("Second page: advocacy by a parent.", (advocacy.id,)),
    ]

    # Back to the top, then from passage to passage with N and Shift+N.
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.selected_passage() == passages[0].id
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.selected_passage() == passages[1].id
    assert window.memo.editor.target == ("passage", passages[1].id)
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.selected_passage() == passages[2].id
    assert view.current_page() == 1
    qtbot.keyClick(view, Qt.Key.Key_N, SHIFT)
    assert view.selected_passage() == passages[1].id


def test_paragraphs_are_selected_with_ctrl_down_and_extended_with_shift(
    window: MainWindow, context: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = PdfComposer()
    page = pdf.page()
    lines = {
        72: "Parents planned their budgets with care and with",
        86: "the help of friends.",
        120: "Services changed the rules twice in one year and",
        134: "families had to start again.",
        168: "Advocates made the difference.",
    }
    for y, line in lines.items():
        page.text(72, y, line, size=11)
    project = context.require()
    (study,) = project.import_pdfs([pdf.save(tmp_path / "paragraphs.pdf")]).added
    with qtbot.waitSignal(window.view.firstPageDrawn, timeout=10_000):
        context.select_study(study.id)
    words_arrived(window.view, 0)
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down, CTRL)
    assert selected_text(window) == (
        "Parents planned their budgets with care and with\nthe help of friends."
    )
    qtbot.keyClick(view, Qt.Key.Key_Down, CTRL)
    assert selected_text(window) == (
        "Services changed the rules twice in one year and\nfamilies had to start again."
    )
    qtbot.keyClick(view, Qt.Key.Key_Down, CTRL | SHIFT)
    assert selected_text(window).endswith("start again.\nAdvocates made the difference.")
    qtbot.keyClick(view, Qt.Key.Key_Up, CTRL)
    assert selected_text(window).startswith("Parents planned")


def test_a_sentence_that_runs_over_the_page_is_selected_whole_and_coded_across(
    window: MainWindow, context: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = PdfComposer()
    first = pdf.page()
    first.text(72, 72, "Parents planned their budgets.", size=11)
    first.text(72, 86, "Families told us the budget was", size=11)
    second = pdf.page()
    second.text(72, 72, "hard to manage alone. Advocates helped.", size=11)
    project = context.require()
    (study,) = project.import_pdfs([pdf.save(tmp_path / "over.pdf")]).added
    with qtbot.waitSignal(window.view.firstPageDrawn, timeout=10_000):
        context.select_study(study.id)
    words_arrived(window.view, 0)
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert selected_text(window) == "Parents planned their budgets."
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert selected_text(window) == "Families told us the budget was\nhard to manage alone."
    qtbot.keyClick(view, Qt.Key.Key_1)
    (passage,) = project.passages.list(study_id=study.id)
    assert (passage.start_page, passage.end_page) == (0, 1)
    assert passage.quote == "Families told us the budget was\nhard to manage alone."
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert selected_text(window) == "Advocates helped."
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL)
    assert selected_text(window) == "Families told us the budget was\nhard to manage alone."


def test_f1_shows_every_shortcut_on_one_sheet_that_escape_closes(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    sheet = window.keyboard.sheet
    assert sheet is not None and sheet.isVisible()
    text = sheet.text.text()
    for needed in (
        "Ctrl+K", "Code with", "Select next sentence", "Ctrl+Right", "Ctrl+Shift+Right",
        "Next passage", "F3", "Ctrl+G", "Ctrl+Z", "Apply factor 1 to 9", "Drag over words",
    ):  # fmt: skip
        assert needed in text, needed
    assert sheet.buttons.button(QDialogButtonBox.StandardButton.Close) is not None
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    assert not sheet.isVisible()
