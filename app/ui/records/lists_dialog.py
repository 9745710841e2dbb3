"""Editing the lists screening uses: groups, exclusion reasons and attributes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CoreError
from app.core.project import Change
from app.core.record_types import ATTRIBUTE_KINDS
from app.ui.commands.base import ProjectCommand, push
from app.ui.commands.records import (
    AddGroup,
    AddReason,
    ChangeAttribute,
    DefineAttribute,
    DeleteAttribute,
    DeleteGroup,
    DeleteReason,
    RenameGroup,
    RenameReason,
    ReorderList,
)
from app.ui.context import AppContext

ITEM_ID = Qt.ItemDataRole.UserRole


def _studies(count: int) -> str:
    return "1 study" if count == 1 else f"{count} studies"


class AttributeDialog(QDialog):
    """Name, type and (for a choice) the choices, one a line."""

    def __init__(self, parent: QWidget, name: str = "", kind: str = "text", choices: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Attribute")
        self.name = QLineEdit(name)
        self.kind = QComboBox()
        self.kind.addItems(list(ATTRIBUTE_KINDS))
        self.kind.setCurrentText(kind)
        self.choices = QLineEdit(choices)
        self.choices.setPlaceholderText("choices separated by ;")
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Type", self.kind)
        form.addRow("Choices", self.choices)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, list[str]]:
        choices = [c.strip() for c in self.choices.text().split(";") if c.strip()]
        return self.name.text(), self.kind.currentText(), choices


class _ListTab(QWidget):
    def __init__(
        self,
        on_add: Callable[[], None],
        on_edit: Callable[[], None],
        on_delete: Callable[[], None],
        edit_text: str = "Rename…",
        on_reorder: Callable[[list[int]], None] | None = None,
    ):
        super().__init__()
        self.list = QListWidget()
        add, edit, delete = QPushButton("Add…"), QPushButton(edit_text), QPushButton("Delete")
        self.add_button, self.edit_button, self.delete_button = add, edit, delete
        # The order the list is shown in tables, PRISMA and exports.
        up, down = QPushButton("Move up"), QPushButton("Move down")
        up.setToolTip("Move up (Alt+Up)")
        down.setToolTip("Move down (Alt+Down)")
        up.setShortcut("Alt+Up")
        down.setShortcut("Alt+Down")
        self.up_button, self.down_button = up, down
        self._on_reorder = on_reorder
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        add.clicked.connect(on_add)
        edit.clicked.connect(on_edit)
        delete.clicked.connect(on_delete)
        self.list.itemDoubleClicked.connect(lambda _item: on_edit())
        buttons = QHBoxLayout()
        for button in (add, edit, delete, up, down):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def current(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(ITEM_ID))

    def ids(self) -> list[int]:
        return [int(self.list.item(row).data(ITEM_ID)) for row in range(self.list.count())]

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        ids = self.ids()
        if self._on_reorder is None or row < 0 or not 0 <= row + step < len(ids):
            return
        ids[row], ids[row + step] = ids[row + step], ids[row]
        self._on_reorder(ids)

    def fill(self, rows: list[tuple[int, str]]) -> None:
        current = self.current()
        self.list.clear()
        for row_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(ITEM_ID, row_id)
            self.list.addItem(item)
            if row_id == current:
                self.list.setCurrentItem(item)


class ListsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("listsDialog")
        self.setWindowTitle("Groups, reasons and attributes")
        self.resize(460, 380)
        self.context = context
        self.tabs = QTabWidget()
        self.groups = _ListTab(
            self._add_group,
            self._rename_group,
            self._delete_group,
            on_reorder=lambda ids: self._reorder("groups", ids),
        )
        self.reasons = _ListTab(
            self._add_reason,
            self._rename_reason,
            self._delete_reason,
            on_reorder=lambda ids: self._reorder("reasons", ids),
        )
        self.attributes = _ListTab(
            self._add_attribute,
            self._edit_attribute,
            self._delete_attribute,
            "Edit…",
            on_reorder=lambda ids: self._reorder("attributes", ids),
        )
        self.tabs.addTab(self.groups, "Groups")
        self.tabs.addTab(self.reasons, "Exclusion reasons")
        self.tabs.addTab(self.attributes, "Attributes")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        context.changed.connect(self._on_change)
        self.refresh()

    def refresh(self) -> None:
        project = self.context.project
        if project is None:
            return
        lists = project.records.lists
        self.groups.fill([(g.id, f"{g.name}  ({_studies(g.studies)})") for g in lists.groups()])
        self.reasons.fill([(r.id, f"{r.name}  ({_studies(r.studies)})") for r in lists.reasons()])
        self.attributes.fill(
            [
                (d.id, f"{d.name}  ({d.kind}{': ' + ' | '.join(d.choices) if d.choices else ''})")
                for d in project.records.attributes.defs()
            ]
        )

    def _on_change(self, change: Change) -> None:
        if "studies" in change.kinds:
            self.refresh()

    def _push(self, command: ProjectCommand) -> None:
        try:
            push(self.context.undo_stack, command)
        except CoreError as error:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Habitus", str(error))

    def _reorder(self, which: str, ids: list[int]) -> None:
        self._push(ReorderList(self.context.require(), which, ids))

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok and value.strip() else None

    def _add_group(self) -> None:
        name = self._ask("New group", "Name of the group:")
        if name:
            self._push(AddGroup(self.context.require(), name))

    def _rename_group(self) -> None:
        project, group_id = self.context.require(), self.groups.current()
        group = next((g for g in project.records.lists.groups() if g.id == group_id), None)
        name = group and self._ask("Rename group", "Name of the group:", group.name)
        if group is not None and name:
            self._push(RenameGroup(project, group.id, name))

    def _delete_group(self) -> None:
        group_id = self.groups.current()
        if group_id is not None:
            self._push(DeleteGroup(self.context.require(), group_id))

    def _add_reason(self) -> None:
        name = self._ask("New exclusion reason", "Reason:")
        if name:
            self._push(AddReason(self.context.require(), name))

    def _rename_reason(self) -> None:
        project, reason_id = self.context.require(), self.reasons.current()
        reason = next((r for r in project.records.lists.reasons() if r.id == reason_id), None)
        name = reason and self._ask("Rename exclusion reason", "Reason:", reason.name)
        if reason is not None and name:
            self._push(RenameReason(project, reason.id, name))

    def _delete_reason(self) -> None:
        reason_id = self.reasons.current()
        if reason_id is not None:
            self._push(DeleteReason(self.context.require(), reason_id))

    def _add_attribute(self) -> None:
        dialog = AttributeDialog(self)
        if dialog.exec():
            name, kind, choices = dialog.values()
            self._push(DefineAttribute(self.context.require(), name, kind, choices))

    def _edit_attribute(self) -> None:
        project, attribute_id = self.context.require(), self.attributes.current()
        found = next((d for d in project.records.attributes.defs() if d.id == attribute_id), None)
        if found is None:
            return
        dialog = AttributeDialog(self, found.name, found.kind, "; ".join(found.choices))
        if dialog.exec():
            # A new type is refused, naming the values, unless every value fits it.
            name, kind, choices = dialog.values()
            self._push(ChangeAttribute(project, found.id, name=name, choices=choices, kind=kind))

    def _delete_attribute(self) -> None:
        attribute_id = self.attributes.current()
        if attribute_id is not None:
            self._push(DeleteAttribute(self.context.require(), attribute_id))
