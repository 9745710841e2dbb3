"""A line across the top of the page view when the page on screen has text whose words
cannot be selected: why, and that a region codes it instead.

Shown only then: a drag over such a page would otherwise select nothing, without a word.
A page that could not be drawn at all says so on the page itself, and needs no line here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from app.ui.pageview.view import PageView

STYLE = (
    "#wordsNotice { background: #fff4d6; color: #4a3500; border-bottom: 1px solid #d9b44a;"
    " padding: 6px 12px; }"
)


def notice_text(reason: str, lasting: bool) -> str:
    when = "" if lasting else " just now"
    again = "" if lasting else "; they are looked for again when the study is next opened"
    return (
        f"⚠ The words of this page cannot be selected{when} ({reason}{again}). "
        "Draw a region (R) to code it: a drag on this page draws one."
    )


class WordsNotice(QLabel):
    def __init__(self, view: PageView):
        super().__init__(view.viewport())
        self.setObjectName("wordsNotice")
        self.setStyleSheet(STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._view = view
        self._page: int | None = None
        view.viewport().installEventFilter(self)
        view.currentPageChanged.connect(lambda _page: self.refresh())
        view.images.pageReady.connect(self._on_page_ready)
        self.hide()

    def page(self) -> int | None:
        """The page the notice speaks of, while it shows."""
        return self._page if self.isVisible() else None

    def refresh(self) -> None:
        view, doc = self._view, self._view.document()
        page = view.current_page()
        found = None
        if doc is not None and 0 <= page < view.page_count() and not view.painter.blank(page):
            found = doc.words_unavailable(page)
        if found is None:
            self._page = None
            self.hide()
            return
        self._page = page
        self.setText(notice_text(*found))
        self._place()
        self.show()
        self.raise_()

    def _on_page_ready(self, page: int) -> None:
        if page == self._view.current_page() or page == self._page:
            self.refresh()

    def _place(self) -> None:
        area = self._view.viewport()
        self.setFixedWidth(area.width())
        self.adjustSize()
        self.move(0, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
