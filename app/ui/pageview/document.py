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

    @property
    def sizes(self) -> list[tuple[float, float]]:
        return [(page.width, page.height) for page in self.pages]

    def has_text(self, page: int) -> bool:
        return self.pages[page].has_text

    def has_words(self, page: int) -> bool:
        return page in self._words

    def set_words(self, page: int, words: list[Word], text: str) -> None:
        self._words[page] = words
        self._texts[page] = text

    def words(self, page: int) -> list[Word]:
        """Word boxes of a page once the render worker has brought them, else none.

        Never fetched here: computing them means pdfium, which runs off the GUI thread.
        A page without a text layer has none to wait for.
        """
        return self._words.get(page, [])

    def text(self, page: int) -> str:
        """The page's text, as it came with its word boxes ("" until then)."""
        return self._texts.get(page, "")
