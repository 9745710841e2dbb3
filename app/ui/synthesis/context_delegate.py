"""Draws a hit's context with the words found in bold on a highlight."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.synthesis.hits_model import CONTEXT_ROLE

HIGHLIGHT = QColor("#ffe08a")


class ContextDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        parts = index.data(CONTEXT_ROLE)
        if not parts:
            super().paint(painter, option, index)
            return
        before, matched, after = parts
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        rect: QRect = option.rect.adjusted(4, 0, -4, 0)
        plain = QFont(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        x = rect.left()
        # Keep the found words in view: trim the words before them to fit a third of the row.
        metrics = QFontMetrics(plain)
        before = metrics.elidedText(before, Qt.TextElideMode.ElideLeft, max(40, rect.width() // 3))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        for text, font, marked in (
            (before, plain, False),
            (matched, bold, True),
            (after, plain, False),
        ):
            if x >= rect.right() or not text:
                continue
            metrics = QFontMetrics(font)
            room = rect.right() - x
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            width = metrics.horizontalAdvance(shown)
            area = QRect(x, rect.top(), width, rect.height())
            if marked and not selected:
                painter.fillRect(area.adjusted(-1, 2, 1, -2), HIGHLIGHT)
            painter.setFont(font)
            painter.drawText(
                area, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
            )
            x += width
        painter.restore()
