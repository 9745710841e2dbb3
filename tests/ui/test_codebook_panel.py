"""The codebook panel and the factor-by-theme grid, driven as a researcher would, with every
edit undone again through the context's undo stack."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.codebook import SELECTION_MIME, CodebookPanel, FrameworkEditor
from app.ui.codebook.dialogs import MergeDialog
from app.ui.commands.codebook import ImportCodebook
from app.ui.context import AppContext
from tests.ui.dragdrop import drop_on

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot: QtBot, context: AppContext) -> CodebookPanel:
    widget = CodebookPanel(context)
    qtbot.addWidget(widget)
    widget.resize(480, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _project(context: AppContext) -> Project:
    assert context.project is not None
    return context.project


def _code_id(context: AppContext, name: str) -> int:
    code = _project(context).codebook.find(name)
    assert code is not None, name
    return code.id


def _click_code(qtbot: QtBot, panel: CodebookPanel, code_id: int) -> None:
    index = panel.model.index_of(code_id)
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _when_modal(handle: Callable[[QDialog], None]) -> None:
    """Answer the next modal dialog from inside its own event loop, as a user would."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        assert isinstance(dialog, QDialog)
        handle(dialog)

    QTimer.singleShot(0, answer)


def _type_into_editor(qtbot: QtBot, panel: CodebookPanel, text: str) -> None:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits an editor's text from a queued call once Return is handled.
    qtbot.waitUntil(lambda: panel.view.state() != QAbstractItemView.State.EditingState)


def test_new_factor_from_the_toolbar_is_named_inline_and_undone(
    qtbot: QtBot, panel: CodebookPanel, context: AppContext
) -> None:
    before = _project(context).codebook.list()
    button = panel.toolbar.widgetForAction(panel.new_action)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _type_into_editor(qtbot, panel, "Peer support groups")

    made = _project(context).codebook.find("Peer support groups")
    assert made is not None and made.parent_id is None
    assert panel.current_code() == made.id
    assert made.colour not in {code.colour for code in before}
    context.undo_stack.undo()  # the rename
    assert _project(context).codebook.get(made.id).name == "New factor"
    context.undo_stack.undo()  # the factor itself
    assert _project(context).codebook.list() == before
    context.undo_stack.redo()
    assert _project(context).codebook.get(made.id).name == "New factor"


def test_f2_renames_the_current_factor_and_undo_renames_it_back(
    qtbot: QtBot, panel: CodebookPanel, context: AppContext
) -> None:
    education = _code_id(context, "Education")
    _click_code(qtbot, panel, education)

    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    _type_into_editor(qtbot, panel, "Formal education")

    assert _project(context).codebook.get(education).name == "Formal education"
    assert panel.model.index_of(education).data() == "Formal education"
    context.undo_stack.undo()
    assert _project(context).codebook.get(education).name == "Education"


def test_dragging_a_factor_onto_another_nests_it_and_undo_puts_it_back(
    panel: CodebookPanel, context: AppContext
) -> None:
    before = _project(context).codebook.list()
    income = _code_id(context, "Household income")
    employed = _code_id(context, "Being employed")
    model = panel.model
    data = model.mimeData([model.index_of(income)])
    target = panel.view.visualRect(model.index_of(employed)).center()

    assert drop_on(panel.view.viewport(), target, data, Qt.DropAction.MoveAction)

    assert _project(context).codebook.get(income).parent_id == employed
    assert model.parent(model.index_of(income)).internalId() == employed
    assert panel.view.isExpanded(model.index_of(employed))
    context.undo_stack.undo()
    assert _project(context).codebook.list() == before


def test_dropping_a_factor_inside_its_own_child_changes_nothing(
    panel: CodebookPanel, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusals: list[str] = []
    monkeypatch.setattr(panel, "_refused", refusals.append)
    panel.model.editRefused.disconnect()
    panel.model.editRefused.connect(refusals.append)
    advocacy = _code_id(context, "Advocacy (self, familial, not-for-profit, paid)")
    paid = _code_id(context, "Paid advocacy")
    before = _project(context).codebook.list()
    data = panel.model.mimeData([panel.model.index_of(advocacy)])

    panel.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, panel.model.index_of(paid))

    assert _project(context).codebook.list() == before
    assert context.undo_stack.count() == 0
    assert refusals and "inside itself" in refusals[0]


