"""The window's coding gestures: number keys, Code with…, the passage menu, Delete.

Each builds one undo command over core and pushes it; core's refusal becomes a message.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from app.core.errors import CoreError, NotFound
from app.core.project import Project
from app.ui.codebook import CodebookPanel
from app.ui.coding import Coder, as_passage
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.codebook import AddCode
from app.ui.commands.passages import ApplyCode, DeletePassage, RemoveCode
from app.ui.commands.reanchor import ResizePassage
from app.ui.context import AppContext
from app.ui.pageview import PageView
from app.ui.window.code_picker import CodePicker
from app.ui.window.passage_menu import passage_menu
from app.ui.window.popup_place import beside

NUMBER_KEYS = 9


class CodingActions(QObject):
    def __init__(
        self,
        context: AppContext,
        window: QMainWindow,
        view: PageView,
        coder: Coder,
        codebook: CodebookPanel,
        centre: QWidget,
        edit_memo: Callable[[int], None],
        refuse: Callable[[str], object],
    ):
        super().__init__(window)
        self._context = context
        self._window = window
        self._view = view
        self._coder = coder
        self._codebook = codebook
        self._centre = centre  # the Code with… popup opens over it when nothing is selected
        self._edit_memo = edit_memo
        self._refuse = refuse
        self.picker: CodePicker | None = None

    def code_with_number(self, number: int) -> int | None:
        codes = self._codebook.first_codes(NUMBER_KEYS)
        if not 1 <= number <= len(codes):
            self._window.statusBar().showMessage(
                f"No factor number {number} in the codebook.", 4000
            )
            return None
        return self._coder.code_with(codes[number - 1])

    def show_code_picker(self) -> CodePicker | None:
        project = self._context.project
        if project is None or not self._coder.enabled:
            return None
        picker = CodePicker(project.codebook.list(), self._window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.codeChosen.connect(self._coder.code_with)
        picker.createRequested.connect(self.create_and_apply)
        picker.popup(self._picker_place(picker.popup_size()))
        self.picker = picker
        return picker

    def _picker_place(self, size: QSize) -> QPoint:
        """Beside the selection, never over it; with nothing selected on screen, centred."""
        around = self._view.selection_rect()
        if around is None:
            centre = self._centre.mapToGlobal(self._centre.rect().center())
            return centre - QPoint(size.width() // 2, size.height() // 2)
        viewport = self._view.viewport()
        target = QRect(viewport.mapToGlobal(around.topLeft()), around.size())
        screen = (viewport.screen() or self._window.screen()).availableGeometry()
        return beside(target, size, screen)

    def create_and_apply(self, name: str) -> int | None:
        project = self._context.project
        if project is None:
            return None
        existing = project.codebook.find(name)
        if existing is not None:
            return self._coder.code_with(existing.id)
        # One undo step takes back both the coding and the factor made for it.
        stack = self._context.undo_stack
        stack.beginMacro(f"Code with new factor {name!r}")
        try:
            add = AddCode(project, name)
            try:
                push(stack, add)
            except CoreError as error:
                self._refuse(str(error))
                return None
            assert add.code_id is not None
            return self._coder.code_with(add.code_id)
        finally:
            stack.endMacro()

    def selected_passage_id(self) -> int | None:
        project = self._context.project
        passage = None if project is None else as_passage(project, self._view.selected_passage())
        return None if passage is None else passage.id

    def delete_selected_passage(self) -> None:
        passage_id = self.selected_passage_id()
        if passage_id is not None and self._coder.enabled:
            self.run(lambda p: DeletePassage(p, p.passages.get(passage_id)))

    def resize_passage(self, passage_id: int, to: object) -> None:
        """A grip of a passage dragged on the page: one undo step moves its extent."""
        if not self._coder.enabled or not isinstance(to, tuple):
            return
        self.run(lambda p: ResizePassage(p, p.passages.get(passage_id), to))

    def show_passage_menu(self, passage_id: int, position: QPoint) -> None:
        project = self._context.project
        if project is None or not self._coder.enabled:
            return
        try:
            passage = project.passages.get(passage_id)
        except NotFound:
            return
        menu = self.passage_menu(passage.id)
        menu.exec(position if isinstance(position, QPoint) else QCursor.pos())

    def passage_menu(self, passage_id: int) -> QMenu:
        project = self._context.require()
        passage = project.passages.get(passage_id)
        return passage_menu(
            passage,
            project.codebook.list(),
            apply=lambda c: self.run(lambda p: ApplyCode(p, p.passages.get(passage_id), c)),
            remove=lambda c: self.run(lambda p: RemoveCode(p, p.passages.get(passage_id), c)),
            edit_memo=lambda: self._edit_memo(passage_id),
            delete=lambda: self.run(lambda p: DeletePassage(p, p.passages.get(passage_id))),
            parent=self._window,
        )

    def run(self, make: Callable[[Project], ProjectCommand]) -> None:
        """Build a command from the project and push it; core's refusal becomes a message."""
        project = self._context.project
        if project is None:
            return
        try:
            push(self._context.undo_stack, make(project))
        except CoreError as error:
            self._refuse(str(error))
