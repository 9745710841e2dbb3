"""The page indicator in the status bar, "p. 164 (PDF 3 of 17)", which is also where to
type a page to go to: the number printed on it ("164", "xii") or its place ("PDF 3")."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from app.core.project import Change
from app.ui.context import AppContext
from app.ui.pageview import PageView

_PDF = re.compile(r"^(?:pdf|#)\s*(?:page\s*)?(\d+)$", re.IGNORECASE)
_PRINTED = re.compile(r"^(?:p\.?|pp\.?|page)\s*", re.IGNORECASE)


def page_of(typed: str, cited: list[str]) -> int | None:
    """The page (0-based) a typed reference names: "PDF 3" by place; else a number printed
    on a page ("164", "p. 164", "xii"); else a plain number by place. None when none fits."""
    text = typed.strip()
    match = _PDF.match(text)
    if match:
        index = int(match.group(1)) - 1
        return index if 0 <= index < len(cited) else None
    wanted = _PRINTED.sub("", text).strip().casefold()
    if not wanted:
        return None
    for index, number in enumerate(cited):
        if number.casefold() == wanted:
            return index
    if wanted.isdigit() and 1 <= int(wanted) <= len(cited):
        return int(wanted) - 1
    return None


def describe(page: int, cited: list[str]) -> str:
    if not cited:
        return ""
    printed = cited[page] if 0 <= page < len(cited) else str(page + 1)
    return f"p. {printed} (PDF {page + 1} of {len(cited)})"


class PageIndicator(QLineEdit):
    refused = Signal(str)  # what was typed names no page of the study

    def __init__(self, context: AppContext, view: PageView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageIndicator")
        self._context = context
        self._view = view
        self._cited: list[str] = []
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setToolTip(
            "The page on screen. Type a printed page number (164) or a place in the PDF "
            "(PDF 3) and press Enter to go there (Ctrl+G)."
        )
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("p. 1234-1235 (PDF 999 of 999)"))
        self.setEnabled(False)
        view.currentPageChanged.connect(self._show)
        context.studySelected.connect(self._reload)
        context.projectClosed.connect(self._reload)
        context.changed.connect(self._on_change)

    def cited(self) -> list[str]:
        return list(self._cited)

    def start_typing(self) -> None:
        """Ctrl+G: the field takes the keys, its text selected to be typed over."""
        if self.isEnabled():
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.selectAll()

    def _reload(self, *_args: object) -> None:
        project, study_id = self._context.project, self._context.study_id
        self._cited = (
            []
            if project is None or study_id is None
            else project.page_numbers.cited([study_id]).get(study_id, [])
        )
        self.setEnabled(bool(self._cited))
        self._show()

    def _on_change(self, change: Change) -> None:
        study_id = self._context.study_id
        if "pages" in change.kinds and study_id is not None and change.touches_study(study_id):
            self._reload()

    def _show(self, *_args: object) -> None:
        if not self.hasFocus():
            self.setText(describe(self._view.current_page(), self._cited))

    def _go(self) -> None:
        typed = self.text()
        page = page_of(typed, self._cited)
        if page is None:
            self.refused.emit(f"No page {typed.strip()!r} in this study.")
            self.selectAll()
            return
        self._view.go_to_page(page)
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)  # back to reading
        self._show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._go()
            return
        if event.key() == Qt.Key.Key_Escape:
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.setText(describe(self._view.current_page(), self._cited))