def test_merging_two_factors_through_the_dialog_and_undoing_it(
    qtbot: QtBot, panel: CodebookPanel, context: AppContext
) -> None:
    project = _project(context)
    study = project.studies.list()[0]
    income = _code_id(context, "Household income")
    employed = _code_id(context, "Being employed")
    passage = project.passages.add_text(study.id, 0, 0, 0, 10, (income, employed))
    other = project.passages.add_text(study.id, 0, 20, 0, 30, (income,))
    before = project.codebook.list()
    _click_code(qtbot, panel, income)

    def choose_employed(dialog: QDialog) -> None:
        assert isinstance(dialog, MergeDialog)
        rows = [dialog.targets.item(r) for r in range(dialog.targets.count())]
        row = next(i for i, item in enumerate(rows) if item.text().strip() == "Being employed")
        dialog.targets.setCurrentRow(row)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _when_modal(choose_employed)
    panel.merge_action.trigger()

    assert project.codebook.find("Household income") is None
    assert project.passages.get(passage.id).code_ids == (employed,)
    assert project.passages.get(other.id).code_ids == (employed,)
    assert panel.model.code_by_id(income) is None
    context.undo_stack.undo()
    assert project.codebook.list() == before
    assert set(project.passages.get(passage.id).code_ids) == {income, employed}
    assert project.passages.get(other.id).code_ids == (income,)


