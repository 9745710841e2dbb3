"""The codebook panel: the factor tree with its counts, and every edit of the codebook.

The main window embeds it in a dock; clicking a factor (or pressing Enter on it) emits
`codeActivated`, a page selection dropped on a factor emits `selectionDropped`. Every edit
goes on the context's undo stack as one command calling core.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHeaderView,
    QMenu,
    QMessageBox,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CoreError
from app.core.project import Change
from app.core.types import Code
from app.ui.codebook.dialogs import DefinitionDialog, MergeDialog, SplitDialog
from app.ui.codebook.tree_model import CodebookModel
from app.ui.codebook.wrap_delegate import WrappingNames
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.codebook import AddCode, DeleteCode, EditCode, MergeCodes, SplitCode
from app.ui.context import AppContext


class CodebookTree(QTreeView):
    """The tree; Enter on a factor applies it, as a click does."""

    keyActivated = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.state() != QAbstractItemView.State.EditingState:
            index = self.currentIndex()
            if index.isValid():
                self.keyActivated.emit(index)
                return
        super().keyPressEvent(event)


class CodebookPanel(QWidget):
    codeActivated = Signal(int)  # apply this factor to the current page selection
    selectionDropped = Signal(int)  # a page selection was dropped on this factor

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("CodebookPanel")
        self.context = context
        self.model = CodebookModel(context, self)
        self._collapsed: set[int] = set()
        self._current: int | None = None

        self.view = CodebookTree(self)
        self.view.setModel(self.model)
        self.view.setHeaderHidden(False)
        # Long factor names wrap onto a second line instead of ending in "…".
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setItemDelegateForColumn(0, WrappingNames(self.view))
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Wrapped rows take their height from the name column's width: measure again.
        header.sectionResized.connect(lambda *_: self.view.doItemsLayout())

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._make_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view)

        self.view.clicked.connect(self._activate)
        self.view.keyActivated.connect(self._activate)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.expanded.connect(lambda i: self._collapsed.discard(i.internalId()))
        self.view.collapsed.connect(lambda i: self._collapsed.add(i.internalId()))
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self.model.selectionDropped.connect(self.selectionDropped)
        self.model.editRefused.connect(self._refused)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        context.changed.connect(self._changed)
        context.projectOpened.connect(self.model.reload)
        context.projectClosed.connect(self.model.reload)
        self._restore()

    # --- what the main window uses ------------------------------------------------------

    def first_codes(self, n: int) -> list[int]:
        """The first `n` factors in display order: what number keys 1-9 apply."""
        return self.model.code_ids()[:n]

    def current_code(self) -> int | None:
        code = self.model.code(self.view.currentIndex())
        return None if code is None else code.id

    def select_code(self, code_id: int) -> None:
        index = self.model.index_of(code_id)
        if index.isValid():
            self.view.scrollTo(index)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    # --- actions ------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(
            text: str,
            slot: object,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        ) -> QAction:
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        self.new_action = action("New factor", self.new_code, "Ctrl+Shift+N")
        self.new_action.setToolTip("New factor (Ctrl+Shift+N)")
        # F2 is handled by the tree itself (its edit key); the action only starts editing.
        self.rename_action = QAction("Rename", self)
        self.rename_action.setToolTip("Rename (F2)")
        self.rename_action.triggered.connect(self.rename_current)
        self.colour_action = action("Colour…", self.recolour_current)
        self.definition_action = action("Definition…", self.define_current)
        self.delete_action = action("Delete", self.delete_current, QKeySequence.StandardKey.Delete)
        self.merge_action = action("Merge into…", self.merge_current)
        self.split_action = action("Split…", self.split_current)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.rename_action)
        # The rarer edits share one menu so that a laptop's dock shows the whole toolbar.
        more = QMenu(self)
        for act in (
            self.definition_action,
            self.colour_action,
            self.merge_action,
            self.split_action,
        ):
            more.addAction(act)
        more.addSeparator()
        more.addAction(self.delete_action)
        self.more_button = QToolButton(self)
        self.more_button.setText("More")
        self.more_button.setMenu(more)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.more_button)
        self._current_changed()

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.new_action)
        if self.current_code() is not None:
            for act in (self.rename_action, self.definition_action, self.colour_action):
                menu.addAction(act)
            menu.addSeparator()
            for act in (self.merge_action, self.split_action, self.delete_action):
                menu.addAction(act)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def new_code(self) -> None:
        project = self.context.project
        if project is None:
            return
        names = {code.name.casefold() for code in project.codebook.list()}
        name, number = "New factor", 2
        while name.casefold() in names:
            name, number = f"New factor {number}", number + 1
        command = AddCode(project, name)
        if self._push(command) and command.code_id is not None:
            self.select_code(command.code_id)
            self.view.edit(self.model.index_of(command.code_id))

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(0))

    def recolour_current(self) -> None:
        code = self._code()
        if code is None:
            return
        colour = QColorDialog.getColor(QColor(code.colour), self, f"Colour of {code.name}")
        if colour.isValid() and colour.name() != code.colour:
            self._push(EditCode(self.context.require(), code.id, colour=colour.name()))

    def define_current(self) -> None:
        code = self._code()
        if code is None:
            return
        dialog = DefinitionDialog(code, self)
        if dialog.exec() and dialog.definition() != code.definition:
            self._push(EditCode(self.context.require(), code.id, definition=dialog.definition()))

    def delete_current(self) -> None:
        code = self._code()
        if code is None:
            return
        project = self.context.require()
        count = project.codebook.coding_count(code.id)
        codings = "1 coding" if count == 1 else f"{count} codings"
        children = self.model.children_of(code.id)
        moved = " Its sub-factors move up a level." if children else ""
        answer = QMessageBox.question(
            self,
            "Delete factor",
            f"Delete “{code.name}”? {codings} {'goes' if count == 1 else 'go'} with it."
            f"{moved} Undo brings them back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._push(DeleteCode(project, code.id))

    def merge_current(self) -> None:
        code = self._code()
        if code is None:
            return
        excluded = {code.id, *self.model.descendants(code.id)}
        targets = [
            (other, self.model.depth(other.id))
            for other in map(self.model.code_by_id, self.model.code_ids())
            if other is not None and other.id not in excluded
        ]
        dialog = MergeDialog(code, targets, self)
        target = dialog.target_id() if dialog.exec() else None
        if target is not None:
            self._push(MergeCodes(self.context.require(), code.id, target))
            self.select_code(target)

    def split_current(self) -> None:
        code = self._code()
        if code is None:
            return
        project = self.context.require()
        studies = {study.id: study.name for study in project.studies.list()}
        passages = [
            (passage, studies.get(passage.study_id, ""))
            for passage in project.passages.list(code_id=code.id)
        ]
        if not passages:
            QMessageBox.information(
                self, "Split factor", f"“{code.name}” has no coded passages to split off."
            )
            return
        dialog = SplitDialog(code, passages, self)
        if dialog.exec():
            command = SplitCode(project, code.id, dialog.chosen(), dialog.new_name())
            if self._push(command) and command.new_id is not None:
                self.select_code(command.new_id)

    # --- plumbing -----------------------------------------------------------------------

    def _push(self, command: ProjectCommand) -> bool:
        try:
            push(self.context.undo_stack, command)
        except CoreError as error:
            self._refused(str(error))
            return False
        return True

    def _refused(self, message: str) -> None:
        QMessageBox.warning(self, "Codebook", message)

    def _code(self) -> Code | None:
        return self.model.code(self.view.currentIndex())

    def _activate(self, index: QModelIndex) -> None:
        code = self.model.code(index)
        if code is not None:
            self.codeActivated.emit(code.id)

    def _current_changed(self, *_args: object) -> None:
        code = self._code()
        has = code is not None
        self.context.codeSelected.emit(code.id if code is not None else None)
        for act in (
            self.rename_action,
            self.colour_action,
            self.definition_action,
            self.delete_action,
            self.merge_action,
            self.split_action,
        ):
            act.setEnabled(has)
        self.new_action.setEnabled(self.context.project is not None)

    def _changed(self, change: Change) -> None:
        self.model.on_change(change)

    def _remember(self) -> None:
        self._current = self.current_code()

    def _restore(self) -> None:
        # A reload rebuilds every index: open the tree again as the user left it.
        self.view.expandAll()
        for code_id in list(self._collapsed):
            index = self.model.index_of(code_id)
            if index.isValid():
                self.view.collapse(index)
            else:
                self._collapsed.discard(code_id)
        if self._current is not None:
            self.select_code(self._current)
        self._current_changed()
