"""Random editing sessions, undo and redo included, checked against a model after every step.

The model knows what each edit must do to factors, passages, codings and memos, and keeps
every state the session went through: undo steps back along them, redo forward, a new edit
cuts off the redo branch. After each step the project file, read straight from SQLite, must
hold exactly the model's current state, ids and guids included; at the end every step is
undone and the file must be back where the session began. Some steps run while the disk
refuses writes: then nothing may change, neither the file nor the stack.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.core.project import Project
from app.ui.commands.base import ProjectCommand, ProjectUndoStack, Refused, push
from app.ui.commands.codebook import AddCode, DeleteCode, MergeCodes, SplitCode
from app.ui.commands.memos import EditMemo
from app.ui.commands.passages import (
    ApplyCode,
    CreatePassage,
    DeletePassage,
    RemoveCode,
)
from tests.conftest import ONE_COLUMN, make_pdf
from tests.ui.refusing import file_state, refusing_writes

State = dict[str, Any]
NAMES = st.sampled_from(["Education", "Income", "Networks", "Advocacy", "Skills", "Funds"])
TEXTS = st.sampled_from(["", "A mother's account.", "Quote this.", "Compare with Hall."])


def _seed_project(folder: Path) -> Path:
    """One study and no factors, built once and copied for every example."""
    path = folder / "seed.habitus"
    pdf = make_pdf(folder / "study.pdf", [ONE_COLUMN])
    with Project.create(path) as project:
        assert project.import_pdfs([pdf]).added
    return path


class UndoSession(RuleBasedStateMachine):
    seed: Path

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="undo-model-"))
        path = self.folder / "review.habitus"
        shutil.copyfile(self.seed, path)
        self.project = Project.open(path)
        self.study = self.project.studies.list()[0].id
        self.length = len(self.project.studies.text(self.study, 0))
        self.stack = ProjectUndoStack()
        self.refusals: list[str] = []
        self.stack.refused.connect(self.refusals.append)
        self.states: list[State] = [file_state(path)]
        self.index = 0
        # What each state's last edit was, so that memo edits merge as the stack merges them.
        self.edits: list[tuple[str, int] | None] = [None]

    def teardown(self) -> None:
        self.project.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- the model -------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self.states[self.index]

    def _do(self, command: ProjectCommand, expect: Any, edit: tuple[str, int] | None = None):
        """Push a command; `expect(state, live)` makes the model's next state from the
        current one (`live` is the file after the edit, for the ids it handed out)."""
        push(self.stack, command)
        live = file_state(self.project.path)
        following = copy.deepcopy(self.state)
        expect(following, live)
        merged = edit is not None and edit[0] == "memo" and self.edits[self.index] == edit
        if merged:
            self.states[self.index] = following
        else:
            del self.states[self.index + 1 :]
            del self.edits[self.index + 1 :]
            self.states.append(following)
            self.edits.append(edit)
            self.index += 1
        return command

    def _codes(self) -> list[int]:
        return sorted(self.state["codes"])

    def _passages(self) -> list[int]:
        return sorted(self.state["passages"])

    # --- edits -----------------------------------------------------------------------------

    @rule(name=NAMES, nested=st.booleans(), data=st.data())
    def add_factor(self, name: str, nested: bool, data: st.DataObject) -> None:
        parent = data.draw(st.sampled_from(self._codes())) if nested and self._codes() else None

        def expect(state: State, live: State) -> None:
            (new,) = set(live["codes"]) - set(state["codes"])
            state["codes"][new] = (live["codes"][new][0], name, parent)

        self._do(AddCode(self.project, name, parent), expect)

    @rule(data=st.data())
    def code_a_passage(self, data: st.DataObject) -> None:
        start = data.draw(st.integers(0, self.length - 2))
        end = data.draw(st.integers(start + 1, self.length))
        codes = (
            tuple(data.draw(st.lists(st.sampled_from(self._codes()), max_size=2, unique=True)))
            if self._codes()
            else ()
        )

        def expect(state: State, live: State) -> None:
            (new,) = set(live["passages"]) - set(state["passages"])
            guid, codings = live["passages"][new]
            assert set(codings) == set(codes)
            state["passages"][new] = (guid, dict(codings))

        span = (0, start, 0, end)
        self._do(CreatePassage.for_text(self.project, self.study, span, codes), expect)

    @precondition(lambda self: self._codes() and self._passages())
    @rule(data=st.data())
    def apply_factor(self, data: st.DataObject) -> None:
        passage = data.draw(st.sampled_from(self._passages()))
        missing = [c for c in self._codes() if c not in self.state["passages"][passage][1]]
        if not missing:
            return
        code = data.draw(st.sampled_from(missing))

        def expect(state: State, live: State) -> None:
            state["passages"][passage][1][code] = live["passages"][passage][1][code]

        self._do(ApplyCode(self.project, self.project.passages.get(passage), code), expect)

    @precondition(lambda self: any(c for _g, c in self.state["passages"].values()))
    @rule(data=st.data())
    def remove_factor(self, data: st.DataObject) -> None:
        coded = [p for p, (_g, c) in self.state["passages"].items() if c]
        passage = data.draw(st.sampled_from(sorted(coded)))
        code = data.draw(st.sampled_from(sorted(self.state["passages"][passage][1])))

        def expect(state: State, _live: State) -> None:
            del state["passages"][passage][1][code]

        self._do(RemoveCode(self.project, self.project.passages.get(passage), code), expect)

    @precondition(lambda self: self._passages())
    @rule(data=st.data())
    def delete_passage(self, data: st.DataObject) -> None:
        passage = data.draw(st.sampled_from(self._passages()))

        def expect(state: State, _live: State) -> None:
            del state["passages"][passage]
            state["memos"].pop(passage, None)

        self._do(DeletePassage(self.project, self.project.passages.get(passage)), expect)

    @precondition(lambda self: self._codes())
    @rule(data=st.data())
    def delete_factor(self, data: st.DataObject) -> None:
        code = data.draw(st.sampled_from(self._codes()))

        def expect(state: State, _live: State) -> None:
            _guid, _name, parent = state["codes"].pop(code)
            for other, (g, n, p) in list(state["codes"].items()):
                if p == code:
                    state["codes"][other] = (g, n, parent)
            for _g, codings in state["passages"].values():
                codings.pop(code, None)

        self._do(DeleteCode(self.project, code), expect)

    @precondition(lambda self: len(self._codes()) >= 2)
    @rule(data=st.data())
    def merge_factors(self, data: st.DataObject) -> None:
        source = data.draw(st.sampled_from(self._codes()))
        if self._within(source):
            return
        targets = [c for c in self._codes() if c != source and c not in self._within(source)]
        if not targets:
            return
        target = data.draw(st.sampled_from(targets))

        def expect(state: State, _live: State) -> None:
            state["codes"].pop(source)
            for other, (g, n, p) in list(state["codes"].items()):
                if p == source:
                    state["codes"][other] = (g, n, target)
            for _g, codings in state["passages"].values():
                if source in codings:
                    moved = codings.pop(source)
                    codings.setdefault(target, moved)

        self._do(MergeCodes(self.project, source, target), expect)

    def _within(self, code: int) -> set[int]:
        """The factor's sub-factors, at any depth."""
        found: set[int] = set()
        frontier = [code]
        while frontier:
            current = frontier.pop()
            for other, (_g, _n, parent) in self.state["codes"].items():
                if parent == current and other not in found:
                    found.add(other)
                    frontier.append(other)
        return found

    @precondition(lambda self: any(c for _g, c in self.state["passages"].values()))
    @rule(name=NAMES, data=st.data())
    def split_factor(self, name: str, data: st.DataObject) -> None:
        coded = sorted({c for _g, codings in self.state["passages"].values() for c in codings})
        code = data.draw(st.sampled_from(coded))
        holders = sorted(p for p, (_g, c) in self.state["passages"].items() if code in c)
        chosen = data.draw(st.lists(st.sampled_from(holders), min_size=1, unique=True))

        def expect(state: State, live: State) -> None:
            (new,) = set(live["codes"]) - set(state["codes"])
            state["codes"][new] = (live["codes"][new][0], name, state["codes"][code][2])
            for passage in chosen:
                state["passages"][passage][1][new] = state["passages"][passage][1].pop(code)

        self._do(SplitCode(self.project, code, chosen, name), expect)

    @precondition(lambda self: self._passages())
    @rule(text=TEXTS, data=st.data())
    def write_memo(self, text: str, data: st.DataObject) -> None:
        passage = data.draw(st.sampled_from(self._passages()))
        old = self.state["memos"].get(passage, "")
        if old == text:
            return

        def expect(state: State, _live: State) -> None:
            if text:
                state["memos"][passage] = text
            else:
                state["memos"].pop(passage, None)

        memo = EditMemo(self.project, "passage", passage, old, text, self.study)
        self._do(memo, expect, ("memo", passage))

    # --- undo and redo ---------------------------------------------------------------------

    @precondition(lambda self: self.index > 0)
    @rule()
    def undo(self) -> None:
        self.stack.undo()
        self.index -= 1

    @precondition(lambda self: self.index < len(self.states) - 1)
    @rule()
    def redo(self) -> None:
        self.stack.redo()
        self.index += 1

    @rule(step=st.sampled_from(["undo", "redo", "edit"]))
    def refused_while_the_disk_is_read_only(self, step: str) -> None:
        index, refusals = self.stack.index(), len(self.refusals)
        with refusing_writes(self.project):
            if step == "undo" and self.stack.canUndo():
                self.stack.undo()
                assert len(self.refusals) == refusals + 1
            elif step == "redo" and self.stack.canRedo():
                self.stack.redo()
                assert len(self.refusals) == refusals + 1
            elif step == "edit":
                try:
                    push(self.stack, AddCode(self.project, "Refused"))
                except Refused as error:
                    assert "read-only" in str(error)
                else:
                    raise AssertionError("an edit was recorded though the disk refused it")
        assert self.stack.index() == index

    # --- what must hold after every step ---------------------------------------------------

    @invariant()
    def the_file_holds_the_model_state(self) -> None:
        assert self.stack.index() == self.index
        assert file_state(self.project.path) == self.state

    def undo_everything(self) -> None:
        while self.stack.canUndo():
            self.stack.undo()
        assert file_state(self.project.path) == self.states[0]


def test_random_editing_sessions_match_the_model_and_undo_back_to_the_start(
    qapp: object, tmp_path: Path
) -> None:
    UndoSession.seed = _seed_project(tmp_path)
    original_teardown = UndoSession.teardown

    def teardown(self: UndoSession) -> None:
        try:
            self.undo_everything()
        finally:
            original_teardown(self)

    UndoSession.teardown = teardown  # type: ignore[method-assign]
    try:
        run_state_machine_as_test(
            UndoSession,
            settings=settings(
                max_examples=10,
                stateful_step_count=30,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    finally:
        UndoSession.teardown = original_teardown  # type: ignore[method-assign]