def test_delete_asks_with_the_coding_count_and_undo_restores(
    qtbot: QtBot, panel: CodebookPanel, context: AppContext
) -> None:
    project = _project(context)
    study = project.studies.list()[0]
    education = _code_id(context, "Education")
    passage = project.passages.add_text(study.id, 0, 0, 0, 10, (education,))
    _click_code(qtbot, panel, education)
    asked: list[str] = []

    def confirm(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        qtbot.mouseClick(dialog.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    _when_modal(confirm)
    panel.delete_action.trigger()

    assert "1 coding goes with it" in asked[0]
    assert project.codebook.find("Education") is None
    context.undo_stack.undo()
    assert project.codebook.get(education).name == "Education"
    assert project.passages.get(passage.id).code_ids == (education,)


def test_clicking_a_factor_activates_it_and_a_dropped_selection_names_it(
    qtbot: QtBot, panel: CodebookPanel, context: AppContext
) -> None:
    education = _code_id(context, "Education")
    with qtbot.waitSignal(panel.codeActivated) as activated:
        _click_code(qtbot, panel, education)
    assert activated.args == [education]

    selection = QMimeData()  # what the page view puts on the drag of a selection
    selection.setData(SELECTION_MIME, b"")
    target = panel.view.visualRect(panel.model.index_of(education)).center()
    with qtbot.waitSignal(panel.selectionDropped) as dropped:
        assert drop_on(panel.view.viewport(), target, selection)
    assert dropped.args == [education]
    assert not panel.model.canDropMimeData(
        selection, Qt.DropAction.CopyAction, -1, -1, QModelIndex()
    )
    assert panel.first_codes(3) == [c.id for c in _project(context).codebook.list()[:3]]


def test_ticking_two_themes_in_the_grid_puts_a_factor_under_both(
    qtbot: QtBot, context: AppContext
) -> None:
    editor = FrameworkEditor(context)
    qtbot.addWidget(editor)
    editor.resize(1000, 500)
    editor.show()
    qtbot.waitExposed(editor)
    project = _project(context)
    networks = _code_id(context, "Informal networks and support")
    themes = {t.name: t for t in project.frameworks.themes(editor.framework_id())}
    columns = {editor.grid_model.theme_at(c).name: c for c in range(4)}
    before = project.frameworks.mapping()

    for name in ("Symbolic capital", "Economic capital"):
        rect = editor.grid.cell_rect(networks, columns[name])
        qtbot.mouseClick(editor.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert set(project.frameworks.mapping()[networks]) == {
        themes["Social capital"].id,
        themes["Symbolic capital"].id,
        themes["Economic capital"].id,
    }
    index = editor.grid_model.index(editor.grid_model.row_of(networks), columns["Symbolic capital"])
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    rect = editor.grid.cell_rect(networks, columns["Social capital"])
    qtbot.mouseClick(editor.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert themes["Social capital"].id not in project.frameworks.mapping()[networks]

    for _ in range(3):
        context.undo_stack.undo()
    assert project.frameworks.mapping() == before


def test_dropping_factors_on_a_theme_header_maps_them_in_one_undo_step(
    qtbot: QtBot, panel: CodebookPanel, context: AppContext
) -> None:
    editor = FrameworkEditor(context)
    qtbot.addWidget(editor)
    editor.resize(1180, 640)
    editor.show()
    qtbot.waitExposed(editor)
    project = _project(context)
    education = _code_id(context, "Education")
    income = _code_id(context, "Household income")
    symbolic = next(
        c
        for c in range(editor.grid_model.columnCount())
        if editor.grid_model.theme_at(c).name == "Symbolic capital"
    )
    before = project.frameworks.mapping()
    # What the codebook tree puts on the drag when the two factors are dragged from it.
    mime = panel.model.mimeData([panel.model.index_of(education), panel.model.index_of(income)])
    header = editor.grid.horizontalHeader()
    section = QPoint(header.sectionViewportPosition(symbolic) + 10, header.height() // 2)

    assert header.viewport().acceptDrops()
    assert drop_on(header.viewport(), section, mime)

    theme_id = editor.grid_model.theme_at(symbolic).id
    assert theme_id in project.frameworks.mapping()[education]
    assert theme_id in project.frameworks.mapping()[income]
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert project.frameworks.mapping() == before


def test_dropping_a_factor_on_a_cell_puts_it_under_that_column_s_theme(
    qtbot: QtBot, panel: CodebookPanel, context: AppContext
) -> None:
    editor = FrameworkEditor(context)
    qtbot.addWidget(editor)
    editor.resize(1180, 640)
    editor.show()
    qtbot.waitExposed(editor)
    project = _project(context)
    education = _code_id(context, "Education")
    income = _code_id(context, "Household income")
    social = next(
        c
        for c in range(editor.grid_model.columnCount())
        if editor.grid_model.theme_at(c).name == "Social capital"
    )
    mime = panel.model.mimeData([panel.model.index_of(education)])
    cell = editor.grid.cell_rect(income, social).center()  # any row: the column decides

    assert drop_on(editor.grid.viewport(), cell, mime)

    theme_id = editor.grid_model.theme_at(social).id
    assert theme_id in project.frameworks.mapping()[education]
    assert theme_id not in project.frameworks.mapping()[income]


def test_importing_a_codebook_is_one_step_that_undo_takes_back_and_redo_restores(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    sheet = tmp_path / "draft.csv"
    sheet.write_text(
        "factor;definition;themes\n"
        "Trust;Belief in providers;Relational\n"
        "Education;Degrees held;Relational\n"
        "Peer mentoring;;Relational;Support\n",
        encoding="utf-8",
    )
    project = context.require()
    education = project.codebook.find("Education")
    assert education is not None and education.definition
    before_codes = {c.id for c in project.codebook.list()}
    before_frameworks = {f.id for f in project.frameworks.list()}
    editor = FrameworkEditor(context)
    qtbot.addWidget(editor)

    with qtbot.waitSignal(editor.imported, timeout=20_000) as ended:
        assert editor.import_codebook_from(sheet)
    command = ended.args[0] if ended.args else None
    assert isinstance(command, ImportCodebook)
    assert context.undo_stack.command(context.undo_stack.index() - 1) is command
    assert editor.report is not None
    trust = project.codebook.find("Trust")
    assert trust is not None
    added_ids = {c.id for c in project.codebook.list()} - before_codes
    assert len(added_ids) == 2
    assert project.codebook.find("Education").id == education.id  # type: ignore[union-attr]

    context.undo_stack.undo()
    assert {c.id for c in project.codebook.list()} == before_codes
    assert {f.id for f in project.frameworks.list()} == before_frameworks
    assert project.frameworks.themes_of(education.id) == [
        t for t in project.frameworks.themes_of(education.id) if t.framework_id in before_frameworks
    ]

    context.undo_stack.redo()
    assert {c.id for c in project.codebook.list()} - before_codes == added_ids
    assert project.codebook.find("Trust").id == trust.id  # type: ignore[union-attr]
    relational = [t for t in project.frameworks.themes() if t.name == "Relational"]
    assert len(relational) == 1
    assert education.id in project.frameworks.codes_of(relational[0].id)
