"""Confirming where each imported reference goes before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.record_types import StudyRecord
from app.core.reference_import import CREATE, SKIP, Choice, default_choice
from app.core.reference_match import KNOWN, REPEAT, MatchPlan, Proposal

NEW_TEXT = "New study without full text"
SKIP_TEXT = "Leave out"


def describe(proposal: Proposal) -> str:
    ref = proposal.reference
    authors = "; ".join(ref.authors[:3]) + (" et al." if len(ref.authors) > 3 else "")
    year = f" ({ref.year})" if ref.year else ""
    return f"{authors}{year}. {ref.title or '(no title)'}".strip(". ")


class ReferencesDialog(QDialog):
    """One row per reference: what it is, where it would go (changeable), and why."""

    def __init__(self, plan: MatchPlan, studies: list[StudyRecord], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Import references from {plan.source}")
        self.setObjectName("referencesDialog")
        self.resize(1000, 520)
        self.plan = plan
        counts = [
            f"{plan.count('doi')} by DOI",
            f"{plan.count('title')} by title",
            f"{plan.count('path')} by file name",
            f"{plan.count('new')} without a study",
        ]
        if plan.count(REPEAT):
            counts.append(f"{plan.count(REPEAT)} repeats within the file")
        if plan.count(KNOWN):
            counts.append(f"{plan.count(KNOWN)} imported before")
        intro = QLabel(
            f"{len(plan.proposals)} references: matched {', '.join(counts)}. Check the "
            "matches that need a look (shown first), then Import. Nothing is written until then."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(plan.proposals), 4)
        self.table.setObjectName("referencesTable")
        self.table.setHorizontalHeaderLabels(["Line", "Reference", "Goes to", "Why"])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(2, 280)
        self.combos: dict[int, QComboBox] = {}
        with_pdf = [s for s in studies]
        order = sorted(plan.proposals, key=lambda p: (p.sure, p.index))
        for row, proposal in enumerate(order):
            line = QTableWidgetItem(str(proposal.reference.line))
            line.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, line)
            self.table.setItem(row, 1, QTableWidgetItem(describe(proposal)))
            why = QTableWidgetItem(proposal.why + ("" if proposal.sure else "  — check"))
            self.table.setItem(row, 3, why)
            if proposal.method in (KNOWN, REPEAT):
                target = QTableWidgetItem(
                    "Already in the project" if proposal.method == KNOWN else "As the entry above"
                )
                target.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, 2, target)
                continue
            combo = QComboBox()
            combo.addItem(NEW_TEXT, CREATE)
            combo.addItem(SKIP_TEXT, SKIP)
            for study in with_pdf:
                combo.addItem(study.label, study.id)
            at = combo.findData(default_choice(proposal))
            combo.setCurrentIndex(max(at, 0))
            self.table.setCellWidget(row, 2, combo)
            self.combos[proposal.index] = combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Import")
        ok.setObjectName("importReferences")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def choices(self) -> dict[int, Choice]:
        chosen: dict[int, Choice] = {}
        for index, combo in self.combos.items():
            data = combo.currentData()
            chosen[index] = data if isinstance(data, str) else int(data)
        return chosen
