"""Undo and redo of coding edits, checked against what the project file holds."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.commands.base import push
from app.ui.commands.memos import EditMemo
from app.ui.commands.passages import ApplyCode, CreatePassage, DeletePassage, RemoveCode
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pageview.selection import TextSelection
from tests.ui.conftest import stored

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def studies(project: Project) -> list[int]:
    return [s.id for s in project.studies.list()]


def first_line(project: Project, study_id: int) -> TextSelection:
    text = project.studies.text(study_id, 0)
    end = text.index("\n") if "\n" in text else len(text)
    return TextSelection(study_id, 0, 0, 0, end, text[:end])


def test_create_passage_redo_after_undo_keeps_the_same_id(context: AppContext) -> None:
    project = context.require()
    study = studies(project)[0]
    code = project.codebook.list()[0]
    command = CreatePassage.for_text(project, study, (0, 0, 0, 10), (code.id,))
    push(context.undo_stack, command)
    made = command.passage_id
    assert made is not None
    context.undo_stack.undo()
    with stored(project.path) as reader:
        assert reader.passages.list(study_id=study) == []
    context.undo_stack.redo()
    with stored(project.path) as reader:
        (back,) = reader.passages.list(study_id=study)
    assert (back.id, back.code_ids) == (made, (code.id,))


def test_apply_and_remove_code_undo_touch_only_that_factor(context: AppContext) -> None:
    project = context.require()
    first, second = project.codebook.list()[:2]
    passage = project.passages.add_text(studies(project)[0], 0, 0, 0, 10, (first.id,))
    push(context.undo_stack, ApplyCode(project, passage, second.id))
    push(context.undo_stack, RemoveCode(project, project.passages.get(passage.id), first.id))
    with stored(project.path) as reader:
        assert reader.passages.get(passage.id).code_ids == (second.id,)
    context.undo_stack.undo()
    context.undo_stack.undo()
    with stored(project.path) as reader:
        assert reader.passages.get(passage.id).code_ids == (first.id,)


def test_delete_passage_undo_restores_factors_and_memo(context: AppContext) -> None:
    project = context.require()
    codes = tuple(code.id for code in project.codebook.list()[:2])
    passage = project.passages.add_text(studies(project)[0], 0, 0, 0, 10, codes)
    project.memos.set("passage", passage.id, "A mother's account of the review.")
    push(context.undo_stack, DeletePassage(project, passage))
    with stored(project.path) as reader:
        assert passage.id not in {p.id for p in reader.passages.list()}
    context.undo_stack.undo()
    with stored(project.path) as reader:
        back = reader.passages.get(passage.id)
        memo = reader.memos.get("passage", passage.id)
    assert back.code_ids == codes
    assert memo == "A mother's account of the review."


def test_consecutive_memo_edits_undo_as_one_step(context: AppContext) -> None:
    project = context.require()
    push(context.undo_stack, EditMemo(project, "project", None, "", "Cap"))
    push(context.undo_stack, EditMemo(project, "project", None, "Cap", "Capitals"))
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    with stored(project.path) as reader:
        assert reader.memos.get("project") == ""


def test_a_refused_edit_never_enters_the_stack(context: AppContext) -> None:
    project = context.require()
    command = CreatePassage.for_text(project, studies(project)[0], (0, 5, 0, 5), ())
    with pytest.raises(Exception, match="at least one character"):
        push(context.undo_stack, command)
    assert context.undo_stack.count() == 0


def test_ctrl_z_then_ctrl_shift_z_brings_the_passage_back_with_its_id(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = studies(project)[0]
    window.context.select_study(study)
    window.view.set_selection(first_line(project, study))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    with stored(project.path) as reader:
        (made,) = reader.passages.list(study_id=study)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    with stored(project.path) as reader:
        assert reader.passages.list(study_id=study) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    with stored(project.path) as reader:
        (back,) = reader.passages.list(study_id=study)
    assert (back.id, back.code_ids) == (made.id, made.code_ids)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Y, CTRL)
    with stored(project.path) as reader:
        assert [p.id for p in reader.passages.list(study_id=study)] == [made.id]


def test_undo_after_switching_study_undoes_and_shows_that_study(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    alpha, beta = studies(project)[:2]
    window.context.select_study(alpha)
    window.view.set_selection(first_line(project, alpha))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.context.select_study(beta)
    assert window.context.study_id == beta
    window.acts.undo.trigger()
    with stored(project.path) as reader:
        assert reader.passages.list(study_id=alpha) == []
    assert window.context.study_id == alpha


def test_deleting_the_selected_passage_with_the_delete_key_can_be_undone(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = studies(project)[0]
    codes = tuple(code.id for code in project.codebook.list()[:2])
    passage = project.passages.add_text(study, 0, 0, 0, 10, codes)
    project.memos.set("passage", passage.id, "Kept through undo.")
    window.context.select_study(study)
    window.view.select_passage(passage.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    with stored(project.path) as reader:
        assert reader.passages.list(study_id=study) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    with stored(project.path) as reader:
        back = reader.passages.get(passage.id)
        assert reader.memos.get("passage", passage.id) == "Kept through undo."
    assert back.code_ids == codes


def test_memo_typing_is_saved_after_a_pause_and_undo_reverts_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    study = studies(project)[0]
    passage = project.passages.add_text(study, 0, 0, 0, 10)
    window.context.select_study(study)
    window.view.select_passage(passage.id)
    editor = window.memo.editor
    assert editor.target == ("passage", passage.id)
    editor.setFocus()
    qtbot.keyClicks(editor, "Parents negotiated")

    def saved() -> bool:
        with stored(project.path) as reader:
            return reader.memos.get("passage", passage.id) == "Parents negotiated"

    qtbot.waitUntil(saved)
    qtbot.keyClicks(editor, " hard")
    # Ctrl+Z inside the memo is the project's undo, taking back the whole run of typing.
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    with stored(project.path) as reader:
        assert reader.memos.get("passage", passage.id) == ""
    assert editor.toPlainText() == ""
