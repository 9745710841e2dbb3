"""Editors in the studies table: a list to pick from for status, reason and choice attributes,
plain text elsewhere (authors and groups separated by ';')."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core.record_types import STATUSES
from app.ui.records.table_model import KEY, RecordsModel

Index = QModelIndex | QPersistentModelIndex


class RecordDelegate(QStyledItemDelegate):
    def __init__(self, model: RecordsModel, reasons: Callable[[], list[str]], parent: QWidget):
        super().__init__(parent)
        self._model = model
        self._reasons = reasons

    def _choices(self, key: str) -> list[str] | None:
        if key == "status":
            return list(STATUSES)
        if key == "reason":
            return ["", *self._reasons()]
        attribute = self._model.attribute(key)
        if attribute is not None and attribute.kind == "choice":
            return ["", *attribute.choices]
        return None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        choices = self._choices(str(index.data(KEY)))
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItems(choices)
        # A pick is an edit: commit at once rather than when the editor loses focus.
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            at = editor.findText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.setCurrentIndex(max(at, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
