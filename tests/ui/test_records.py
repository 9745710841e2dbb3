"""The studies table and form, driven with clicks and keys, checked against the project file."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.records.panel import StudyRecordsPanel
from app.ui.records.table_model import STUDY_ID
from tests.ui.conftest import stored

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


def when_modal(handle: Callable[[QDialog], None]) -> None:
    """Answer the next modal dialog from inside its own event loop, as a user would."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        assert isinstance(dialog, QDialog)
        handle(dialog)

    QTimer.singleShot(0, answer)


def press_yes(dialog: QDialog) -> None:
    assert isinstance(dialog, QMessageBox)
    dialog.button(QMessageBox.StandardButton.Yes).click()


@pytest.fixture
def panel(window: MainWindow) -> StudyRecordsPanel:
    window.records.dock.show()
    return window.records.panel


def ids(window: MainWindow) -> dict[str, int]:
    return {s.name: s.id for s in window.context.require().studies.list()}


def cell(panel: StudyRecordsPanel, study_id: int, key: str) -> QModelIndex:
    row = panel.model.row_of(study_id)
    assert row is not None
    index = panel.proxy.mapFromSource(panel.model.index(row, panel.model.column_of(key)))
    panel.table.scrollTo(index)
    return index


def click_cell(
    qtbot: QtBot, panel: StudyRecordsPanel, index: QModelIndex, double: bool = False
) -> None:
    centre = panel.table.visualRect(index).center()
    viewport = panel.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    if double:
        # What a mouse sends for the second click of a double-click.
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=centre)


def type_in_cell(qtbot: QtBot, panel: StudyRecordsPanel, text: str) -> None:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.state() != QAbstractItemView.State.EditingState)


def test_a_year_typed_in_the_table_is_saved_and_undone(
    qtbot: QtBot, window: MainWindow, panel: StudyRecordsPanel
) -> None:
    alpha = ids(window)["alpha"]
    click_cell(qtbot, panel, cell(panel, alpha, "year"), double=True)
    type_in_cell(qtbot, panel, "2021")
    with stored(window.context.require().path) as reader:
        assert reader.records.get(alpha).year == 2021
    assert cell(panel, alpha, "year").data() == "2021"

    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    with stored(window.context.require().path) as reader:
        assert reader.records.get(alpha).year is None


def test_a_refused_value_says_why_and_saves_nothing(
    qtbot: QtBot, window: MainWindow, panel: StudyRecordsPanel
) -> None:
    beta = ids(window)["beta"]
    click_cell(qtbot, panel, cell(panel, beta, "sample_size"), double=True)
    type_in_cell(qtbot, panel, "about twenty")
    assert "whole number" in window.messages[-1].text()
    with stored(window.context.require().path) as reader:
        assert reader.records.get(beta).sample_size is None


def test_status_picked_in_the_table_from_its_list(
    qtbot: QtBot, window: MainWindow, panel: StudyRecordsPanel
) -> None:
    beta = ids(window)["beta"]
    click_cell(qtbot, panel, cell(panel, beta, "status"), double=True)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # unscreened -> included
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.state() != QAbstractItemView.State.EditingState)
    with stored(window.context.require().path) as reader:
        assert reader.records.get(beta).status == "included"


