"""A memo editor that saves as you type.

What is typed is written once typing pauses (SAVE_DELAY_MS), and at once when the editor
loses focus, turns to another memo (another passage, study or factor) or its project closes,
through an EditMemo command: a crash loses at most the last pause's worth of keys, and a
burst of typing is one write, not one per key. The undo stack merges consecutive edits of
the same memo: one Ctrl+Z takes back the whole run of typing. The editor keeps no undo
history of its own: Ctrl+Z here means the project's undo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.core.errors import CoreError
from app.core.memos import Target
from app.core.project import Change
from app.ui.commands.base import push
from app.ui.commands.memos import EditMemo
from app.ui.context import AppContext

SAVE_DELAY_MS = 400
REDO_KEYS = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


def _is_undo_or_redo(event: QKeyEvent) -> bool:
    if event.type() != QEvent.Type.ShortcutOverride:
        return False
    if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
        return True
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for keys in REDO_KEYS)


class MemoEditor(QPlainTextEdit):
    failed = Signal(str)
    saved = Signal()  # what was typed is in the project file

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._target: tuple[Target, int | None] | None = None
        self._study_id: int | None = None
        self._loading = False
        self._dirty = False  # typed since the last save
        self._saved = ""  # the memo as the project file has it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.setUndoRedoEnabled(False)
        self.setEnabled(False)
        self.textChanged.connect(self._on_text_changed)
        context.changed.connect(self._on_change)

    @property
    def target(self) -> tuple[Target, int | None] | None:
        return self._target

    def set_target(
        self, target: Target | None, target_id: int | None = None, study_id: int | None = None
    ) -> None:
        """Edit another memo; what was typed for the previous one is saved first."""
        if self._target == (target, target_id) and target is not None:
            return
        self.save()
        self._target = None if target is None else (target, target_id)
        self._study_id = study_id
        self.setEnabled(target is not None and self._context.project is not None)
        self._load()

    def pending(self) -> bool:
        return self._timer.isActive()

    def save(self) -> None:
        """Write what was typed since the last save; nothing when nothing was typed."""
        self._timer.stop()
        project = self._context.project
        if not self._dirty or project is None or self._target is None:
            return
        self._dirty = False
        target, target_id = self._target
        old, new = self._saved, self.toPlainText()
        if new == old:
            return
        try:
            # Marked as this editor's own, so its echo does not reload the text under the caret.
            with project.acting_as(self):
                push(
                    self._context.undo_stack,
                    EditMemo(project, target, target_id, old, new, self._study_id),
                )
        except CoreError as error:
            self.failed.emit(str(error))
            return
        self._saved = new
        self.saved.emit()

    def _load(self) -> None:
        project = self._context.project
        text = "" if project is None or self._target is None else project.memos.get(*self._target)
        self._dirty = False
        self._saved = text
        if text != self.toPlainText():
            self._loading = True
            try:
                self.setPlainText(text)
            finally:
                self._loading = False

    def _on_text_changed(self) -> None:
        if not self._loading and self._target is not None:
            self._dirty = True
            self._timer.start()

    def _on_change(self, change: Change) -> None:
        # Undo and redo change memos under the editor; typing in progress wins until saved.
        if change.origin is self or self.pending() or "memos" not in change.kinds:
            return
        if change.whole("memos") or self._target in change.memos:
            self._load()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and _is_undo_or_redo(event):
            # Let the window's Undo/Redo act, on a memo that is saved up to the last key.
            self.save()
            event.ignore()
            return True
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.save()
        super().focusOutEvent(event)
