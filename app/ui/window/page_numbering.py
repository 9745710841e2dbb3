"""The Page numbering dialog: the numbers a study's quotes are cited by, and setting them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.page_numbers import PageNumber, cited_numbers


class PageNumberingDialog(QDialog):
    """Shows each page's PDF position, viewer label, printed number and the number quotes
    cite; the researcher keeps the printed numbers or numbers the pages herself."""

    def __init__(
        self,
        study: str,
        numbers: list[PageNumber],
        first_printed: int | None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Page numbering — {study}")
        self._numbers = numbers
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Quotes are cited by the number printed on the page. Where none was found, "
            "the PDF viewer's page label is used, else the page's position in the file."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.detected = QRadioButton("Use the numbers printed on the pages")
        self.manual = QRadioButton("Number the pages myself: the first page is printed")
        self.first = QSpinBox()
        self.first.setRange(0, 999_999)
        group = QButtonGroup(self)
        group.addButton(self.detected)
        group.addButton(self.manual)
        layout.addWidget(self.detected)
        row = QHBoxLayout()
        row.addWidget(self.manual)
        row.addWidget(self.first)
        row.addStretch(1)
        layout.addLayout(row)

        self.table = QTableWidget(len(numbers), 4)
        self.table.setObjectName("pageNumbers")
        self.table.setHorizontalHeaderLabels(["PDF page", "Viewer label", "Printed", "Cited as"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        if first_printed is None:
            self.detected.setChecked(True)
            guess = next((int(n.cited) - n.index for n in numbers if n.cited.isdigit()), 1)
            self.first.setValue(max(guess, 0))
        else:
            self.manual.setChecked(True)
            self.first.setValue(first_printed)
        self.first.setEnabled(self.manual.isChecked())
        self.manual.toggled.connect(self.first.setEnabled)
        self.manual.toggled.connect(self._fill)
        self.first.valueChanged.connect(self._fill)
        self._fill()
        self.resize(520, 480)

    def choice(self) -> int | None:
        """The first page's number, or None for the numbers found on the pages."""
        return self.first.value() if self.manual.isChecked() else None

    def _fill(self) -> None:
        labels = [n.label for n in self._numbers]
        printed = [n.printed for n in self._numbers]
        cited = cited_numbers(labels, printed, self.choice())
        for row, (number, cite) in enumerate(zip(self._numbers, cited, strict=True)):
            values = [str(number.position), number.label or "", number.printed or "", cite]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
