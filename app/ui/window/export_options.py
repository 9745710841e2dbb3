"""The choices an export of the workbook (or CSV) offers: framework, studies, layout."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.project import Project
from app.core.reporting.records import groups
from app.exchange.workbook import WorkbookOptions

ALL_GROUPS = "All groups"


class ExportOptionsDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None, workbook: bool = True):
        super().__init__(parent)
        self.setObjectName("exportOptions")
        self.setWindowTitle("Export the workbook" if workbook else "Export passages as CSV")
        form = QFormLayout()
        self.framework = QComboBox()
        self.framework.setObjectName("framework")
        for framework in project.frameworks.list():
            self.framework.addItem(framework.name, framework.id)
        self.framework.setEnabled(self.framework.count() > 1)
        form.addRow("Themes from:", self.framework)
        self.included = QCheckBox("Included studies only")
        self.included.setObjectName("includedOnly")
        form.addRow("Studies:", self.included)
        self.group = QComboBox()
        self.group.setObjectName("group")
        self.group.addItem(ALL_GROUPS, None)
        for name in groups(project):
            self.group.addItem(name, name)
        self.group.setEnabled(self.group.count() > 1)
        form.addRow("Group:", self.group)
        self.long = QRadioButton("One row per passage and factor")
        self.long.setObjectName("longLayout")
        self.wide = QRadioButton("One row per passage, a 0/1 column per factor")
        self.wide.setObjectName("wideLayout")
        self.long.setChecked(True)
        layout_box = QVBoxLayout()
        layout_box.addWidget(self.long)
        layout_box.addWidget(self.wide)
        form.addRow("Passages:", layout_box)
        self.ticks = QCheckBox("Ticks instead of counts")
        self.ticks.setObjectName("ticks")
        self.pictures = QCheckBox("Pictures of region passages")
        self.pictures.setObjectName("pictures")
        self.pictures.setChecked(True)
        if workbook:
            form.addRow("Table 1:", self.ticks)
            form.addRow("Regions:", self.pictures)
        else:
            self.ticks.hide()
            self.pictures.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addWidget(buttons)
        self.buttons = buttons

    def options(self) -> WorkbookOptions:
        return WorkbookOptions(
            framework_id=self.framework.currentData(),
            included_only=self.included.isChecked(),
            group=self.group.currentData(),
            wide=self.wide.isChecked(),
            ticks=self.ticks.isChecked(),
            pictures=self.pictures.isChecked(),
        )
