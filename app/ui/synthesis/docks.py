"""The synthesis views as docks of the main window, their menu, and what they lead to.

The main window creates one `SynthesisDocks`; everything else (the passage browser, search
all studies, Table 1, co-occurrence, charts) hangs off it: docks below the page, tabbed
together and hidden until asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget, QWidget

from app.core.errors import CoreError
from app.ui.commands.base import push
from app.ui.commands.codebook import AddCode
from app.ui.commands.synthesis import CodeHits
from app.ui.synthesis.browser import PassageBrowser
from app.ui.synthesis.chart_panel import ChartPanel
from app.ui.synthesis.code_hits_dialog import CodeHitsDialog
from app.ui.synthesis.cooccurrence_panel import CooccurrencePanel
from app.ui.synthesis.navigate import Navigator
from app.ui.synthesis.search_panel import SearchPanel
from app.ui.synthesis.table1_panel import Table1Panel

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class SynthesisDocks:
    def __init__(self, window: MainWindow):
        self.window = window
        context = window.context
        self.navigator = Navigator(window)
        self.browser = PassageBrowser(context)
        self.search = SearchPanel(context)
        self.table1 = Table1Panel(context)
        self.cooccurrence = CooccurrencePanel(context)
        self.charts = ChartPanel(context)
        self.docks: list[QDockWidget] = []
        self.actions: list[QAction] = []
        menu = window.menuBar().addMenu("&Synthesis")
        for title, name, widget, keys in (
            ("Passage browser", "browserDock", self.browser, "Ctrl+Shift+B"),
            ("Search all studies", "searchAllDock", self.search, "Ctrl+Shift+F"),
            ("Table 1", "table1Dock", self.table1, "Ctrl+Shift+M"),
            ("Co-occurrence", "cooccurrenceDock", self.cooccurrence, "Ctrl+Shift+O"),
            ("Charts", "chartsDock", self.charts, "Ctrl+Shift+H"),
        ):
            dock = QDockWidget(title, window)
            dock.setObjectName(name)
            dock.setWidget(widget)
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            if self.docks:
                window.tabifyDockWidget(self.docks[0], dock)
            dock.hide()
            action = QAction(f"{title}…", window)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _checked=False, d=dock: self.show(d))
            window.addAction(action)
            menu.addAction(action)
            self.docks.append(dock)
            self.actions.append(action)
        (
            self.browser_dock,
            self.search_dock,
            self.table1_dock,
            self.cooccurrence_dock,
            self.charts_dock,
        ) = self.docks

        for panel in (self.browser, self.table1, self.cooccurrence):
            panel.passageActivated.connect(self.navigator.show_passage)
        self.search.hitActivated.connect(self.navigator.show_hit)
        self.search.codeAllRequested.connect(self.code_all_hits)
        window.codebook.view.doubleClicked.connect(self._factor_double_clicked)
        context.projectOpened.connect(self._update)
        context.projectClosed.connect(self._update)
        self._update()

    def show(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()
        # A matrix needs room below the page: at least half the window, unless the user has
        # made the docks taller (or floated this one) already.
        wanted = int(self.window.height() * (0.4 if dock is self.browser_dock else 0.55))
        if not dock.isFloating() and dock.height() < wanted * 0.8:
            self.window.resizeDocks([dock], [wanted], Qt.Orientation.Vertical)
        widget: QWidget | None = dock.widget()
        if widget is self.search:
            self.search.field.setFocus()
            self.search.field.selectAll()

    def show_factor(self, code_id: int) -> None:
        """The passage browser, filtered to one factor."""
        self.show(self.browser_dock)
        self.browser.show_factor(code_id)

    def _factor_double_clicked(self, index: QModelIndex) -> None:
        code = self.window.codebook.model.code(index)
        if code is not None:
            self.show_factor(code.id)

    def code_all_hits(self) -> CodeHitsDialog | None:
        """Preview, then code every hit shown as one undo step."""
        project = self.window.context.project
        result = self.search.result
        if project is None or result is None or not result.hits:
            return None
        if not self.window.coder.enabled:
            self.window.show_error("Wait for the import to finish before coding.")
            return None
        groups = self.search.model.groups
        hits = [hit for group in groups for hit in group.hits]
        pages = [page for group in groups for page in group.pages]
        labels = {group.study_id: group.label for group in groups}
        dialog = CodeHitsDialog(
            project, hits, labels, pages, self.window.codebook.current_code(), self.window
        )
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._code_chosen(dialog, result))
        dialog.open()
        return dialog

    def _code_chosen(self, dialog: CodeHitsDialog, result: int) -> None:
        project = self.window.context.project
        if result != QDialog.DialogCode.Accepted or project is None:
            return
        code = dialog.chosen_code()
        spans = dialog.spans()
        if code is None or not spans:
            return
        stack = self.window.context.undo_stack
        stack.beginMacro(f"Code {len(spans)} hits")
        try:
            if isinstance(code, str):
                add = AddCode(project, code)
                push(stack, add)
                assert add.code_id is not None
                code = add.code_id
            push(stack, CodeHits(project, spans, code))
        except CoreError as error:
            self.window.show_error(str(error))
        finally:
            stack.endMacro()
        self.window.statusBar().showMessage(
            f"Coded {len(spans)} hits; Ctrl+Z takes them back.", 8000
        )

    def _update(self) -> None:
        has_project = self.window.context.project is not None
        for action in self.actions:
            action.setEnabled(has_project)
