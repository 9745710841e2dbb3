"""The codebook as a tree: a thin item model over `Codebook.list()` and `counts()`.

Rows are addressed by factor id (an index's internal id), so an index never points at a
Python object that a reload could free.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.core.codebook import CodeCounts
from app.core.errors import CoreError
from app.core.project import Change
from app.core.types import Code
from app.ui.codebook.mime import CODES_MIME, SELECTION_MIME, code_ids, codes_mime
from app.ui.codebook.swatch import swatch
from app.ui.commands.base import push
from app.ui.commands.codebook import EditCode, MoveCode
from app.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Factor", "Passages", "Studies")
# Combined once: the view asks for every row's flags, 100,000 times for a large codebook.
_COUNT_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
    | Qt.ItemFlag.ItemIsDropEnabled
)
_NAME_FLAGS = _COUNT_FLAGS | Qt.ItemFlag.ItemIsEditable


class CodebookModel(QAbstractItemModel):
    selectionDropped = Signal(int)  # factor id a page selection was dropped on
    editRefused = Signal(str)  # why core refused an edit made in the tree

    def __init__(self, context: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self._codes: dict[int, Code] = {}
        self._children: dict[int | None, list[int]] = {}
        self._row: dict[int, int] = {}
        self._counts: dict[int, CodeCounts] = {}
        self._themes: dict[int, list[str]] = {}
        self.reload()

    # --- loading -----------------------------------------------------------------------

    def reload(self, codes: list[Code] | None = None) -> None:
        self.beginResetModel()
        self._codes, self._children, self._row = {}, {}, {}
        project = self.context.project
        if project is not None:
            for code in project.codebook.list() if codes is None else codes:
                self._codes[code.id] = code
                parent = code.parent_id if code.parent_id in self._codes else None
                siblings = self._children.setdefault(parent, [])
                self._row[code.id] = len(siblings)
                siblings.append(code.id)
        self._load_counts()
        self.endResetModel()

    def on_change(self, change: Change) -> None:
        """Follow a change: a new shape rebuilds the tree, anything else repaints the rows
        of the factors it names (their names, colours, counts or themes)."""
        project = self.context.project
        if project is None:
            return
        named = None if not change.codes else set(change.codes)
        if "codes" in change.kinds:
            codes = project.codebook.list()
            if _shape(codes) != _shape(self._codes[i] for i in self.code_ids()):
                self.reload(codes)
                return
            self._codes = {code.id: code for code in codes}
        if "passages" in change.kinds or "codes" in change.kinds:
            counts = project.codebook.counts(named)
            for code_id in self._codes if named is None else named:
                self._counts[code_id] = counts.get(code_id, CodeCounts(0, 0))
        if "frameworks" in change.kinds:
            self._load_themes()
        if change.kinds & {"codes", "passages", "frameworks"}:
            self._repaint(self._codes if named is None else named)

    def _repaint(self, code_ids: Iterable[int]) -> None:
        last = self.columnCount() - 1
        for code_id in code_ids:
            if code_id in self._codes:
                row = self._row[code_id]
                self.dataChanged.emit(
                    self.createIndex(row, 0, code_id), self.createIndex(row, last, code_id)
                )

    def _load_counts(self) -> None:
        project = self.context.project
        if project is None:
            self._counts, self._themes = {}, {}
            return
        self._counts = project.codebook.counts()
        self._load_themes()

    def _load_themes(self) -> None:
        project = self.context.project
        if project is None:
            return
        names = {theme.id: theme.name for theme in project.frameworks.themes()}
        self._themes = {
            code_id: [names[t] for t in theme_ids if t in names]
            for code_id, theme_ids in project.frameworks.mapping().items()
        }

    # --- lookups -----------------------------------------------------------------------

    def code_ids(self) -> list[int]:
        """Every factor, parents before children, in display order."""
        order: list[int] = []

        def walk(parent: int | None) -> None:
            for child in self._children.get(parent, []):
                order.append(child)
                walk(child)

        walk(None)
        return order

    def code(self, index: Index) -> Code | None:
        return self._codes.get(index.internalId()) if index.isValid() else None

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        if code_id not in self._codes:
            return QModelIndex()
        return self.createIndex(self._row[code_id], column, code_id)

    def children_of(self, code_id: int | None) -> list[int]:
        return list(self._children.get(code_id, []))

    def code_by_id(self, code_id: int) -> Code | None:
        return self._codes.get(code_id)

    def depth(self, code_id: int) -> int:
        depth, parent = 0, self._codes[code_id].parent_id
        while parent is not None and parent in self._codes:
            depth, parent = depth + 1, self._codes[parent].parent_id
        return depth

    def descendants(self, code_id: int) -> list[int]:
        found: list[int] = []
        for child in self._children.get(code_id, []):
            found += [child, *self.descendants(child)]
        return found

    # --- the item model ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        kids = self._children.get(parent.internalId() if parent.isValid() else None, [])
        if 0 <= row < len(kids) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

    def parent(self, index: Index | None = None) -> Any:
        if index is None:  # QObject.parent()
            return super().parent()
        code = self.code(index)
        if code is None or code.parent_id not in self._codes:
            return QModelIndex()
        return self.createIndex(self._row[code.parent_id], 0, code.parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else None, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return ("", "Coded passages", "Studies with at least one")[section] or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        code = self.code(index)
        if code is None:
            return None
        column = index.column()
        counts = self._counts.get(code.id, CodeCounts(0, 0))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (code.name, counts.passages, counts.studies)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return swatch(code.colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(code)
        if role == CODE_ID_ROLE:
            return code.id
        return None

    def _tooltip(self, code: Code) -> str:
        themes = self._themes.get(code.id, [])
        lines = [f"<b>{_escape(code.name)}</b>"]
        if code.definition:
            lines.append(_escape(code.definition).replace("\n", "<br>"))
        lines.append(
            "Themes: " + ", ".join(_escape(t) for t in themes) if themes else "No theme yet"
        )
        return "<br>".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return _NAME_FLAGS if index.column() == 0 else _COUNT_FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        code = self.code(index)
        project = self.context.project
        if code is None or project is None or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value).strip()
        if index.column() != 0 or not name or name == code.name:
            return False
        return self._push(EditCode(project, code.id, name=name))

    # --- drag and drop -----------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [CODES_MIME, SELECTION_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = list(dict.fromkeys(i.internalId() for i in indexes if i.isValid()))
        return codes_mime(ids)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if data.hasFormat(SELECTION_MIME):
            return parent.isValid() and row < 0
        return data.hasFormat(CODES_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if data.hasFormat(SELECTION_MIME):
            code = self.code(parent)
            if code is None:
                return False
            self.selectionDropped.emit(code.id)
            return True
        ids = code_ids(data)
        if not ids or self.context.project is None:
            return False
        parent_id = parent.internalId() if parent.isValid() else None
        position = row if row >= 0 else len(self._children.get(parent_id, []))
        for code_id in ids:
            code = self._codes.get(code_id)
            if code is None:
                continue
            target = position
            if code.parent_id == parent_id and self._row[code_id] < position:
                target -= 1  # the factor leaves a gap above the drop point
            if code.parent_id == parent_id and self._row[code_id] == target:
                continue
            if self._push(MoveCode(self.context.project, code_id, parent_id, target)):
                position = target + 1
        # False keeps the view from "removing" the dragged rows: core has moved them already.
        return False

    def _push(self, command: EditCode | MoveCode) -> bool:
        try:
            push(self.context.undo_stack, command)
        except CoreError as error:
            self.editRefused.emit(str(error))
            return False
        return True


def _shape(codes: Iterable[Code]) -> list[tuple[int, int | None]]:
    """The tree's shape: every factor under its parent, in display order."""
    return [(code.id, code.parent_id) for code in codes]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
