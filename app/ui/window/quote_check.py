"""Checking a study's quotes against its pages, off the GUI thread, and showing the result."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.verify import VerifyReport
from app.ui.to_place import TO_PLACE, TO_PLACE_TIP

PASSAGE_ID = Qt.ItemDataRole.UserRole


class QuoteCheckDialog(QDialog):
    """The quotes that no longer match their page; double-click one to see it on the page."""

    passageActivated = Signal(int)

    def __init__(self, study: str, report: VerifyReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Quote check — {study}")
        layout = QVBoxLayout(self)
        if report.mismatches:
            text = (
                f"{len(report.mismatches)} of {report.checked} quotes no longer match their "
                "page. The exported spreadsheet says so in its Text check column."
            )
        else:
            text = f"All {report.checked} quotes match their pages."
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QTreeWidget()
        self.list.setObjectName("quoteMismatches")
        self.list.setHeaderLabels(["Page", "Quote", "What is wrong"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for mismatch in report.mismatches:
            page = mismatch.page if mismatch.pdf_page else TO_PLACE
            item = QTreeWidgetItem([page, mismatch.quote[:120], mismatch.problem])
            item.setData(0, PASSAGE_ID, mismatch.passage_id)
            if not mismatch.pdf_page:
                item.setToolTip(0, TO_PLACE_TIP)
            item.setToolTip(1, mismatch.quote)
            item.setToolTip(2, mismatch.problem)
            self.list.addTopLevelItem(item)
        self.list.setColumnWidth(0, 90)
        self.list.setColumnWidth(1, 300)
        self.list.setVisible(bool(report.mismatches))
        self.list.itemActivated.connect(
            lambda item, _column: self.passageActivated.emit(item.data(0, PASSAGE_ID))
        )
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420 if report.mismatches else 140)


def check_quotes_job(
    project: object, study_id: int, cancelled: Callable[[], bool]
) -> Callable[..., VerifyReport]:
    """The job a Worker runs: verify one study, reporting (done, total) as it goes."""
    from app.core.project import Project
    from app.core.verify import verify

    assert isinstance(project, Project)

    def job(report: Callable[..., None]) -> VerifyReport:
        return verify(
            project,
            study_id,
            progress=lambda done, total: report(done, total),
            cancelled=cancelled,
            record=False,
        )

    return job
