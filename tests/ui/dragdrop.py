"""Delivering a drag and drop to a widget as Qt does when the pointer carries one over it.

A real QDrag runs its own event loop, which offscreen tests cannot steer; these are the
events the drop target then receives: enter, move, drop, at one point of the widget under
the pointer (an item view's viewport).
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drop_on(
    target: QWidget,
    pos: QPoint,
    mime: QMimeData,
    action: Qt.DropAction = Qt.DropAction.CopyAction,
) -> bool:
    """Drag `mime` over `target` to `pos` and drop it there; False if the target refused
    the drag on entering or moving (the drop then never happens)."""
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, left, none)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, action, mime, left, none)
    QApplication.sendEvent(target, move)
    if not move.isAccepted():
        return False
    QApplication.sendEvent(target, QDropEvent(QPointF(pos), action, mime, left, none))
    return True
