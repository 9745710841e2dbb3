"""A toolbar combo that narrows the page's highlights to one theme's factors."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from app.core.project import Change
from app.ui.codebook.swatch import swatch
from app.ui.context import AppContext


class ThemeFilter(QComboBox):
    themeChosen = Signal(object)  # theme id, or None for every factor

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setToolTip("Highlight only the factors under one theme")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.currentIndexChanged.connect(self._chosen)
        context.changed.connect(self._changed)
        context.projectOpened.connect(self.reload)
        context.projectClosed.connect(self.reload)
        self.reload()

    def theme_id(self) -> int | None:
        value = self.currentData()
        return None if value is None else int(value)

    def choose(self, theme_id: int | None) -> None:
        index = self.findData(theme_id) if theme_id is not None else 0
        self.setCurrentIndex(max(index, 0))

    def reload(self) -> None:
        wanted = self.theme_id() if self.count() else None
        self.blockSignals(True)
        self.clear()
        self.addItem("All themes", None)
        project = self.context.project
        if project is not None:
            frameworks = project.frameworks.list()
            names = {f.id: f.name for f in frameworks}
            for theme in project.frameworks.themes():
                label = (
                    theme.name
                    if len(frameworks) == 1
                    else (f"{names.get(theme.framework_id, '')}: {theme.name}")
                )
                self.addItem(swatch(theme.colour), label, theme.id)
        index = self.findData(wanted) if wanted is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        if wanted is not None and index < 0:
            self.themeChosen.emit(None)  # the chosen theme is gone

    def _changed(self, change: Change) -> None:
        if "frameworks" in change.kinds:
            self.reload()

    def _chosen(self, _index: int) -> None:
        self.themeChosen.emit(self.theme_id())


def theme_filter_widget(context: AppContext, parent: QWidget | None = None) -> ThemeFilter:
    """The widget the main window puts in its toolbar; connect `themeChosen` to the page
    view's `set_theme_filter`."""
    return ThemeFilter(context, parent)
