"""Studies (imported PDFs) and their pages: listing, text, word boxes, attributes."""

from __future__ import annotations

import builtins
import json
import logging
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.core.service import Service
from app.core.types import TEXT_OK, PageInfo, StudyInfo, Word
from app.store.models import Page, Passage, PdfBlob, Study, StudyAttribute

log = logging.getLogger(__name__)


def _stored_words(raw: str, study_id: int, index: int) -> builtins.list[Word] | None:
    """The page's kept word boxes, or None when they cannot be read back (a damaged byte
    in the file): they are a cache, computed again from the PDF."""
    try:
        return [Word(*row) for row in json.loads(raw)]
    except (ValueError, TypeError) as error:
        log.warning(
            "word boxes of study %s page %s unreadable (%s); recomputed", study_id, index + 1, error
        )
        return None


def _study_info(
    session: Session,
    study: Study,
    counts: tuple[dict[int, int], dict[int, int]] | None = None,
) -> StudyInfo:
    without_text, passages = counts if counts is not None else _counts(session, study.id)
    return StudyInfo(
        id=study.id,
        guid=study.guid,
        name=study.name,
        filename=study.filename,
        sha256=study.sha256,
        page_count=study.page_count,
        pages_without_text=without_text.get(study.id, 0),
        passage_count=passages.get(study.id, 0),
    )


