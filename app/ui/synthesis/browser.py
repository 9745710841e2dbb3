"""The passage browser: every passage of the review, filtered; double-click goes to it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.project import Change
from app.core.synthesis.browser import PassageTable, browse
from app.ui.context import AppContext
from app.ui.synthesis.background import LatestQuery
from app.ui.synthesis.filter_bar import FilterBar
from app.ui.synthesis.passage_list import PassageList

REFRESH_KINDS = {"passages", "codes", "studies", "memos", "frameworks", "pages"}
LIST_KINDS = {"codes", "studies", "frameworks"}


class PassageBrowser(QWidget):
    passageActivated = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("passageBrowser")
        self.context = context
        self.filters = FilterBar()
        self.list = PassageList("Passages")
        self.list.setObjectName("browserList")
        self.summary = QLabel()
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the selected rows (or all) as a table for Word or Excel (Ctrl+C)")
        export = QPushButton("Export…")
        export.setToolTip("Save the rows shown as an xlsx or CSV file")
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(copy)
        bottom.addWidget(export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filters)
        layout.addWidget(self.list, 1)
        layout.addLayout(bottom)
        self.query = LatestQuery(self)
        self._dirty = True
        self._lists_dirty = True
        self.filters.changed.connect(self.refresh)
        self.list.passageActivated.connect(self.passageActivated)
        copy.clicked.connect(self.list.copy)
        export.clicked.connect(self._export)
        context.changed.connect(self._on_change)
        context.projectOpened.connect(self._on_project)
        context.projectClosed.connect(self._on_project)

    def show_factor(self, code_id: int) -> None:
        self._reload_lists()
        self.filters.show_factor(code_id)

    def refresh(self) -> None:
        """Run the query now (or when next shown, if hidden)."""
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        project = self.context.project
        if self._lists_dirty:
            self._reload_lists()
        if project is None:
            self.list.set_table(PassageTable())
            self.summary.clear()
            return
        wanted = self.filters.filter()
        self.summary.setText("Listing passages…")
        self.query.ask(lambda: browse(project, wanted), self._show, self._failed)

    def _show(self, table: PassageTable) -> None:
        self.list.set_table(table)
        count = len(table.rows)
        self.summary.setText(
            f"{count} passage{'s' if count != 1 else ''} in {table.studies} "
            f"stud{'ies' if table.studies != 1 else 'y'}"
        )

    def _failed(self, error: Exception) -> None:
        if self.context.project is not None:
            self.summary.setText(f"The passages could not be listed: {error}")

    def _reload_lists(self) -> None:
        self._lists_dirty = False
        self.filters.reload(self.context.project)

    def _on_change(self, change: Change) -> None:
        if change.kinds & LIST_KINDS:
            self._lists_dirty = True
        if change.kinds & REFRESH_KINDS:
            self.refresh()

    def _on_project(self) -> None:
        self._lists_dirty = True
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _export(self) -> None:
        project = self.context.project
        if project is not None:
            self.list.export(project.path.with_name(f"{project.path.stem}-passages.xlsx"))
