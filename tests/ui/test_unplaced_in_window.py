"""A passage a new version of the PDF lost shows "to place" wherever passages are listed, with
no page, and opening it opens the window that places it by hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.pageview.selection import TextSelection
from app.ui.to_place import TO_PLACE, TO_PLACE_TIP
from app.ui.window.passage_table_model import PASSAGE_ID
from tests.conftest import make_pdf
from tests.ui.conftest import stored

pytestmark = pytest.mark.gui

LEFT = Qt.MouseButton.LeftButton
NEW_LAST_PAGE = "A new last page about informal networks."


@dataclass
class Lost:
    study_id: int
    kept: int  # found again on the new version
    lost: int  # not found: waits to be placed by hand


@pytest.fixture
def lost(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Lost:
    project = window.context.require()
    alpha = next(s.id for s in project.studies.list() if s.name == "alpha")
    code = project.codebook.list()[0].id
    text = project.studies.text(alpha, 1)
    kept = project.passages.add_text(alpha, 0, 0, 0, 7, (code,)).id  # "Parents"
    gone = project.passages.add_text(alpha, 1, 0, 1, len(text), (code,)).id
    window.resize(1366, 768)
    window.context.select_study(alpha)
    make_pdf(
        tmp_path / "alpha-v2.pdf",
        [["Parents with a university degree negotiated their plans."], [NEW_LAST_PAGE]],
    )
    with qtbot.waitSignal(window.records.attached, timeout=10_000):
        window.records.attach_file(alpha, tmp_path / "alpha-v2.pdf")
    dialog = window.records.unplaced
    assert dialog is not None
    dialog.close()
    window.activateWindow()  # the dialog had the keyboard
    qtbot.waitUntil(window.isActiveWindow)
    window.view.go_to_page(0)
    return Lost(alpha, kept, gone)


def row_of(view: QAbstractItemView, passage_id: int, role: int = PASSAGE_ID) -> int:
    model = view.model()
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data(role) == passage_id]
    assert rows, f"passage {passage_id} is not listed"
    return rows[0]


def centre(view: QAbstractItemView, index: QModelIndex) -> QPoint:
    view.scrollTo(index)
    return view.visualRect(index).center()


def test_the_passages_dock_lists_it_to_place_and_a_double_click_opens_the_placing(
    qtbot: QtBot, window: MainWindow, lost: Lost, tmp_path: Path
) -> None:
    panel = window.passages
    model = panel.model()
    assert panel.passage_ids()[0] == lost.lost  # waiting first: it has no page to be read at
    row = row_of(panel, lost.lost)
    page = model.index(row, 0)
    assert page.data() == TO_PLACE
    assert page.data(Qt.ItemDataRole.ToolTipRole) == TO_PLACE_TIP
    assert model.index(row_of(panel, lost.kept), 0).data() == "1"
    shot = tmp_path / "to-place.png"
    assert window.grab().save(str(shot))

    # A click picks it: its memo opens, the page stays where it is, nothing is selected.
    at = window.view.current_page()
    qtbot.mouseClick(panel.viewport(), LEFT, pos=centre(panel, page))
    assert window.memo.heading.text() == "Memo of the passage to place by hand"
    assert window.view.current_page() == at and window.view.selected_passage() is None
    assert window.records.unplaced is None or not window.records.unplaced.isVisible()

    qtbot.mouseDClick(panel.viewport(), LEFT, pos=centre(panel, page))
    dialog = window.records.unplaced
    assert dialog is not None and dialog.isVisible()
    assert dialog.current_id() == lost.lost
    assert window.view.selected_passage() is None  # never shown as if it were on a page

    # Placed by hand, it has a page again.
    project = window.context.require()
    text = project.studies.text(lost.study_id, 1)
    window.view.set_selection(TextSelection(lost.study_id, 1, 0, 1, len(text), text))
    qtbot.mouseClick(dialog.place, LEFT)
    with stored(project.path) as reader:
        placed = reader.passages.get(lost.lost)
    assert (placed.placed, placed.quote, placed.text_check) == (True, NEW_LAST_PAGE, "")
    assert model.index(row_of(panel, lost.lost), 0).data() == "2"


def test_the_page_view_draws_it_nowhere_and_n_steps_over_it(
    qtbot: QtBot, window: MainWindow, lost: Lost
) -> None:
    view = window.view
    assert lost.lost not in view.marks().passages and lost.kept in view.marks().passages
    view.setFocus()
    assert view.keyboard.step_passage(True) == lost.kept
    assert view.keyboard.step_passage(True) is None  # nothing after: the lost one has no place
    view.go_to_passage(lost.lost)
    assert view.selected_passage() == lost.kept  # not moved to a stale page
    dialog = window.records.unplaced
    assert dialog is not None and dialog.isVisible() and dialog.current_id() == lost.lost


def test_the_passage_browser_lists_it_to_place_and_opens_the_placing(
    qtbot: QtBot, window: MainWindow, lost: Lost, tmp_path: Path
) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    browser = window.synthesis.browser
    qtbot.waitUntil(lambda: not browser.query.busy(), timeout=20_000)
    rows = browser.list
    qtbot.waitUntil(lambda: lost.lost in rows.passage_ids(), timeout=10_000)
    row = rows.row_of(lost.lost)
    page = rows.model().index(row, 1)
    assert page.data() == TO_PLACE
    assert page.data(Qt.ItemDataRole.ToolTipRole) == TO_PLACE_TIP
    assert rows.model().index(rows.row_of(lost.kept), 1).data() == "1"
    # What Ctrl+C copies cites no page for it, and says why in the text check.
    body = [[cell.text for cell in cells] for cells in rows.grid().body]
    (copied,) = [cells for cells in body if cells[2].startswith("Second page")]
    assert copied[1] == "" and "place it by hand" in copied[5]

    quote = rows.model().index(row, 2)
    qtbot.mouseClick(rows.viewport(), LEFT, pos=centre(rows, quote))
    qtbot.mouseDClick(rows.viewport(), LEFT, pos=centre(rows, quote))
    dialog = window.records.unplaced
    assert dialog is not None and dialog.isVisible() and dialog.current_id() == lost.lost
    assert window.synthesis.navigator.flash is None  # no words to flash on a stale page
    assert window.view.selected_passage() is None
    assert window.grab().save(str(tmp_path / "browser.png"))
    assert dialog.grab().save(str(tmp_path / "placing.png"))


def test_the_quote_check_lists_it_to_place(qtbot: QtBot, window: MainWindow, lost: Lost) -> None:
    from app.core.verify import verify
    from app.ui.window.quote_check import QuoteCheckDialog

    report = verify(window.context.require(), lost.study_id, record=False)
    dialog = QuoteCheckDialog("alpha", report, window)
    qtbot.addWidget(dialog)
    (item,) = [
        dialog.list.topLevelItem(n)
        for n in range(dialog.list.topLevelItemCount())
        if dialog.list.topLevelItem(n).data(0, Qt.ItemDataRole.UserRole) == lost.lost
    ]
    assert (item.text(0), item.toolTip(0)) == (TO_PLACE, TO_PLACE_TIP)
