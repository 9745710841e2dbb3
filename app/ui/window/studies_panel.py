"""The Studies list: every imported PDF, its passage count, scans flagged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from app.core.project import Change
from app.core.types import StudyInfo
from app.ui.context import AppContext

STUDY_ID = Qt.ItemDataRole.UserRole


def describe(study: StudyInfo) -> tuple[str, str]:
    """The line shown and its tooltip."""
    passages = f"{study.passage_count} passage{'s' if study.passage_count != 1 else ''}"
    tip = f"{study.filename}\n{study.page_count} pages, {passages}"
    if study.region_only:
        tip += "\nNo text layer (a scan): code it by region (R)."
    elif study.pages_without_text:
        tip += f"\n{study.pages_without_text} page(s) without a text layer: code those by region."
    if not study.has_pdf:
        tip = f"{study.name}\nNo full text yet: attach its PDF (Studies ▸ Attach PDF)."
    return f"{study.label}  ({study.passage_count})", tip


class StudiesPanel(QListWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.setObjectName("studiesList")
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.currentItemChanged.connect(self._on_current)
        context.changed.connect(self._on_change)
        context.projectOpened.connect(self.refresh)
        context.projectClosed.connect(self.clear)
        context.studySelected.connect(self._show_selected)
        self.refresh()

    def refresh(self) -> None:
        project = self._context.project
        self.blockSignals(True)
        try:
            self.clear()
            if project is None:
                return
            style = self.style()
            text_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            scan_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            for study in project.studies.list():
                label, tip = describe(study)
                item = QListWidgetItem(scan_icon if study.pages_without_text else text_icon, label)
                item.setToolTip(tip)
                item.setData(STUDY_ID, study.id)
                self.addItem(item)
                if study.id == self._context.study_id:
                    self.setCurrentItem(item)
        finally:
            self.blockSignals(False)

    def study_ids(self) -> list[int]:
        return [self.item(row).data(STUDY_ID) for row in range(self.count())]

    def _on_change(self, change: Change) -> None:
        if change.kinds & {"studies", "passages", "pages"}:
            self.refresh()

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self._context.select_study(item.data(STUDY_ID))

    def _show_selected(self, study_id: int | None) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(STUDY_ID) == study_id:
                if self.currentItem() is not item:
                    self.blockSignals(True)
                    self.setCurrentItem(item)
                    self.blockSignals(False)
                return
