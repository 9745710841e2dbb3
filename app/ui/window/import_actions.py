"""Where imports start in the window: the file and folder dialogs, and PDFs dropped on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.context import AppContext
from app.ui.window.dropped import pdf_paths
from app.ui.window.import_controller import ImportController


class ImportActions:
    def __init__(
        self,
        context: AppContext,
        window: QWidget,
        importer: ImportController,
        refuse: Callable[[str], object],
    ):
        self._context = context
        self._window = window
        self._importer = importer
        self._refuse = refuse

    def choose_pdfs(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self._window, "Import PDFs", "", "PDF files (*.pdf)"
        )
        self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self._window, "Import a folder of PDFs")
        if name:
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> bool:
        if self._context.project is None:
            self._refuse("Open or create a project first, then import its PDFs.")
            return False
        return self._importer.start(paths)

    def accepts(self, mime: QMimeData) -> bool:
        """Whether a drag carries PDFs (or folders) this window can take now."""
        return self._context.project is not None and bool(pdf_paths(mime))

    def drop(self, mime: QMimeData) -> bool:
        paths = pdf_paths(mime)
        return bool(paths) and self.import_paths(paths)
