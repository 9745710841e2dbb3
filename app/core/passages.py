"""Passages and codings: what a researcher highlights and the factors she gives it."""

from __future__ import annotations

import builtins
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.codebook import CodingRecord
from app.core.errors import CoreError, NotFound
from app.core.geometry import span_boxes, words_in_rect
from app.core.service import Emit, Service
from app.core.studies import Studies
from app.core.types import Box, Passage, Word
from app.store import models
from app.store.database import Database


@dataclass(frozen=True)
class TextSpan:
    """Where a text passage runs: end exclusive, offsets in code points of the page text."""

    study_id: int
    start_page: int
    start_offset: int
    end_page: int
    end_offset: int
    code_ids: tuple[int, ...] = ()


@dataclass
class _Draft:
    study_id: int
    kind: str
    span: tuple[int, int | None, int, int | None]
    rect: tuple[float, float, float, float] | None
    quote: str
    boxes: builtins.list[Box]
    code_ids: tuple[int, ...]


@dataclass(frozen=True)
class PassageCoding:
    """One of a deleted passage's codings, as it was."""

    id: int
    guid: str
    code_id: int
    created_at: str


@dataclass(frozen=True)
class PassageSnapshot:
    """Everything a deleted passage held, so that undo puts back the very same one."""

    passage: Passage
    pdf_sha256: str
    created_at: str
    memo: str
    codings: tuple[PassageCoding, ...] = ()  # so that each coding comes back with its id


def _boxes(raw: str, rect: tuple[float, float, float, float] | None, page: int) -> tuple[Box, ...]:
    """What to draw; a damaged record draws the region (or nothing) but keeps its quote."""
    try:
        return tuple(Box(*row) for row in json.loads(raw))
    except (ValueError, TypeError):
        return () if rect is None else (Box(page, *rect),)


def to_passage(row: models.Passage, code_ids: tuple[int, ...]) -> Passage:
    rect = None
    if row.kind == "region" and row.x0 is not None:
        rect = (row.x0, row.top or 0.0, row.x1 or 0.0, row.bottom or 0.0)
    return Passage(
        id=row.id,
        guid=row.guid,
        study_id=row.study_id,
        kind=row.kind,
        start_page=row.start_page,
        start_offset=row.start_offset,
        end_page=row.end_page,
        end_offset=row.end_offset,
        quote=row.quote,
        boxes=_boxes(row.boxes, rect, row.start_page),
        code_ids=code_ids,
        rect=rect,
    )


