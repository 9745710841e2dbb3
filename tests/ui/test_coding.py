"""Coding a selection with a factor: number keys, the codebook, Code with..., the passage menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.coding import coding_command
from app.ui.commands.passages import ApplyCode, CreatePassage
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pageview.selection import SELECTION_MIME, RegionSelection, TextSelection
from tests.ui.conftest import stored
from tests.ui.dragdrop import drop_on

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(window: MainWindow, context: AppContext) -> MainWindow:
    """The main window showing the first study."""
    context.select_study(context.require().studies.list()[0].id)
    return window


def words(project: Project, study_id: int, start: int, end: int) -> TextSelection:
    return TextSelection(study_id, 0, start, 0, end, project.studies.text(study_id, 0)[start:end])


def test_a_text_selection_becomes_a_new_passage(context: AppContext) -> None:
    project = context.require()
    study = project.studies.list()[0].id
    command = coding_command(project, words(project, study, 0, 7), None, 1)
    assert isinstance(command, CreatePassage)


def test_a_selected_passage_gets_the_factor_and_applying_twice_does_nothing(
    context: AppContext,
) -> None:
    project = context.require()
    first, second = project.codebook.list()[:2]
    passage = project.passages.add_text(project.studies.list()[0].id, 0, 0, 0, 7, (first.id,))
    assert isinstance(coding_command(project, None, passage, second.id), ApplyCode)
    assert coding_command(project, None, passage, first.id) is None
    assert coding_command(project, None, None, first.id) is None


def test_key_1_codes_the_selection_with_the_first_factor_of_the_codebook(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    first_factor = window.codebook.first_codes(1)[0]
    window.view.set_selection(words(project, study, 0, 7))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    with stored(project.path) as reader:
        (passage,) = reader.passages.list(study_id=study)
    assert passage.code_ids == (first_factor,)
    assert passage.quote == "Parents"


def test_a_second_number_key_adds_to_the_passage_just_made(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    first, second = window.codebook.first_codes(2)
    window.view.set_selection(words(project, study, 0, 7))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    with stored(project.path) as reader:
        (passage,) = reader.passages.list(study_id=study)
    assert passage.code_ids == (first, second)


def test_a_region_selection_is_coded_as_a_region(window: MainWindow, qtbot: QtBot) -> None:
    project = window.context.require()
    scan = next(s for s in project.studies.list() if s.region_only)
    window.context.select_study(scan.id)
    window.view.set_selection(RegionSelection(scan.id, 0, (72.0, 72.0, 300.0, 200.0)))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    with stored(project.path) as reader:
        (passage,) = reader.passages.list(study_id=scan.id)
    assert passage.kind == "region"
    assert passage.code_ids == (window.codebook.first_codes(3)[2],)


def test_clicking_or_dropping_on_a_factor_in_the_codebook_codes_the_selection(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    factor = window.codebook.first_codes(4)[3]
    tree = window.codebook.view
    row = tree.visualRect(window.codebook.model.index_of(factor)).center()
    window.view.set_selection(words(project, study, 0, 7))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=row)
    window.view.set_selection(words(project, study, 15, 32))
    selection = QMimeData()  # what the page view puts on the drag of its selection
    selection.setData(SELECTION_MIME, b"")
    assert drop_on(tree.viewport(), row, selection)
    with stored(project.path) as reader:
        quotes = {p.quote: p.code_ids for p in reader.passages.list(study_id=study)}
    assert quotes == {"Parents": (factor,), "university degree": (factor,)}


def test_code_with_filters_as_you_type_and_enter_applies(window: MainWindow, qtbot: QtBot) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    window.view.set_selection(words(project, study, 0, 7))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL)
    picker = window.coding.picker
    assert picker.isVisible()
    qtbot.keyClicks(picker.field, "incom")
    assert picker.visible_names() == ["Household income", "Create factor 'incom'"]
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)
    income = project.codebook.find("Household income")
    assert income is not None
    with stored(project.path) as reader:
        (passage,) = reader.passages.list(study_id=study)
    assert passage.code_ids == (income.id,)


def test_code_with_a_new_name_creates_the_factor_and_applies_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    window.view.set_selection(words(project, study, 0, 7))
    picker = window.coding.show_code_picker()
    assert picker is not None
    qtbot.keyClicks(picker.field, "Resilience")
    assert picker.visible_names() == ["Create factor 'Resilience'"]
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)
    with stored(project.path) as reader:
        factor = reader.codebook.find("Resilience")
        assert factor is not None
        (passage,) = reader.passages.list(study_id=study)
    assert passage.code_ids == (factor.id,)
    # One undo takes back both: the coding and the factor made for it.
    window.acts.undo.trigger()
    with stored(project.path) as reader:
        assert reader.codebook.find("Resilience") is None
        assert reader.passages.list(study_id=study) == []


def _action(menu: QMenu, title: str) -> QMenu:
    sub = next(a.menu() for a in menu.actions() if a.text() == title)
    assert isinstance(sub, QMenu)
    return sub


def test_passage_menu_adds_and_removes_factors(window: MainWindow) -> None:
    project = window.context.require()
    study = window.context.study_id
    assert study is not None
    first, second = project.codebook.list()[:2]
    passage = project.passages.add_text(study, 0, 0, 0, 7, (first.id,))
    menu = window.coding.passage_menu(passage.id)
    add = next(a for a in _action(menu, "Add factor").actions() if a.text() == second.name)
    add.trigger()
    menu = window.coding.passage_menu(passage.id)
    removable = [a.text() for a in _action(menu, "Remove factor").actions()]
    assert removable == [first.name, second.name]
    next(a for a in _action(menu, "Remove factor").actions() if a.text() == first.name).trigger()
    with stored(project.path) as reader:
        assert reader.passages.get(passage.id).code_ids == (second.id,)
    window.acts.undo.trigger()
    with stored(project.path) as reader:
        assert set(reader.passages.get(passage.id).code_ids) == {first.id, second.id}
