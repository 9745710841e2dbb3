"""Undo and redo that cannot lie: a refusal leaves the stack and the file as they were."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.commands.base import push
from app.ui.commands.codebook import AddCode
from app.ui.commands.passages import ApplyCode, CreatePassage, RemoveCode
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.refusing import file_state, refusing_writes

CTRL = Qt.KeyboardModifier.ControlModifier


def _study(project: Project) -> int:
    return project.studies.list()[0].id


def test_a_refused_undo_keeps_the_passage_and_the_stack_and_says_why(
    context: AppContext, qtbot: QtBot
) -> None:
    project = context.require()
    stack = context.undo_stack
    code = project.codebook.list()[0]
    command = CreatePassage.for_text(project, _study(project), (0, 0, 0, 10), (code.id,))
    push(stack, command)
    before = file_state(project.path)

    with refusing_writes(project), qtbot.waitSignal(stack.refused) as refusal:
        stack.undo()
    assert "could not be undone" in refusal.args[0] and "read-only" in refusal.args[0]
    assert stack.index() == 1
    assert file_state(project.path) == before

    # Once the disk takes writes again, undo and redo work and never double the passage.
    stack.undo()
    assert command.passage_id not in file_state(project.path)["passages"]
    stack.redo()
    assert file_state(project.path) == before


def test_a_refused_redo_leaves_the_redo_waiting(context: AppContext, qtbot: QtBot) -> None:
    project = context.require()
    stack = context.undo_stack
    push(stack, AddCode(project, "Transport"))
    stack.undo()
    before = file_state(project.path)
    with refusing_writes(project), qtbot.waitSignal(stack.refused):
        stack.redo()
    assert (stack.index(), stack.canRedo()) == (0, True)
    assert file_state(project.path) == before
    stack.redo()
    assert "Transport" in {name for _g, name, _p in file_state(project.path)["codes"].values()}


def test_a_refused_macro_undo_is_undone_whole_or_not_at_all(
    context: AppContext, qtbot: QtBot
) -> None:
    project = context.require()
    stack = context.undo_stack
    stack.beginMacro("Code with new factor")
    add = AddCode(project, "Transport")
    push(stack, add)
    assert add.code_id is not None
    push(stack, CreatePassage.for_text(project, _study(project), (0, 0, 0, 10), (add.code_id,)))
    stack.endMacro()
    before = file_state(project.path)
    with refusing_writes(project), qtbot.waitSignal(stack.refused):
        stack.undo()
    assert stack.index() == 1 and file_state(project.path) == before
    stack.undo()
    stack.redo()
    assert file_state(project.path) == before


def test_undo_and_redo_bring_back_the_same_codings(context: AppContext) -> None:
    project = context.require()
    stack = context.undo_stack
    first, second = project.codebook.list()[:2]
    passage = project.passages.add_text(_study(project), 0, 0, 0, 10, (first.id,))
    original = file_state(project.path)["passages"][passage.id][1][first.id]
    push(stack, ApplyCode(project, passage, second.id))
    push(stack, RemoveCode(project, project.passages.get(passage.id), first.id))
    after = file_state(project.path)
    stack.undo()
    stack.undo()
    assert file_state(project.path)["passages"][passage.id][1] == {first.id: original}
    stack.redo()
    stack.redo()
    assert file_state(project.path) == after


def test_ctrl_z_on_a_read_only_disk_shows_why_and_keeps_the_edit(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    project = context.require()
    push(context.undo_stack, AddCode(project, "Transport"))
    before = file_state(project.path)
    with refusing_writes(project):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    box = window.messages[-1]
    assert "could not be undone" in box.text()
    assert context.undo_stack.index() == 1 and file_state(project.path) == before
