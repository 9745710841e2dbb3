"""Studies (imported PDFs) and their pages: listing, text, word boxes, attributes."""

from __future__ import annotations

import builtins
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.core.citation import Citable, citation, citations
from app.core.errors import NotFound
from app.core.hyphenation import SOFT_HYPHEN
from app.core.page_cache import PageCache, PageRecord
from app.core.page_words import TEXT_DIFFERS, UNREADABLE_NOW, PageWords
from app.core.service import Emit, Service
from app.core.types import TEXT_OK, PageInfo, StudyInfo, Word
from app.store.database import Database
from app.store.models import AttributeDef, Page, Passage, PdfBlob, Study, StudyAttribute


def _citations(session: Session, where: ColumnElement[bool] | None = None) -> dict[int, str]:
    """Citations of the studies `where` picks (every one by default). Authors or a year
    still guessed from the PDF make no citation: the name stands in."""
    query = select(Study.id, Study.authors, Study.year, Study.title, Study.guessed)
    if where is not None:
        query = query.where(where)
    return citations(
        Citable(study_id, tuple(json.loads(authors)), year, title)
        for study_id, authors, year, title, guessed in session.execute(query).all()
        if not {"authors", "year"} & set(json.loads(guessed))
    )


def study_citations(session: Session) -> dict[int, str]:
    """Every study's citation; all studies are read, since a, b suffixes depend on the rest."""
    return _citations(session)


def study_citation(session: Session, study: Study) -> str:
    """One study's citation. Only the studies of its year are read: a suffix only ever
    tells apart studies of the same year."""
    own = citation(tuple(json.loads(study.authors)), study.year)
    if not own or {"authors", "year"} & set(json.loads(study.guessed)):
        return ""  # the name stands in, whatever the other studies are
    same_year = Study.year.is_(None) if study.year is None else Study.year == study.year
    return _citations(session, same_year).get(study.id, "")


if TYPE_CHECKING:
    from app.pdf.cache import DocumentCache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DrawingCheck:
    """What a look at a study's PDF found: why its pages cannot be drawn ("" when they can)."""

    study_id: int
    sha256: str  # the PDF looked at
    problem: str


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
    cites: dict[int, str] | None = None,
) -> StudyInfo:
    without_text, passages = counts if counts is not None else _counts(session, study.id)
    return StudyInfo(
        id=study.id,
        guid=study.guid,
        name=study.name,
        filename=study.filename,
        sha256=study.sha256 or "",
        page_count=study.page_count,
        pages_without_text=without_text.get(study.id, 0),
        passage_count=passages.get(study.id, 0),
        citation=study_citation(session, study) if cites is None else cites.get(study.id, ""),
        has_pdf=study.sha256 is not None,
        drawing_problem=study.drawing_problem,
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
        label=page.label,
        printed=page.printed,
        unreadable=page.unreadable,
    )


def same_layer(fresh: str, stored: str) -> bool:
    """Whether freshly extracted page text is the stored text: the same but for the
    line-end hyphens decided at import (see app.core.hyphenation)."""
    if len(fresh) != len(stored):
        return False
    return fresh == stored or fresh.replace(SOFT_HYPHEN, "-") == stored.replace(SOFT_HYPHEN, "-")