def _counts(session: Session, study_id: int | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """Per study: pages without a usable text layer, and passages (one query each)."""
    pages = select(Page.study_id, func.count()).where(Page.text_status != TEXT_OK)
    passages = select(Passage.study_id, func.count())
    if study_id is not None:
        pages = pages.where(Page.study_id == study_id)
        passages = passages.where(Passage.study_id == study_id)
    return (
        {sid: int(n) for sid, n in session.execute(pages.group_by(Page.study_id)).all()},
        {sid: int(n) for sid, n in session.execute(passages.group_by(Passage.study_id)).all()},
    )


def _page_info(page: Page) -> PageInfo:
    return PageInfo(
        study_id=page.study_id,
        index=page.page_index,
        width=page.width,
        height=page.height,
        rotation=page.rotation,
        text_status=page.text_status,
        text_error=page.text_error,
    )


class Studies(Service):
    """Read side of studies, and the few edits a study takes (name, attributes)."""

    def list(self) -> builtins.list[StudyInfo]:
        with self.database.reading() as session:
            studies = session.scalars(select(Study).order_by(Study.position, Study.id)).all()
            counts = _counts(session)
            return [_study_info(session, study, counts) for study in studies]

    def get(self, study_id: int) -> StudyInfo:
        with self.database.reading() as session:
            return _study_info(session, self._study(session, study_id))

    def by_sha256(self, sha256: str) -> StudyInfo | None:
        with self.database.reading() as session:
            study = session.scalar(select(Study).where(Study.sha256 == sha256))
            return None if study is None else _study_info(session, study)

    def pages(self, study_id: int) -> builtins.list[PageInfo]:
        with self.database.reading() as session:
            rows = session.scalars(
                select(Page).where(Page.study_id == study_id).order_by(Page.page_index)
            ).all()
            return [_page_info(page) for page in rows]

    def page(self, study_id: int, index: int) -> PageInfo:
        with self.database.reading() as session:
            return _page_info(self._page(session, study_id, index))

    def text(self, study_id: int, index: int) -> str:
        with self.database.reading() as session:
            return self._page(session, study_id, index).text

    def texts(self, study_id: int) -> builtins.list[str]:
        with self.database.reading() as session:
            return list(
                session.scalars(
                    select(Page.text).where(Page.study_id == study_id).order_by(Page.page_index)
                ).all()
            )

    def pdf(self, study_id: int) -> tuple[bytes, str | None, str]:
        """The PDF bytes, the password it opens with (if any), and its SHA-256."""
        with self.database.reading() as session:
            study = self._study(session, study_id)
            blob = session.get(PdfBlob, study_id)
            if blob is None:
                raise NotFound(f"The PDF of study {study.name} is missing from the project.")
            return blob.data, study.pdf_password, study.sha256

    def words(self, study_id: int, index: int) -> builtins.list[Word]:
        """Word boxes of a page, computed from the PDF on first use and then kept.

        Boxes that could not be computed are not kept: the next look tries again, instead
        of leaving the page unselectable for good.
        """
        with self.database.reading() as session:
            page = self._page(session, study_id, index)
            stored, status, text = page.words, page.text_status, page.text
        if stored is not None:
            kept = _stored_words(stored, study_id, index)
            if kept is not None:
                return kept
        words: builtins.list[Word] | None = []
        if status == TEXT_OK:
            words = self._compute_words(study_id, index, text)
        if words is None:
            return []
        if not self.database.read_only:
            with self.database.transaction() as session:
                row = self._page(session, study_id, index)
                row.words = json.dumps(
                    [[w.start, w.end, w.x0, w.top, w.x1, w.bottom] for w in words]
                )
        return words

    def words_for(
        self, study_id: int, index: int, spans: Sequence[tuple[int, int]]
    ) -> builtins.list[Word]:
        """Word boxes that cover `spans` of a page: the page's stored words when it has them,
        else just the boxed parts of words inside the spans, computed now and not kept (a
        few glyphs instead of a whole page, so that coding every hit of a search across a
        review does not wait for every page's word boxes)."""
        with self.database.reading() as session:
            page = self._page(session, study_id, index)
            stored, status, text = page.words, page.text_status, page.text
        if stored is not None:
            kept = _stored_words(stored, study_id, index)
            if kept is not None:
                return kept
        if status != TEXT_OK:
            return []
        return self._compute_words(study_id, index, text, spans) or []

    def pages_without_words(self, study_id: int) -> builtins.list[int]:
        with self.database.reading() as session:
            return list(
                session.scalars(
                    select(Page.page_index)
                    .where(Page.study_id == study_id, Page.words.is_(None))
                    .order_by(Page.page_index)
                ).all()
            )

    def _compute_words(
        self,
        study_id: int,
        index: int,
        text: str,
        spans: Sequence[tuple[int, int]] | None = None,
    ) -> builtins.list[Word] | None:
        """The page's word boxes; [] when the PDF's text is not the stored text (then there
        never will be any); None when they cannot be computed now (try again later)."""
        from app.pdf.errors import PdfError
        from app.pdf.words import page_words

        data, password, sha256 = self.pdf(study_id)
        try:
            fresh_text, raw = page_words(data, password, index, key=sha256, spans=spans)
        except PdfError as error:
            log.warning("word boxes of study %s page %s: %s", study_id, index + 1, error)
            return None
        if fresh_text != text:
            # The stored text came from another extractor; spans would not line up.
            log.warning(
                "study %s page %s: text read at import differs from pdfium's; "
                "the page is coded by region",
                study_id,
                index + 1,
            )
            return []
        return [Word(w.start, w.end, w.x0, w.top, w.x1, w.bottom) for w in raw]

    # --- edits -----------------------------------------------------------------------------

    def rename(self, study_id: int, name: str) -> None:
        self._writable()
        with self.database.transaction() as session:
            self._study(session, study_id).name = name.strip() or "Untitled study"
        self.emit("studies", study_id=study_id)

    def attributes(self, study_id: int) -> dict[str, str]:
        with self.database.reading() as session:
            rows = session.scalars(
                select(StudyAttribute)
                .where(StudyAttribute.study_id == study_id)
                .order_by(StudyAttribute.id)
            ).all()
            return {row.name: row.value for row in rows}

    def set_attribute(self, study_id: int, name: str, value: str) -> None:
        self._writable()
        with self.database.transaction() as session:
            row = session.scalar(
                select(StudyAttribute).where(
                    StudyAttribute.study_id == study_id, StudyAttribute.name == name
                )
            )
            if row is None:
                session.add(StudyAttribute(study_id=study_id, name=name, value=value))
            else:
                row.value = value
        self.emit("studies", study_id=study_id)

    # --- lookups ---------------------------------------------------------------------------

    @staticmethod
    def _study(session: Session, study_id: int) -> Study:
        study = session.get(Study, study_id)
        if study is None:
            raise NotFound(f"No study with id {study_id} in this project.")
        return study

    @staticmethod
    def _page(session: Session, study_id: int, index: int) -> Page:
        page = session.scalar(
            select(Page).where(Page.study_id == study_id, Page.page_index == index)
        )
        if page is None:
            raise NotFound(f"Study {study_id} has no page {index + 1}.")
        return page
