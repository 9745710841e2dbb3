"""Filters over the studies: words, screening status, group, and an attribute's value."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.core.project import Project
from app.core.record_types import STATUSES
from app.core.study_filter import NOT_SET, StudyFilter

ANY_STATUS = "Any status"
ANY_GROUP = "Any group"
ANY_ATTRIBUTE = "Any attribute"


def _refill(combo: QComboBox, first: str, items: list[str]) -> None:
    """New items, keeping the choice if it is still there."""
    current = combo.currentText()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(first)
        combo.addItems(items)
        at = combo.findText(current)
        combo.setCurrentIndex(max(at, 0))
    finally:
        combo.blockSignals(False)


class FilterBar(QWidget):
    filterChanged = Signal(object)  # a StudyFilter

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("studySearch")
        self.search.setPlaceholderText("Filter: citation, title, author, DOI…")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItems([ANY_STATUS, *(s.capitalize() for s in STATUSES)])
        self.group = QComboBox()
        self.group.setObjectName("groupFilter")
        self.group.addItem(ANY_GROUP)
        self.attribute = QComboBox()
        self.attribute.setObjectName("attributeFilter")
        self.attribute.addItem(ANY_ATTRIBUTE)
        self.value = QComboBox()
        self.value.setObjectName("valueFilter")
        self.value.setEnabled(False)
        self.count = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.search, 2)
        for widget in (self.status, self.group, self.attribute, self.value):
            layout.addWidget(widget)
        layout.addWidget(self.count)
        self._values: dict[str, list[str]] = {}
        self.search.textChanged.connect(self._emit)
        for combo in (self.status, self.group, self.value):
            combo.currentIndexChanged.connect(self._emit)
        self.attribute.currentIndexChanged.connect(self._attribute_changed)

    def refresh(self, project: Project | None) -> None:
        if project is None:
            _refill(self.group, ANY_GROUP, [])
            _refill(self.attribute, ANY_ATTRIBUTE, [])
            self._values = {}
        else:
            _refill(self.group, ANY_GROUP, [g.name for g in project.records.lists.groups()])
            records = project.records.list()
            self._values = {}
            for definition in project.records.attributes.defs():
                seen = {r.attributes.get(definition.name, "") for r in records}
                values = [*definition.choices, *sorted(v for v in seen if v)]
                self._values[definition.name] = [*dict.fromkeys(values), NOT_SET]
            _refill(self.attribute, ANY_ATTRIBUTE, list(self._values))
        self._attribute_changed()

    def _attribute_changed(self) -> None:
        name = self.attribute.currentText()
        values = self._values.get(name, [])
        _refill(self.value, "Any value", values)
        self.value.setEnabled(bool(values))
        self._emit()

    def current(self) -> StudyFilter:
        status = self.status.currentText().casefold()
        group = self.group.currentText()
        attribute = self.attribute.currentText()
        value = self.value.currentText() if self.value.currentIndex() > 0 else ""
        return StudyFilter(
            text=self.search.text(),
            status="" if self.status.currentIndex() == 0 else status,
            group="" if self.group.currentIndex() == 0 else group,
            attribute="" if self.attribute.currentIndex() == 0 else attribute,
            value=value,
        )

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} studies")

    def _emit(self, *_args: object) -> None:
        self.filterChanged.emit(self.current())
