"""The passage browser's filters: factors, themes, studies, status, group, attributes, text."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from app.core.project import Project
from app.core.synthesis.browser import PassageFilter
from app.ui.synthesis.choice_button import ChoiceButton


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.factors = ChoiceButton("Factors")
        self.factors.setObjectName("filterFactors")
        self.themes = ChoiceButton("Themes")
        self.studies = ChoiceButton("Studies")
        self.statuses = ChoiceButton("Status")
        self.groups = ChoiceButton("Group")
        self.attributes = ChoiceButton("Attributes")
        self.choices = (
            self.factors,
            self.themes,
            self.studies,
            self.statuses,
            self.groups,
            self.attributes,
        )
        self.text = QLineEdit()
        self.text.setObjectName("filterText")
        self.text.setPlaceholderText("Words in the quote or memo")
        self.text.setClearButtonEnabled(True)
        self.subfactors = QCheckBox("With sub-factors")
        self.subfactors.setChecked(True)
        self.subfactors.setToolTip("A factor stands for its sub-factors too")
        self.every = QCheckBox("Carrying all")
        self.every.setToolTip("Only passages coded with every factor chosen")
        reset = self.reset_button = QToolButton()
        reset.setText("Clear filters")
        reset.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (
            self.factors,
            self.every,
            self.subfactors,
            self.themes,
            self.studies,
            self.statuses,
            self.groups,
            self.attributes,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.text, 1)
        layout.addWidget(reset)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.changed)
        self.text.textChanged.connect(lambda _t: self._typing.start())
        self.text.returnPressed.connect(self._typed)
        for button in self.choices:
            button.changed.connect(self.changed)
        self.subfactors.toggled.connect(lambda _on: self.changed.emit())
        self.every.toggled.connect(lambda _on: self.changed.emit())

    def reload(self, project: Project | None) -> None:
        """Offer what the project holds now; choices still there stay chosen."""
        for button in self.choices:
            button.blockSignals(True)
        try:
            if project is None:
                for button in self.choices:
                    button.set_items([])
                return
            codes = project.codebook.list()
            depth = {code.id: 0 for code in codes}
            for code in codes:
                if code.parent_id is not None:
                    depth[code.id] = depth.get(code.parent_id, 0) + 1
            self.factors.set_items(
                [(c.id, "    " * depth[c.id] + c.name) for c in codes], [c.colour for c in codes]
            )
            frameworks = {f.id: f.name for f in project.frameworks.list()}
            themes = project.frameworks.themes()
            several = len(frameworks) > 1
            self.themes.set_items(
                [
                    (
                        t.id,
                        f"{t.name} ({frameworks.get(t.framework_id, '')})" if several else t.name,
                    )
                    for t in themes
                ],
                [t.colour for t in themes],
            )
            facets = project.study_facets
            self.studies.set_items([(r.study_id, r.label) for r in facets.records()])
            self.statuses.set_items([(s, s) for s in facets.statuses()])
            self.groups.set_items([(g, g) for g in facets.groups()])
            self.attributes.set_items(
                [
                    ((name, value), f"{name} = {value}")
                    for name in facets.attribute_names()
                    for value in facets.attribute_values(name)
                ]
            )
        finally:
            for button in self.choices:
                button.blockSignals(False)

    def filter(self) -> PassageFilter:
        return PassageFilter(
            code_ids=tuple(int(v) for v in self.factors.chosen()),  # type: ignore[call-overload]
            all_codes=self.every.isChecked(),
            subfactors=self.subfactors.isChecked(),
            theme_ids=tuple(int(v) for v in self.themes.chosen()),  # type: ignore[call-overload]
            study_ids=tuple(int(v) for v in self.studies.chosen()),  # type: ignore[call-overload]
            statuses=tuple(str(v) for v in self.statuses.chosen()),
            groups=tuple(str(v) for v in self.groups.chosen()),
            attributes=tuple(v for v in self.attributes.chosen() if isinstance(v, tuple)),
            text=self.text.text(),
        )

    def show_factor(self, code_id: int) -> None:
        """Only this factor's passages: what double-clicking it in the codebook asks."""
        self._clear_quietly(but=self.factors)
        self.factors.set_chosen([code_id])

    def clear(self) -> None:
        self._clear_quietly(but=self.attributes)
        self.attributes.set_chosen([])

    def _clear_quietly(self, but: ChoiceButton) -> None:
        """Clear the words and every choice but `but`, with no signal: the caller then sets
        `but`, and the list is filtered once."""
        for button in self.choices:
            if button is not but:
                button.blockSignals(True)
                button.set_chosen([])
                button.blockSignals(False)
        self.text.blockSignals(True)
        self.text.clear()
        self.text.blockSignals(False)

    def _typed(self) -> None:
        self._typing.stop()
        self.changed.emit()
