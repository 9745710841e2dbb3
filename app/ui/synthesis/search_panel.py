"""Search all studies: the query, its options, hits grouped by study; jump, code them all."""

from __future__ import annotations

import threading

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CoreError
from app.core.fulltext import SearchOptions, SearchResult
from app.core.page_numbers import page_range
from app.core.project import Change
from app.core.types import Hit
from app.ui.context import AppContext
from app.ui.synthesis.context_delegate import ContextDelegate
from app.ui.synthesis.hits_model import HIT_ROLE, HitsModel, StudyHits
from app.ui.workers import Worker, start

HELP = (
    'Words (all on the page), "a phrase", prefix*, OR, NOT, (brackets). '
    "Whole words unless turned off; Enter searches."
)


class SearchPanel(QWidget):
    hitActivated = Signal(object)  # a Hit
    codeAllRequested = Signal()
    finished = Signal(object)  # the SearchResult, or the exception that stopped it

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("searchAllPanel")
        self.context = context
        self.field = QLineEdit()
        self.field.setObjectName("searchAllField")
        self.field.setPlaceholderText("Search all studies")
        self.field.setToolTip(HELP)
        self.field.setClearButtonEnabled(True)
        self.match_case = QCheckBox("Match case")
        self.whole_words = QCheckBox("Whole words")
        self.whole_words.setChecked(True)
        self.regex = QCheckBox("Regular expression")
        self.search_button = QPushButton("Search")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        for widget in (
            self.match_case,
            self.whole_words,
            self.regex,
            self.search_button,
            self.progress,
            self.cancel_button,
        ):
            top.addWidget(widget)
        self.model = HitsModel()
        self.tree = QTreeView()
        self.tree.setObjectName("searchAllResults")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setItemDelegateForColumn(1, ContextDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 240)
        self.summary = QLabel(HELP)
        self.summary.setObjectName("searchAllSummary")
        self.summary.setWordWrap(True)
        self.code_button = QPushButton("Code all hits…")
        self.code_button.setObjectName("codeAllHits")
        self.code_button.setToolTip("Make a passage of every hit, coded with one factor (one undo)")
        self.code_button.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.code_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        self.result: SearchResult | None = None
        self._worker: Worker | None = None
        self._stop: threading.Event | None = None
        self._ended = threading.Event()  # set when no search is running
        self._ended.set()
        self._stale = False
        self.field.returnPressed.connect(self.run)
        self.search_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.tree.activated.connect(self._activated)
        self.code_button.clicked.connect(self.codeAllRequested)
        self.regex.toggled.connect(lambda on: self.whole_words.setEnabled(not on))
        context.projectClosed.connect(self.clear)
        context.changed.connect(self._on_change)

    # --- running ---------------------------------------------------------------------------

    def options(self) -> SearchOptions:
        return SearchOptions(
            ignore_case=not self.match_case.isChecked(),
            whole_words=self.whole_words.isChecked(),
            regex=self.regex.isChecked(),
        )

    def busy(self) -> bool:
        return self._worker is not None

    def run(self) -> bool:
        """Search off the GUI thread; `finished` tells when the hits are shown."""
        project = self.context.project
        query = self.field.text()
        if project is None or not query.strip():
            return False
        self.cancel()
        stop = threading.Event()
        options = self.options()

        ended = threading.Event()

        def job(report: object) -> SearchResult:
            try:
                return project.fulltext.search(
                    query,
                    options,
                    progress=lambda stage, done, total: report(stage, done, total),  # type: ignore[operator]
                    cancelled=stop.is_set,
                )
            finally:
                ended.set()

        worker = Worker(job)
        worker.signals.progress.connect(self._on_progress)
        worker.signals.finished.connect(lambda result: self._on_done(worker, result))
        worker.signals.failed.connect(lambda error: self._on_done(worker, error))
        self._worker, self._stop, self._ended = worker, stop, ended
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.search_button.setEnabled(False)
        self.summary.setText(f"Searching for {query}…")
        start(worker)
        return True

    def cancel(self) -> None:
        if self._stop is not None:
            self._stop.set()

    def stop(self, wait_s: float = 10.0) -> None:
        """Cancel a running search and wait for it: a search may be bringing the index up to
        date, which writes to the project, and must end before the project is closed."""
        self.cancel()
        self._ended.wait(wait_s)

    def clear(self) -> None:
        self.stop()
        self.result = None
        self.model.set_groups([])
        self.code_button.setEnabled(False)
        self.summary.setText(HELP)

    def _on_progress(self, values: object) -> None:
        assert isinstance(values, tuple)
        stage, done, total = str(values[0]), int(values[1]), int(values[2])
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{stage} %p%")

    def _on_done(self, worker: Worker, outcome: object) -> None:
        if worker is not self._worker:
            return  # a search replaced by a newer one
        self._worker, self._stop = None, None
        self.progress.hide()
        self.cancel_button.hide()
        self.search_button.setEnabled(True)
        if isinstance(outcome, CoreError):
            self.summary.setText(str(outcome))
            self.finished.emit(outcome)
            return
        if isinstance(outcome, Exception):
            self.summary.setText(f"The search failed: {outcome}")
            self.finished.emit(outcome)
            return
        assert isinstance(outcome, SearchResult)
        self.show_result(outcome)
        self.finished.emit(outcome)

    def show_result(self, result: SearchResult) -> None:
        project = self.context.project
        self.result = result
        self._stale = False
        if project is None:
            return
        labels = {info.id: info.label for info in project.studies.list()}
        grouped = result.by_study()
        cited = project.page_numbers.cited(list(grouped))
        groups = [
            StudyHits(
                study_id,
                labels.get(study_id, "?"),
                [page_range(cited.get(study_id, []), h.page, h.hit.last_page) for h in hits],
                hits,
            )
            for study_id, hits in grouped.items()
        ]
        self.model.set_groups(groups)
        if len(result.hits) <= 1000:  # beyond, studies open one by one
            self.tree.expandAll()
        count = len(result.hits)
        text = (
            f"{count} hit{'s' if count != 1 else ''} in {len(groups)} "
            f"stud{'ies' if len(groups) != 1 else 'y'}"
        )
        if result.cancelled:
            text += " (stopped before the end)"
        if not result.used_index:
            text += " — every page was read (the search index is not available)"
        self.summary.setText(text)
        self.code_button.setEnabled(count > 0 and not result.cancelled)

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.index(index.row(), 1, index.parent()).data(HIT_ROLE)
        if isinstance(hit, Hit):
            self.hitActivated.emit(hit)

    def _on_change(self, change: Change) -> None:
        # Coding hits does not change the text; new or removed studies do.
        if change.kinds & {"studies", "pages"} and self.result is not None:
            self._stale = True
            if self.isVisible():
                self.run_again()

    def run_again(self) -> None:
        if self.result is not None and self.field.text().strip():
            self.run()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.run_again()
        self.field.setFocus()
