"""The window's actions with their standard shortcuts, and the menus and toolbar showing them."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from app.ui.window.toolbar import build_toolbar

Key = QKeySequence.StandardKey


def _action(
    window: QMainWindow, text: str, *shortcuts: QKeySequence | Key | str, tip: str = ""
) -> QAction:
    action = QAction(text, window)
    keys = [s if isinstance(s, QKeySequence) else QKeySequence(s) for s in shortcuts]
    if keys:
        action.setShortcuts(keys)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    # Actions live on the window so their shortcuts work whichever dock has focus.
    window.addAction(action)
    return action


class WindowActions:
    def __init__(self, window: QMainWindow):
        a = _action
        self.new = a(window, "&New project…", Key.New)
        self.open = a(window, "&Open project…", Key.Open)
        self.demo = a(window, "Open the &demo")
        self.import_pdfs = a(window, "&Import PDFs…", "Ctrl+I", tip="Import PDF files (Ctrl+I)")
        self.import_folder = a(window, "Import a &folder of PDFs…")
        self.export = a(window, "&Export coded passages…", tip="Write an .xlsx spreadsheet")
        self.restore = a(
            window, "Restore from &backup…", tip="Put an earlier copy of the project in its place"
        )
        self.quit = a(window, "&Quit", Key.Quit)
        self.undo = a(window, "&Undo", Key.Undo)
        self.redo = a(window, "&Redo", "Ctrl+Shift+Z", "Ctrl+Y")
        self.find = a(window, "&Find…", Key.Find)
        self.find_next = a(window, "Find &next", "F3")
        self.find_previous = a(window, "Find pre&vious", "Shift+F3")
        self.zoom_in = a(window, "Zoom &in", Key.ZoomIn, "Ctrl+=")
        self.zoom_out = a(window, "Zoom &out", Key.ZoomOut)
        self.fit_width = a(window, "Fit &width", "Ctrl+2")
        self.fit_page = a(window, "Fit &page", "Ctrl+1")
        self.go_to_page = a(window, "&Go to page…", "Ctrl+G")
        self.region_mode = a(
            window, "&Region mode", "R", tip="Drag a rectangle to code scans and figures (R)"
        )
        self.region_mode.setCheckable(True)
        self.code_with = a(window, "&Code with…", "Ctrl+K", tip="Pick a factor by name (Ctrl+K)")
        self.delete_passage = a(window, "&Delete passage", Key.Delete)
        self.frameworks = a(
            window, "&Frameworks…", "Ctrl+Shift+T", tip="Put factors under themes (Ctrl+Shift+T)"
        )
        self.number_keys = [a(window, f"Apply factor {n}", str(n)) for n in range(1, 10)]
        self.recent_menu = QMenu("Open &recent", window)
        # Only while a project is open, and not while an import is the project's writer.
        self.needs_project = [
            self.import_pdfs,
            self.import_folder,
            self.export,
            self.restore,
            self.find,
            self.find_next,
            self.find_previous,
            self.zoom_in,
            self.zoom_out,
            self.fit_width,
            self.fit_page,
            self.go_to_page,
            self.region_mode,
            self.frameworks,
        ]
        self.coding = [self.code_with, self.delete_passage, *self.number_keys]

    def build_menus(self, window: QMainWindow) -> tuple[QMenu, QToolBar]:
        bar = window.menuBar()
        file = bar.addMenu("&File")
        for action in (self.new, self.open):
            file.addAction(action)
        file.addMenu(self.recent_menu)
        file.addAction(self.demo)
        file.addSeparator()
        file.addAction(self.import_pdfs)
        file.addAction(self.import_folder)
        file.addAction(self.export)
        file.addSeparator()
        file.addAction(self.restore)
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo)
        edit.addAction(self.redo)
        edit.addSeparator()
        edit.addAction(self.find)
        edit.addAction(self.find_next)
        edit.addAction(self.find_previous)
        code = bar.addMenu("&Code")
        code.addAction(self.code_with)
        code.addAction(self.region_mode)
        code.addAction(self.delete_passage)
        code.addSeparator()
        code.addAction(self.frameworks)
        numbers = code.addMenu("Apply factor by number")
        for action in self.number_keys:
            numbers.addAction(action)
        view = bar.addMenu("&View")
        for action in (self.zoom_in, self.zoom_out, self.fit_width, self.fit_page):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.go_to_page)
        toolbar = build_toolbar(
            window,
            [
                [(self.import_pdfs, "import"), (self.undo, "undo"), (self.redo, "redo")],
                [
                    (self.zoom_out, "zoom-out"),
                    (self.zoom_in, "zoom-in"),
                    (self.fit_width, "fit-width"),
                    (self.fit_page, "fit-page"),
                ],
                [(self.region_mode, "region"), (self.code_with, "code-with"), (self.find, "find")],
            ],
        )
        return view, toolbar