class Passages(Service):
    def __init__(self, database: Database, emit: Emit):
        super().__init__(database, emit)
        self._studies = Studies(database, emit)

    # --- making passages -------------------------------------------------------------------

    def add_text(
        self,
        study_id: int,
        start_page: int,
        start_offset: int,
        end_page: int,
        end_offset: int,
        code_ids: tuple[int, ...] = (),
    ) -> Passage:
        """A passage over a text span; end exclusive, offsets in code points of page text."""
        span = TextSpan(study_id, start_page, start_offset, end_page, end_offset, code_ids)
        return self.add_text_many([span])[0]

    def add_text_many(self, spans: Sequence[TextSpan]) -> builtins.list[Passage]:
        """Several text passages as one action (one transaction), e.g. every hit of a search."""
        self._writable()
        # Every stretch each page must box, so that one look at the PDF serves them all.
        wanted: dict[tuple[int, int], builtins.list[tuple[int, int]]] = {}
        for span in spans:
            for page in range(span.start_page, span.end_page + 1):
                lo = span.start_offset if page == span.start_page else 0
                hi = span.end_offset if page == span.end_page else sys.maxsize
                wanted.setdefault((span.study_id, page), []).append((lo, hi))
        pages: dict[tuple[int, int], tuple[str, builtins.list[Word]]] = {}

        def page_of(study_id: int, page: int) -> tuple[str, builtins.list[Word]]:
            key = (study_id, page)
            if key not in pages:
                pages[key] = (
                    self._studies.text(study_id, page),
                    self._studies.words_for(study_id, page, wanted.get(key, [])),
                )
            return pages[key]

        drafts = [self._text_draft(span, page_of) for span in spans]
        return self._insert(drafts)

    @staticmethod
    def _text_draft(
        span: TextSpan, page_of: Callable[[int, int], tuple[str, builtins.list[Word]]]
    ) -> _Draft:
        if (span.end_page, span.end_offset) <= (span.start_page, span.start_offset):
            raise CoreError("A passage must cover at least one character.")
        quote_parts: builtins.list[str] = []
        boxes: builtins.list[Box] = []
        for page in range(span.start_page, span.end_page + 1):
            text, words = page_of(span.study_id, page)
            lo = span.start_offset if page == span.start_page else 0
            hi = span.end_offset if page == span.end_page else len(text)
            if not 0 <= lo <= hi <= len(text):
                raise CoreError(
                    f"Offsets {lo}-{hi} fall outside page {page + 1} ({len(text)} characters)."
                )
            quote_parts.append(text[lo:hi])
            boxes.extend(span_boxes(page, words, lo, hi))
        return _Draft(
            span.study_id,
            "text",
            (span.start_page, span.start_offset, span.end_page, span.end_offset),
            None,
            "\n".join(quote_parts),
            boxes,
            span.code_ids,
        )

    def add_region(
        self,
        study_id: int,
        page: int,
        rect: tuple[float, float, float, float],
        code_ids: tuple[int, ...] = (),
    ) -> Passage:
        """A rectangle on a page (points from the displayed top-left): scans, figures, tables."""
        self._writable()
        x0, top, x1, bottom = (
            min(rect[0], rect[2]),
            min(rect[1], rect[3]),
            max(rect[0], rect[2]),
            max(rect[1], rect[3]),
        )
        if x1 - x0 < 1 or bottom - top < 1:
            raise CoreError("A region must be at least one point wide and high.")
        info = self._studies.page(study_id, page)
        text = self._studies.text(study_id, page)
        inside = words_in_rect(self._studies.words(study_id, page), (x0, top, x1, bottom))
        quote = " ".join(text[w.start : w.end] for w in inside)
        box = Box(page, max(0.0, x0), max(0.0, top), min(info.width, x1), min(info.height, bottom))
        draft = _Draft(
            study_id,
            "region",
            (page, None, page, None),
            (box.x0, box.top, box.x1, box.bottom),
            quote,
            [box],
            code_ids,
        )
        return self._insert([draft])[0]

    def _insert(self, drafts: builtins.list[_Draft]) -> builtins.list[Passage]:
        made: builtins.list[Passage] = []
        with self.database.transaction() as session:
            hashes: dict[int, str] = {}
            for draft in drafts:
                if draft.study_id not in hashes:
                    hashes[draft.study_id] = Studies._study(session, draft.study_id).sha256
                row = models.Passage(
                    study_id=draft.study_id,
                    kind=draft.kind,
                    start_page=draft.span[0],
                    start_offset=draft.span[1],
                    end_page=draft.span[2],
                    end_offset=draft.span[3],
                    quote=draft.quote,
                    boxes=json.dumps([[b.page, b.x0, b.top, b.x1, b.bottom] for b in draft.boxes]),
                    pdf_sha256=hashes[draft.study_id],
                )
                if draft.rect is not None:
                    row.x0, row.top, row.x1, row.bottom = draft.rect
                session.add(row)
                session.flush()
                code_ids = tuple(dict.fromkeys(draft.code_ids))
                for code_id in code_ids:
                    self._check_code(session, code_id)
                    session.add(models.Coding(passage_id=row.id, code_id=code_id))
                made.append(to_passage(row, code_ids))
            session.flush()
        for study_id in dict.fromkeys(draft.study_id for draft in drafts):
            self.emit("passages", study_id=study_id)
        return made

    # --- codings ---------------------------------------------------------------------------

    def apply(self, passage_id: int, code_id: int, record: CodingRecord | None = None) -> bool:
        """Give a passage a factor; False if it already had it. With `record` (what
        `coding` read before a removal), the coding comes back with its id and guid."""
        self._writable()
        with self.database.transaction() as session:
            row = self._row(session, passage_id)
            self._check_code(session, code_id)
            exists = session.scalar(
                select(models.Coding.id).where(
                    models.Coding.passage_id == passage_id, models.Coding.code_id == code_id
                )
            )
            if exists is not None:
                return False
            coding = models.Coding(passage_id=passage_id, code_id=code_id)
            if record is not None:
                coding.id, coding.guid, coding.created_at = (
                    record.id,
                    record.guid,
                    record.created_at,
                )
            session.add(coding)
            study_id = row.study_id
        self.emit("passages", study_id=study_id)
        return True

    def remove(self, passage_id: int, code_id: int) -> bool:
        """Take a factor off a passage; False if it did not have it. The passage stays."""
        self._writable()
        with self.database.transaction() as session:
            row = self._row(session, passage_id)
            result = session.execute(
                delete(models.Coding).where(
                    models.Coding.passage_id == passage_id, models.Coding.code_id == code_id
                )
            )
            study_id = row.study_id
            removed = bool(getattr(result, "rowcount", 0))
        self.emit("passages", study_id=study_id)
        return removed

    def coding(self, passage_id: int, code_id: int) -> CodingRecord | None:
        """The coding of a passage with a factor, if it has that factor."""
        with self.database.reading() as session:
            row = session.scalar(
                select(models.Coding).where(
                    models.Coding.passage_id == passage_id, models.Coding.code_id == code_id
                )
            )
            if row is None:
                return None
            return CodingRecord(row.id, row.guid, row.passage_id, row.created_at)

    # --- deleting and restoring ------------------------------------------------------------

    def delete(self, passage_id: int) -> PassageSnapshot:
        self._writable()
        with self.database.transaction() as session:
            row = self._row(session, passage_id)
            memo = session.scalar(
                select(models.Memo.text).where(models.Memo.passage_id == passage_id)
            )
            codings = session.scalars(
                select(models.Coding)
                .where(models.Coding.passage_id == passage_id)
                .order_by(models.Coding.id)
            ).all()
            snapshot = PassageSnapshot(
                passage=to_passage(row, tuple(c.code_id for c in codings)),
                pdf_sha256=row.pdf_sha256,
                created_at=row.created_at,
                memo=memo or "",
                codings=tuple(
                    PassageCoding(c.id, c.guid, c.code_id, c.created_at) for c in codings
                ),
            )
            session.delete(row)
        self.emit("passages", "memos", study_id=snapshot.passage.study_id)
        return snapshot

    def restore(self, snapshot: PassageSnapshot) -> Passage:
        """Put a deleted passage back with its id, guid, factors and memo."""
        self._writable()
        p = snapshot.passage
        with self.database.transaction() as session:
            row = models.Passage(
                id=p.id,
                guid=p.guid,
                study_id=p.study_id,
                kind=p.kind,
                start_page=p.start_page,
                start_offset=p.start_offset,
                end_page=p.end_page,
                end_offset=p.end_offset,
                quote=p.quote,
                boxes=json.dumps([[b.page, b.x0, b.top, b.x1, b.bottom] for b in p.boxes]),
                pdf_sha256=snapshot.pdf_sha256,
                created_at=snapshot.created_at,
            )
            if p.rect is not None:
                row.x0, row.top, row.x1, row.bottom = p.rect
            session.add(row)
            session.flush()
            existing = set(session.scalars(select(models.Code.id)).all())
            records = {r.code_id: r for r in snapshot.codings}
            for code_id in p.code_ids:
                if code_id in existing:
                    coding = models.Coding(passage_id=p.id, code_id=code_id)
                    record = records.get(code_id)
                    if record is not None:
                        coding.id, coding.guid = record.id, record.guid
                        coding.created_at = record.created_at
                    session.add(coding)
            if snapshot.memo:
                session.add(models.Memo(passage_id=p.id, text=snapshot.memo))
        self.emit("passages", "memos", study_id=p.study_id)
        return self.get(p.id)

    # --- reading ---------------------------------------------------------------------------

    def get(self, passage_id: int) -> Passage:
        with self.database.reading() as session:
            row = self._row(session, passage_id)
            return to_passage(row, self._code_ids(session, passage_id))

    def list(
        self,
        study_id: int | None = None,
        code_id: int | None = None,
        theme_id: int | None = None,
        page: int | None = None,
    ) -> builtins.list[Passage]:
        """Passages filtered by study, factor, theme and page, in study and page order."""
        with self.database.reading() as session:
            query = select(models.Passage).join(models.Study)
            if study_id is not None:
                query = query.where(models.Passage.study_id == study_id)
            if page is not None:
                query = query.where(
                    models.Passage.start_page <= page, models.Passage.end_page >= page
                )
            if code_id is not None:
                query = query.where(
                    models.Passage.id.in_(
                        select(models.Coding.passage_id).where(models.Coding.code_id == code_id)
                    )
                )
            if theme_id is not None:
                query = query.where(
                    models.Passage.id.in_(
                        select(models.Coding.passage_id)
                        .join(models.CodeTheme, models.CodeTheme.code_id == models.Coding.code_id)
                        .where(models.CodeTheme.theme_id == theme_id)
                    )
                )
            rows = session.scalars(
                query.order_by(
                    models.Study.position,
                    models.Study.id,
                    models.Passage.start_page,
                    models.Passage.start_offset,
                    models.Passage.top,
                    models.Passage.id,
                )
            ).all()
            codings = self._codings_for(session, [row.id for row in rows])
            return [to_passage(row, codings.get(row.id, ())) for row in rows]

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _codings_for(session: Session, ids: builtins.list[int]) -> dict[int, tuple[int, ...]]:
        result: dict[int, builtins.list[int]] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            rows = session.execute(
                select(models.Coding.passage_id, models.Coding.code_id)
                .where(models.Coding.passage_id.in_(chunk))
                .order_by(models.Coding.id)
            ).all()
            for passage_id, code_id in rows:
                result.setdefault(passage_id, []).append(code_id)
        return {key: tuple(value) for key, value in result.items()}

    @staticmethod
    def _code_ids(session: Session, passage_id: int) -> tuple[int, ...]:
        return tuple(
            session.scalars(
                select(models.Coding.code_id)
                .where(models.Coding.passage_id == passage_id)
                .order_by(models.Coding.id)
            ).all()
        )

    @staticmethod
    def _row(session: Session, passage_id: int) -> models.Passage:
        row = session.get(models.Passage, passage_id)
        if row is None:
            raise NotFound(f"No passage with id {passage_id}.")
        return row

    @staticmethod
    def _check_code(session: Session, code_id: int) -> None:
        if session.get(models.Code, code_id) is None:
            raise NotFound(f"No factor with id {code_id}.")
