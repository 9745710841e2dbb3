"""The study on screen: its pages, PDF and, page by page as they arrive, text and word boxes.

Word boxes come from the render worker with the page's first image; the GUI thread never
computes them (that is pdfium's work), so a mouse handler never waits on a render.
"""

from __future__ import annotations

from app.core.project import Project
from app.core.types import PageInfo, Word
from app.ui.pageview.worker import PdfSource


class StudyDocument:
    def __init__(self, project: Project, study_id: int):
        self.project = project
        self.study_id = study_id
        self.pages: list[PageInfo] = project.studies.pages(study_id)
        # A study without its PDF yet has no pages: nothing to render.
        data, password, sha256 = project.studies.pdf(study_id) if self.pages else (b"", None, "")
        self.source = PdfSource(data, password, sha256)
        self._words: dict[int, list[Word]] = {}
        self._texts: dict[int, str] = {}
        # Pages with text whose words cannot be selected: why, and whether for good.
        self._unavailable: dict[int, tuple[str, bool]] = {}

    @property
    def sizes(self) -> list[tuple[float, float]]:
        return [(page.width, page.height) for page in self.pages]

    def has_text(self, page: int) -> bool:
        return self.pages[page].has_text

    def has_words(self, page: int) -> bool:
        return page in self._words

    def set_words(
        self, page: int, words: list[Word], text: str, unavailable: str = "", lasting: bool = False
    ) -> None:
        self._words[page] = words
        self._texts[page] = text
        if unavailable:
            self._unavailable[page] = (unavailable, lasting)

    def words_unavailable(self, page: int) -> tuple[str, bool] | None:
        """Why the page's text cannot be selected, and whether that holds for good; None
        when it can (or its words have not come yet)."""
        return self._unavailable.get(page)

    def words(self, page: int) -> list[Word]:
        """Word boxes of a page once the render worker has brought them, else none.

        Never fetched here: computing them means pdfium, which runs off the GUI thread.
        A page without a text layer has none to wait for.
        """
        return self._words.get(page, [])

    def text(self, page: int) -> str:
        """The page's text, as it came with its word boxes ("" until then)."""
        return self._texts.get(page, "")
