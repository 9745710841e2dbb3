"""Which factor each highlight colour stands for, as the researcher says: the table the
import of a PDF's annotations follows. It is kept in the project for the next PDF."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
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

from app.core.highlights import NO_FACTOR, SKIP
from app.core.types import Code

NO_FACTOR_TEXT = "Import without a factor"
SKIP_TEXT = "Do not import"


class ColourTableDialog(QDialog):
    def __init__(
        self,
        colours: dict[str, int],
        codes: list[Code],
        table: dict[str, str],
        study: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("colourTable")
        self.setWindowTitle("Highlight colours")
        self.resize(560, 120 + 34 * max(2, len(colours)))
        intro = QLabel(
            f"The PDF of {study} has highlights in {len(colours)} colour"
            f"{'s' if len(colours) != 1 else ''}. Choose the factor each colour stands for; "
            "the choice is kept for the next PDF."
        )
        intro.setWordWrap(True)
        self.grid = QTableWidget(len(colours), 3)
        self.grid.setObjectName("colourGrid")
        self.grid.setHorizontalHeaderLabels(["Colour", "Highlights", "Factor"])
        self.grid.verticalHeader().hide()
        self.grid.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        by_guid = {code.guid.lower(): code for code in codes}
        self.combos: dict[str, QComboBox] = {}
        for row, (colour, count) in enumerate(colours.items()):
            swatch = QTableWidgetItem(colour.upper())
            swatch.setBackground(QBrush(QColor(colour)))
            swatch.setForeground(QBrush(QColor("#000000")))
            self.grid.setItem(row, 0, swatch)
            self.grid.setItem(row, 1, QTableWidgetItem(str(count)))
            combo = QComboBox()
            combo.addItem(NO_FACTOR_TEXT, NO_FACTOR)
            combo.addItem(SKIP_TEXT, SKIP)
            for code in codes:
                combo.addItem(code.name, code.guid)
            chosen = table.get(colour.lower(), NO_FACTOR)
            if chosen.lower() in by_guid:
                combo.setCurrentIndex(combo.findData(by_guid[chosen.lower()].guid))
            elif chosen == SKIP:
                combo.setCurrentIndex(1)
            self.grid.setCellWidget(row, 2, combo)
            self.combos[colour] = combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.grid, 1)
        layout.addWidget(buttons)

    def table(self) -> dict[str, str]:
        return {colour: str(combo.currentData()) for colour, combo in self.combos.items()}
