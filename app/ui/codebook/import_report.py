"""What a codebook import did, shown once it is done: added, matched, and what went wrong."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.codebook_import import CodebookImportResult


class ImportReportDialog(QDialog):
    def __init__(self, result: CodebookImportResult, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Codebook imported")
        layout = QVBoxLayout(self)
        summary = QLabel(result.summary())
        summary.setWordWrap(True)
        layout.addWidget(summary)
        lines: list[str] = []
        if result.problems:
            lines += ["Problems (these rows or elements were skipped or changed):"]
            lines += [f"  • {problem}" for problem in result.problems]
            lines.append("")
        if result.added:
            lines += ["Added:", *(f"  {name}" for name in result.added), ""]
        if result.matched:
            lines += ["Matched existing factors:", *(f"  {name}" for name in result.matched)]
        if result.themes_added:
            lines += ["", "Themes added:", *(f"  {name}" for name in result.themes_added)]
        self.details = QPlainTextEdit("\n".join(lines).strip())
        self.details.setReadOnly(True)
        self.details.setMinimumSize(460, 220)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