class Studies(Service):
    """Read side of studies, and the few edits a study takes (name, attributes).

    `pdfs` is the project's cache of open documents; `pages`, its recently read pages.
    """

    def __init__(
        self,
        database: Database,
        emit: Emit,
        pdfs: DocumentCache | None = None,
        pages: PageCache | None = None,
    ):
        super().__init__(database, emit)
        self.pdfs = pdfs
        self._pages = pages if pages is not None else PageCache()

    def list(self) -> builtins.list[StudyInfo]:
        with self.database.reading() as session:
            studies = session.scalars(select(Study).order_by(Study.position, Study.id)).all()
            counts = _counts(session)
            cites = study_citations(session)
            return [_study_info(session, study, counts, cites) for study in studies]

    def get(self, study_id: int) -> StudyInfo:
        with self.database.reading() as session:
            return _study_info(session, self._study(session, study_id))

    def names(self) -> dict[int, str]:
        """Every study's name by id, in the studies' order: one query, no counts."""
        with self.database.reading() as session:
            rows = session.execute(
                select(Study.id, Study.name).order_by(Study.position, Study.id)
            ).all()
            return {int(study_id): name for study_id, name in rows}

    def passage_counts(self, study_ids: Iterable[int] | None = None) -> dict[int, int]:
        """How many passages each study (of `study_ids`, or every one) holds: one query.
        A study without passages is left out."""
        query = select(Passage.study_id, func.count()).group_by(Passage.study_id)
        if study_ids is not None:
            query = query.where(Passage.study_id.in_(sorted(set(study_ids))))
        with self.database.reading() as session:
            return {int(sid): int(n) for sid, n in session.execute(query).all()}

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
        return self.page_record(study_id, index).info

    def text(self, study_id: int, index: int) -> str:
        return self.page_record(study_id, index).text

    def texts(self, study_id: int) -> builtins.list[str]:
        with self.database.reading() as session:
            return list(
                session.scalars(
                    select(Page.text).where(Page.study_id == study_id).order_by(Page.page_index)
                ).all()
            )

    def furniture(self, study_id: int, index: int) -> builtins.list[tuple[int, int]]:
        """Spans of the page's running heads, feet, page numbers and margin marks."""
        return list(self.page_record(study_id, index).furniture)

    def text_layer(self, study_id: int) -> int:
        """Which text extractor made the study's stored page text."""
        with self.database.reading() as session:
            return self._study(session, study_id).text_layer

    def texts_and_furniture(
        self, study_id: int
    ) -> builtins.list[tuple[str, builtins.list[tuple[int, int]]]]:
        """Every page's text and running heads, in page order: one query for a study."""
        with self.database.reading() as session:
            rows = session.execute(
                select(Page.text, Page.furniture)
                .where(Page.study_id == study_id)
                .order_by(Page.page_index)
            ).all()
        return [
            (text, [(int(a), int(b)) for a, b in json.loads(furniture or "[]")])
            for text, furniture in rows
        ]

    def sha256(self, study_id: int) -> str:
        """The SHA-256 of the study's PDF ("" while it has none): one column, no counts."""
        with self.database.reading() as session:
            found = session.scalar(select(Study.sha256).where(Study.id == study_id))
            if found is None and session.get(Study, study_id) is None:
                raise NotFound(f"No study with id {study_id} in this project.")
            return found or ""

    def pdf(self, study_id: int) -> tuple[bytes, str | None, str]:
        """The PDF bytes, the password it opens with (if any), and its SHA-256."""
        with self.database.reading() as session:
            study = self._study(session, study_id)
            blob = session.get(PdfBlob, study_id)
            if blob is None or study.sha256 is None:
                raise NotFound(f"Study {study.name} has no PDF yet: attach one to read it.")
            return blob.data, study.pdf_password, study.sha256

    def drawing_problem(self, study_id: int) -> str:
        """Why the study's pages cannot be drawn ("" when they can); a study imported before
        this was recorded is checked now (and the answer kept, if the file is writable)."""
        with self.database.reading() as session:
            study = self._study(session, study_id)
            known, has_pdf = study.drawing_problem, study.sha256 is not None
        if known is not None or not has_pdf:
            return known or ""
        found = self.check_drawing(study_id)
        self.keep_drawing_problems([found])
        return found.problem

    def unchecked_drawing(self) -> builtins.list[int]:
        """Studies with a PDF imported before Habitus recorded whether its pages can be
        drawn, in the studies' order."""
        with self.database.reading() as session:
            return list(
                session.scalars(
                    select(Study.id)
                    .where(Study.sha256.is_not(None), Study.drawing_problem.is_(None))
                    .order_by(Study.position, Study.id)
                ).all()
            )

    def check_drawing(self, study_id: int) -> DrawingCheck:
        """Whether the study's pages can be drawn, found now from its PDF (pdfium's work:
        off the GUI thread); nothing is written."""
        from app.pdf.render import drawing_problem

        data, password, sha256 = self.pdf(study_id)
        return DrawingCheck(study_id, sha256, drawing_problem(data, password) or "")

    def keep_drawing_problems(self, checks: Iterable[DrawingCheck]) -> builtins.list[int]:
        """Record what checks found, for studies that still have the PDF checked and no
        answer yet (a PDF replaced meanwhile has its own); returns the studies recorded.
        Nothing is written to a read-only project."""
        found = builtins.list(checks)
        if self.database.read_only or not found:
            return []
        kept: builtins.list[int] = []
        with self.database.transaction() as session:
            for check in found:
                study = session.get(Study, check.study_id)
                if study is None or study.sha256 != check.sha256:
                    continue
                if study.drawing_problem is None:
                    study.drawing_problem = check.problem
                    kept.append(check.study_id)
        if kept:
            self.emit("studies", studies=kept)
        return kept

    def words(self, study_id: int, index: int) -> builtins.list[Word]:
        """Word boxes of a page, computed from the PDF on first use and then kept; [] when
        there are none to select (see `page_words` for why)."""
        return self.page_words(study_id, index).words

    def page_words(self, study_id: int, index: int) -> PageWords:
        """A page's word boxes, or why its text cannot be selected.

        Boxes that could not be computed are not kept: the next look tries again, instead
        of leaving the page unselectable for good. Boxes that never will be (the PDF's text
        is not the stored text) are kept as none, and known again by that.
        """
        record = self.page_record(study_id, index)
        has_text = record.info.text_status == TEXT_OK and bool(record.text.strip())
        if record.words is not None:
            if not record.words and has_text:
                return PageWords([], TEXT_DIFFERS, lasting=True)
            return PageWords(list(record.words))
        found = PageWords()
        if record.info.text_status == TEXT_OK:
            found = self._compute_words(record)
        if found.unavailable and not found.lasting:
            return found
        words = found.words
        if not self.database.read_only:
            with self.database.transaction() as session:
                row = self._page(session, study_id, index)
                row.words = json.dumps(
                    [[w.start, w.end, w.x0, w.top, w.x1, w.bottom] for w in words]
                )
        self._pages.set_words(study_id, index, words)
        return found

    def words_for(
        self, study_id: int, index: int, spans: Sequence[tuple[int, int]]
    ) -> builtins.list[Word]:
        """Word boxes that cover `spans` of a page: the page's stored words when it has them,
        else just the boxed parts of words inside the spans, computed now and not kept (a
        few glyphs instead of a whole page, so that coding every hit of a search across a
        review does not wait for every page's word boxes)."""
        record = self.page_record(study_id, index)
        if record.words is not None:
            return list(record.words)
        if record.info.text_status != TEXT_OK:
            return []
        return self._compute_words(record, spans).words

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
        self, record: PageRecord, spans: Sequence[tuple[int, int]] | None = None
    ) -> PageWords:
        """The page's word boxes; none, for good, when the PDF's text is not the stored
        text; none for now when they cannot be computed (try again later)."""
        from app.pdf.errors import PdfError
        from app.pdf.words import page_words

        info = record.info
        data, password, sha256 = self.pdf(info.study_id)
        try:
            fresh_text, raw = page_words(
                data,
                password,
                info.index,
                key=sha256,
                spans=spans,
                version=record.layer,
                cache=self.pdfs,
            )
        except PdfError as error:
            log.warning("word boxes of study %s page %s: %s", info.study_id, info.index + 1, error)
            return PageWords([], UNREADABLE_NOW.format(error=error))
        if not same_layer(fresh_text, record.text):
            # The stored text came from another extractor; spans would not line up.
            log.warning(
                "study %s page %s: text read at import differs from pdfium's; "
                "the page is coded by region",
                info.study_id,
                info.index + 1,
            )
            return PageWords([], TEXT_DIFFERS, lasting=True)
        return PageWords([Word(w.start, w.end, w.x0, w.top, w.x1, w.bottom) for w in raw])

    def page_record(self, study_id: int, index: int) -> PageRecord:
        """A page's size, text, word boxes and PDF hash: one read, then kept a while."""
        # Inside a transaction the pages may be being rewritten (a replaced PDF): read them.
        in_transaction = self.database.in_transaction()
        record = None if in_transaction else self._pages.get(study_id, index)
        if record is not None:
            return record
        with self.database.reading() as session:
            found = session.execute(
                select(Page, Study.sha256, Study.text_layer)
                .join(Study, Study.id == Page.study_id)
                .where(Page.study_id == study_id, Page.page_index == index)
            ).first()
            if found is None:
                raise NotFound(f"Study {study_id} has no page {index + 1}.")
            page, sha256, layer = found
            stored = None if page.words is None else _stored_words(page.words, study_id, index)
            words = None if stored is None else tuple(stored)
            furniture = tuple((int(a), int(b)) for a, b in json.loads(page.furniture or "[]"))
            record = PageRecord(_page_info(page), page.text, sha256 or "", words, furniture, layer)
        # What an open transaction read may yet be rolled back: keep only committed pages.
        if not self.database.in_transaction():
            self._pages.put(record)
        return record

    def forget_pages(self, study_ids: Iterable[int] | None = None) -> None:
        """Pages of these studies (or all) are read from the file again next time."""
        self._pages.forget(study_ids)

    # --- edits -----------------------------------------------------------------------------

    def rename(self, study_id: int, name: str) -> None:
        self._writable()
        with self.database.transaction() as session:
            self._study(session, study_id).name = name.strip() or "Untitled study"
        self.emit("studies", study_id=study_id)

    def attributes(self, study_id: int) -> dict[str, str]:
        """The study's values of user-defined attributes, by attribute name (set ones only)."""
        with self.database.reading() as session:
            rows = session.execute(
                select(AttributeDef.name, StudyAttribute.value)
                .join(AttributeDef, AttributeDef.id == StudyAttribute.attribute_id)
                .where(StudyAttribute.study_id == study_id, StudyAttribute.value != "")
                .order_by(AttributeDef.position, AttributeDef.id)
            ).all()
            return {name: value for name, value in rows}

    def set_attribute(self, study_id: int, name: str, value: str) -> None:
        """Set a text attribute, defining it if the project has none of that name; typed
        attributes are checked (see `Records.update`)."""
        from app.core.records import Records

        records = Records(self.database, self._emit)
        with self.database.transaction():
            if records.attributes.find(name) is None:
                records.attributes.define(name)
            records.update(study_id, {f"attribute:{name}": value})

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
