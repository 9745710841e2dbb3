"""Factor names that wrap onto more lines when the codebook is narrow, instead of ending in
"…": the row takes the height its name needs at the column's width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

Index = QModelIndex | QPersistentModelIndex
_PAD = 8  # text margins and the gap after the colour swatch, in pixels


class WrappingNames(QStyledItemDelegate):
    def __init__(self, view: QTreeView):
        super().__init__(view)
        self._view = view

    def text_width(self, option: QStyleOptionViewItem, index: Index) -> int:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        view = self._view
        indent = view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        swatch = option.decorationSize.width() if not option.icon.isNull() else 0
        frame = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) * 2
        return max(40, view.columnWidth(0) - indent - swatch - frame - _PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        base = super().sizeHint(option, index)
        if index.column() != 0:
            return base
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        width = self.text_width(shown, index)
        flags = int(Qt.TextFlag.TextWordWrap)
        needed = shown.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), flags, shown.text)
        return QSize(base.width(), max(base.height(), needed.height() + 6))

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if index.column() == 0:
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            option.textElideMode = Qt.TextElideMode.ElideNone
