"""The grid's view: a centred tick per cell that toggles on one click, and a theme header
that factors can be dropped on."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.ui.codebook.grid_model import FactorThemeModel
from app.ui.codebook.mime import CODES_MIME, code_ids

Index = QModelIndex | QPersistentModelIndex


class CheckCellDelegate(QStyledItemDelegate):
    """Paints a centred check box tinted with the theme's colour when ticked."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight().color().lighter(170))
        elif checked:
            tint = QColor(str(index.data(Qt.ItemDataRole.UserRole) or "#888888"))
            tint.setAlpha(70)
            painter.fillRect(option.rect, tint)
        box = QStyleOptionButton()
        box.rect = self.check_rect(option.rect, option.widget)
        box.state = QStyle.StateFlag.State_Enabled | (
            QStyle.StateFlag.State_On if checked else QStyle.StateFlag.State_Off
        )
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, box, painter)
        painter.restore()

    @staticmethod
    def check_rect(cell: QRect, widget: QWidget | None) -> QRect:
        size = 16
        if widget is not None:
            size = widget.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        rect = QRect(0, 0, size, size)
        rect.moveCenter(cell.center())
        return rect

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(40, 24)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        # The whole cell is the target: a grid of small boxes is tedious to hit exactly.
        toggle = False
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            toggle = event.button() == Qt.MouseButton.LeftButton and option.rect.contains(
                event.position().toPoint()
            )
        elif event.type() == QEvent.Type.MouseButtonDblClick:
            return True  # swallow: the first click already toggled
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            toggle = event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
        if not toggle:
            return False
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        model.setData(index, new.value, Qt.ItemDataRole.CheckStateRole)
        return True


class ThemeHeader(QHeaderView):
    """Column headers that take factors dragged from the codebook tree."""

    codesDropped = Signal(list, int)  # factor ids, column

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setAcceptDrops(True)
        self.setSectionsClickable(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CODES_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.logicalIndexAt(event.position().toPoint()) >= 0:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        column = self.logicalIndexAt(event.position().toPoint())
        ids = code_ids(event.mimeData())
        if column >= 0 and ids:
            self.codesDropped.emit(ids, column)
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()


class FactorThemeGrid(QTableView):
    def __init__(self, model: FactorThemeModel, parent: QWidget | None = None):
        super().__init__(parent)
        header = ThemeHeader(self)
        self.setHorizontalHeader(header)
        self.setModel(model)
        header.codesDropped.connect(model.map_codes)
        self.setItemDelegate(CheckCellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.setShowGrid(True)
        self.setWordWrap(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(26)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Long factor names are elided so that the theme columns stay in view.
        rows.setMaximumWidth(280)
        rows.setTextElideMode(Qt.TextElideMode.ElideRight)

    def cell_rect(self, code_id: int, column: int) -> QRect:
        model = self.model()
        assert isinstance(model, FactorThemeModel)
        return self.visualRect(model.index(model.row_of(code_id), column))
