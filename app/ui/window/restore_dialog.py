"""File > Restore from backup: the project's backups with their dates and what each holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.backups import BackupInfo

COLUMNS = ("Taken", "Studies", "Passages", "Factors", "Size")


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


class RestoreDialog(QDialog):
    def __init__(self, project: Path, backups: list[BackupInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        layout = QVBoxLayout(self)
        if backups:
            text = (
                f"Backups of <b>{project.name}</b>, newest first. Restoring puts the chosen "
                "backup in place of the project; the project as it is now is kept beside it "
                f"as <i>{project.stem}.before-restore-&lt;date&gt;{project.suffix}</i>."
            )
        else:
            text = (
                f"There are no backups of <b>{project.name}</b> yet. Habitus takes one every "
                "ten minutes while you edit, and when you close the project."
            )
        self.intro = QLabel(text)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(len(backups), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, backup in enumerate(backups):
            cells = (
                backup.taken_at.strftime("%a %d %b %Y, %H:%M:%S"),
                str(backup.studies),
                str(backup.passages),
                str(backup.factors),
                _size(backup.size),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(backups))
        layout.addWidget(self.table)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.chosen() is not None)
        )
        self.table.doubleClicked.connect(lambda _index: self.accept())
        if backups:
            self.table.selectRow(0)
        self.resize(620, 320)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None