def test_the_form_edits_title_authors_status_reason_and_groups(
    qtbot: QtBot, window: MainWindow, panel: StudyRecordsPanel
) -> None:
    project = window.context.require()
    project.records.lists.add_group("(a) explicitly about inequality")
    alpha = ids(window)["alpha"]
    click_cell(qtbot, panel, cell(panel, alpha, "citation"))
    form = panel.form
    assert form.record is not None and form.record.id == alpha

    title = form.lines["title"]
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    qtbot.keyClick(title, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(title, "Parents and plans")
    qtbot.keyClick(title, Qt.Key.Key_Tab)  # leaves for the next field: saved
    qtbot.mouseClick(form.authors.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.authors, "Hall, Sarah")
    qtbot.keyClick(form.authors, Qt.Key.Key_Return)
    qtbot.keyClicks(form.authors, "Ortiz, Jorge")
    form.lines["year"].setFocus()  # leaving the authors saves them
    qtbot.keyClicks(form.lines["year"], "2020")
    qtbot.keyClick(form.lines["year"], Qt.Key.Key_Return)

    form.status.setFocus()
    qtbot.keyClick(form.status, Qt.Key.Key_End)  # excluded
    qtbot.waitUntil(lambda: form.reason.isEnabled())
    form.reason.setFocus()
    qtbot.keyClick(form.reason, Qt.Key.Key_Down)  # the first reason of the list
    group = form.groups.visualItemRect(form.groups.item(0)).center()
    qtbot.mouseClick(form.groups.viewport(), Qt.MouseButton.LeftButton, pos=group)
    qtbot.keyClick(form.groups, Qt.Key.Key_Space)  # ticks the group
    qtbot.waitUntil(lambda: form.record is not None and bool(form.record.groups))

    with stored(project.path) as reader:
        record = reader.records.get(alpha)
    assert record.title == "Parents and plans"
    assert record.authors == ("Hall, Sarah", "Ortiz, Jorge")
    assert (record.year, record.status, record.reason) == (2020, "excluded", "Wrong population")
    assert record.groups == ("(a) explicitly about inequality",)
    assert panel.model.record(panel.model.row_of(alpha) or 0).citation == "Hall & Ortiz (2020)"
    assert window.studies.model().index(0, 0).data().startswith("Hall & Ortiz (2020)")

    for _ in range(6):
        window.context.undo_stack.undo()
    with stored(project.path) as reader:
        record = reader.records.get(alpha)
    assert (record.title, record.authors, record.status, record.groups) == (
        "",
        (),
        "unscreened",
        (),
    )


def test_delete_takes_the_study_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow, panel: StudyRecordsPanel
) -> None:
    project = window.context.require()
    alpha = ids(window)["alpha"]
    code = project.codebook.list()[0].id
    passage = project.passages.add_text(alpha, 0, 0, 0, 7, (code,))
    click_cell(qtbot, panel, cell(panel, alpha, "citation"))
    when_modal(press_yes)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    with stored(project.path) as reader:
        assert alpha not in {s.id for s in reader.studies.list()}
        assert reader.passages.list() == []
    assert panel.model.row_of(alpha) is None

    # The offscreen platform gives no window back its activation when a dialog closes.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    with stored(project.path) as reader:
        assert reader.passages.get(passage.id).code_ids == (code,)
        assert reader.studies.pdf(alpha)[0][:5] == b"%PDF-"
    assert panel.model.row_of(alpha) is not None


def test_several_selected_studies_are_screened_in_one_step(
    qtbot: QtBot, window: MainWindow, panel: StudyRecordsPanel
) -> None:
    names = ids(window)
    click_cell(qtbot, panel, cell(panel, names["alpha"], "citation"))
    index = cell(panel, names["beta"], "citation")
    qtbot.mouseClick(
        panel.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        panel.table.visualRect(index).center(),
    )
    assert set(panel.selected_ids()) == {names["alpha"], names["beta"]}
    menu = panel.context_menu(panel.selected_ids())
    included = next(a for a in menu.actions() if a.text() == "Status").menu().actions()[1]
    included.trigger()
    with stored(window.context.require().path) as reader:
        assert {reader.records.get(i).status for i in (names["alpha"], names["beta"])} == {
            "included"
        }
    window.context.undo_stack.undo()
    with stored(window.context.require().path) as reader:
        assert reader.records.get(names["beta"]).status == "unscreened"


def test_filters_narrow_the_table_and_the_studies_list(
    qtbot: QtBot, window: MainWindow, panel: StudyRecordsPanel
) -> None:
    project = window.context.require()
    names = ids(window)
    project.records.update(names["beta"], {"status": "included"})
    qtbot.keyClicks(panel.filter_bar.search, "gamma")
    assert panel.proxy.rowCount() == 1
    panel.filter_bar.search.clear()
    panel.filter_bar.status.setCurrentIndex(2)  # Included
    assert [panel.proxy.index(r, 0).data(STUDY_ID) for r in range(panel.proxy.rowCount())] == [
        names["beta"]
    ]
    assert panel.filter_bar.count.text() == "1 of 3"
    studies_filter = window.records.studies_filter
    studies_filter.setCurrentIndex(studies_filter.findText("Included"))
    shown = [
        window.studies.model().index(r, 0).data(STUDY_ID)
        for r in range(window.studies.count())
        if not window.studies.isRowHidden(r)
    ]
    assert shown == [names["beta"]]
