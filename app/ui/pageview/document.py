"""The study on screen: its pages, PDF and, page by page as they arrive, text and word boxes."""

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

    def loaded_words(self, page: int) -> list[Word]:
        """Word boxes if they have arrived, else none (drawing never waits for them)."""
        return self._words.get(page, [])

    def words(self, page: int) -> list[Word]:
        """Word boxes now: fetched here if the worker has not brought them yet (about 12 ms)."""
        if page not in self._words:
            if not self.has_text(page):
                self.set_words(page, [], "")
            else:
                self.set_words(
                    page,
                    self.project.studies.words(self.study_id, page),
                    self.project.studies.text(self.study_id, page),
                )
        return self._words[page]

    def text(self, page: int) -> str:
        self.words(page)
        return self._texts[page]
