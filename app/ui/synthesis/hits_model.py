"""Search hits as a two-level tree: each study, then its hits with page and context."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from app.core.fulltext import SearchHit

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole
CONTEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # (before, matched, after)
STUDY = 0  # internal id of a study row; a hit row's is its study's row + 1


@dataclass
class StudyHits:
    study_id: int
    label: str
    pages: list[str]  # cited page of each hit
    hits: list[SearchHit]


class HitsModel(QAbstractItemModel):
    HEADERS = ("Study and page", "Context")

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[StudyHits] = []

    def set_groups(self, groups: list[StudyHits]) -> None:
        self.beginResetModel()
        self.groups = groups
        self.endResetModel()

    def hit_count(self) -> int:
        return sum(len(group.hits) for group in self.groups)

    def all_hits(self) -> list[SearchHit]:
        return [hit for group in self.groups for hit in group.hits]

    # --- tree ------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, STUDY)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == STUDY:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, STUDY)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == STUDY and parent.column() == 0:
            return len(self.groups[parent.row()].hits)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def hit(self, index: Index) -> SearchHit | None:
        if not index.isValid() or index.internalId() == STUDY:
            return None
        group = self.groups[int(index.internalId()) - 1]
        return group.hits[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == STUDY:
            group = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if index.column() == 0:
                    return group.label
                count = len(group.hits)
                return f"{count} hit{'s' if count != 1 else ''}"
            if role == HIT_ROLE:
                return group.hits[0].hit if group.hits else None
            return None
        group = self.groups[int(index.internalId()) - 1]
        found = group.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return f"p. {group.pages[index.row()]}"
            return found.context
        if role == CONTEXT_ROLE and index.column() == 1:
            return (found.before, found.matched, found.after)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return f"{found.before}{found.matched}{found.after}"
        if role == HIT_ROLE:
            return found.hit
        return None
