"""Factors by themes of one framework: a checkable grid where a tick puts a factor under a
theme. A factor may be ticked under several themes; that is the point of the grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.core.errors import CoreError
from app.core.types import Code, Theme
from app.ui.codebook.mime import CODES_MIME, code_ids
from app.ui.codebook.swatch import swatch
from app.ui.commands.base import push
from app.ui.commands.codebook import MapTheme
from app.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex


class FactorThemeModel(QAbstractTableModel):
    editRefused = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.framework_id: int | None = None
        self._codes: list[tuple[Code, int]] = []  # factor, depth
        self._themes: list[Theme] = []
        self._mapped: set[tuple[int, int]] = set()  # (factor id, theme id)

    def set_framework(self, framework_id: int | None) -> None:
        self.framework_id = framework_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        project = self.context.project
        self._codes, self._themes, self._mapped = [], [], set()
        if project is not None:
            codes = project.codebook.list()
            parents = {code.id: code.parent_id for code in codes}
            for code in codes:
                depth, parent = 0, code.parent_id
                while parent is not None and parent in parents:
                    depth, parent = depth + 1, parents[parent]
                self._codes.append((code, depth))
            if self.framework_id is not None:
                self._themes = project.frameworks.themes(self.framework_id)
            self._mapped = {
                (code_id, theme_id)
                for code_id, theme_ids in project.frameworks.mapping().items()
                for theme_id in theme_ids
            }
        self.endResetModel()

    def refresh_marks(self) -> None:
        """Only links changed: repaint the ticks without losing the view's position."""
        project = self.context.project
        if project is None or not self._codes or not self._themes:
            return
        self._mapped = {
            (code_id, theme_id)
            for code_id, theme_ids in project.frameworks.mapping().items()
            for theme_id in theme_ids
        }
        last = self.index(self.rowCount() - 1, self.columnCount() - 1)
        self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])

    def code_at(self, row: int) -> Code:
        return self._codes[row][0]

    def theme_at(self, column: int) -> Theme:
        return self._themes[column]

    def row_of(self, code_id: int) -> int:
        return next(row for row, (code, _) in enumerate(self._codes) if code.id == code_id)

    def is_mapped(self, code_id: int, theme_id: int) -> bool:
        return (code_id, theme_id) in self._mapped

    # --- the table -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._themes)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._themes):
            theme = self._themes[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return theme.name
            if role == Qt.ItemDataRole.DecorationRole:
                return swatch(theme.colour)
            if role == Qt.ItemDataRole.ToolTipRole:
                return theme.description or theme.name
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._codes):
            code, depth = self._codes[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return "    " * depth + code.name
            if role == Qt.ItemDataRole.DecorationRole:
                return swatch(code.colour)
            if role == Qt.ItemDataRole.ToolTipRole:
                return code.definition or code.name
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        code, theme = self._codes[index.row()][0], self._themes[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole:
            mapped = (code.id, theme.id) in self._mapped
            return Qt.CheckState.Checked if mapped else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            mapped = (code.id, theme.id) in self._mapped
            return f"{code.name} {'is' if mapped else 'is not'} under {theme.name}"
        if role == Qt.ItemDataRole.UserRole:
            return theme.colour
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        code, theme = self._codes[index.row()][0], self._themes[index.column()]
        return self.set_mapped(code.id, theme.id, on)

    def set_mapped(self, code_id: int, theme_id: int, on: bool) -> bool:
        project = self.context.project
        if project is None or ((code_id, theme_id) in self._mapped) == on:
            return False
        try:
            push(self.context.undo_stack, MapTheme(project, code_id, theme_id, on))
        except CoreError as error:
            self.editRefused.emit(str(error))
            return False
        return True

    def map_codes(self, ids: list[int], column: int) -> bool:
        """Put dragged factors under the theme of `column`; one undo step for all of them."""
        if not 0 <= column < len(self._themes) or not ids:
            return False
        theme = self._themes[column]
        fresh = [i for i in ids if (i, theme.id) not in self._mapped]
        if not fresh:
            return False
        stack = self.context.undo_stack
        stack.beginMacro(f"Put {len(fresh)} factor(s) under {theme.name!r}")
        try:
            done = [self.set_mapped(code_id, theme.id, True) for code_id in fresh]
        finally:
            stack.endMacro()
        return any(done)

    # --- dropping factors from the codebook tree -----------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CODES_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(CODES_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        target = parent.column() if parent.isValid() else column
        self.map_codes(code_ids(data), target)
        # False: the tree must not treat the factors as moved away.
        return False
