"""Passages and codings: what a researcher highlights and the factors she gives it."""

from __future__ import annotations

import builtins
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.codebook import CodingRecord
from app.core.errors import CoreError, NotFound
from app.core.geometry import span_boxes, words_in_rect
from app.core.quote_check import UNPLACED, is_unplaced, quote_check
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
    # Boxes already known (a passage coming back from an export): the PDF is not read.
    boxes: tuple[Box, ...] | None = None
    # What a passage coming back from an export keeps: its guid (unused in the project),
    # when it was made, and when each factor was given.
    guid: str | None = None
    created_at: str | None = None
    coded_at: tuple[tuple[int, str], ...] = ()


@dataclass
class _Draft:
    study_id: int
    kind: str
    span: tuple[int, int | None, int, int | None]
    rect: tuple[float, float, float, float] | None
    quote: str
    boxes: builtins.list[Box]
    code_ids: tuple[int, ...]
    guid: str | None = None
    created_at: str | None = None
    coded_at: tuple[tuple[int, str], ...] = ()


# From this many passages at once (an import, every hit of a search), each study's pages are
# read in one go and the passages written in a few multi-row statements.
BULK = 20


@dataclass(frozen=True)
class _PageText:
    text: str
    words: builtins.list[Word]
    furniture: builtins.list[tuple[int, int]]


def without_spans(
    lo: int, hi: int, spans: Sequence[tuple[int, int]]
) -> builtins.list[tuple[int, int]]:
    """The stretch [lo, hi) with the given spans cut out of it, as the pieces left."""
    pieces: builtins.list[tuple[int, int]] = []
    cursor = lo
    for a, b in sorted(spans):
        if b <= cursor or a >= hi:
            continue
        if a > cursor:
            pieces.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < hi:
        pieces.append((cursor, hi))
    return pieces


@dataclass(frozen=True)
class Anchor:
    """Where a passage lies and what that gives: the columns a reanchor rewrites."""

    start_page: int
    start_offset: int | None
    end_page: int
    end_offset: int | None
    rect: tuple[float, float, float, float] | None
    quote: str
    boxes: str  # JSON, as stored
    pdf_sha256: str
    text_check: str

    @classmethod
    def of(cls, row: models.Passage) -> Anchor:
        rect = None
        if row.x0 is not None:
            rect = (row.x0, row.top or 0.0, row.x1 or 0.0, row.bottom or 0.0)
        return cls(
            row.start_page,
            row.start_offset,
            row.end_page,
            row.end_offset,
            rect,
            row.quote,
            row.boxes,
            row.pdf_sha256,
            row.text_check,
        )

    def write(self, row: models.Passage) -> None:
        row.start_page, row.start_offset = self.start_page, self.start_offset
        row.end_page, row.end_offset = self.end_page, self.end_offset
        if self.rect is not None:
            row.x0, row.top, row.x1, row.bottom = self.rect
        row.quote, row.boxes = self.quote, self.boxes
        row.pdf_sha256, row.text_check = self.pdf_sha256, self.text_check


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
    # What the last check against the page found, as stored: a passage waiting to be placed
    # by hand comes back waiting.
    stored_check: str = ""


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
        text_check=quote_check(row.quote, row.text_check, row.kind),
        placed=not is_unplaced(row.text_check),
    )


class Passages(Service):
    def __init__(self, database: Database, emit: Emit, studies: Studies | None = None):
        super().__init__(database, emit)
        # The project's Studies: its recently read pages and open PDFs serve coding too.
        self._studies = studies if studies is not None else Studies(database, emit)

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
        drafts, hashes = self._text_drafts(spans)
        return self._insert(drafts, hashes)

    def _text_drafts(
        self, spans: Sequence[TextSpan]
    ) -> tuple[builtins.list[_Draft], dict[int, str]]:
        """What each span would be as a passage, and the hash of each study's PDF."""
        # Every stretch each page must box, so that one look at the PDF serves them all.
        wanted: dict[tuple[int, int], builtins.list[tuple[int, int]]] = {}
        for span in spans:
            if span.boxes is not None:
                continue
            for page in range(span.start_page, span.end_page + 1):
                lo = span.start_offset if page == span.start_page else 0
                hi = span.end_offset if page == span.end_page else sys.maxsize
                wanted.setdefault((span.study_id, page), []).append((lo, hi))
        pages: dict[tuple[int, int], tuple[str, builtins.list[tuple[int, int]]]] = {}
        words: dict[tuple[int, int], builtins.list[Word]] = {}
        hashes: dict[int, str] = {}
        whole_studies = len(spans) >= BULK

        def page_of(study_id: int, page: int, boxed: bool) -> _PageText:
            key = (study_id, page)
            if key not in pages and whole_studies:
                hashes[study_id] = self._studies.sha256(study_id)
                for index, layer in enumerate(self._studies.texts_and_furniture(study_id)):
                    pages[(study_id, index)] = layer
            if key not in pages:
                record = self._studies.page_record(study_id, page)
                hashes[study_id] = record.sha256
                pages[key] = (record.text, list(record.furniture))
            if boxed and key not in words:
                words[key] = self._studies.words_for(study_id, page, wanted.get(key, []))
            text, furniture = pages[key]
            return _PageText(text, words.get(key, []), furniture)

        return [self._text_draft(span, page_of) for span in spans], hashes

    @staticmethod
    def _text_draft(span: TextSpan, page_of: Callable[[int, int, bool], _PageText]) -> _Draft:
        if (span.end_page, span.end_offset) <= (span.start_page, span.start_offset):
            raise CoreError("A passage must cover at least one character.")
        boxed = span.boxes is None
        ranges: builtins.list[tuple[int, int, int]] = []  # page, lo, hi
        for page in range(span.start_page, span.end_page + 1):
            text = page_of(span.study_id, page, boxed).text
            lo = span.start_offset if page == span.start_page else 0
            hi = span.end_offset if page == span.end_page else len(text)
            if not 0 <= lo <= hi <= len(text):
                raise CoreError(
                    f"Offsets {lo}-{hi} fall outside page {page + 1} ({len(text)} characters)."
                )
            ranges.append((page, lo, hi))
        # Running heads, feet and page numbers inside the span are not part of what it says
        # (a sentence running over a page break), unless they are all that was selected.
        kept = [
            (page, a, b)
            for page, lo, hi in ranges
            for a, b in without_spans(lo, hi, page_of(span.study_id, page, boxed).furniture)
        ]
        if not any(b > a for _, a, b in kept):
            kept = ranges
        quote_parts: builtins.list[str] = []
        boxes: builtins.list[Box] = [] if boxed else list(span.boxes or ())
        for page in range(span.start_page, span.end_page + 1):
            view = page_of(span.study_id, page, boxed)
            parts = [(a, b) for p, a, b in kept if p == page]
            quote_parts.append("\n".join(view.text[a:b] for a, b in parts))
            if boxed:
                for a, b in parts:
                    boxes.extend(span_boxes(page, view.words, a, b))
        return _Draft(
            span.study_id,
            "text",
            (span.start_page, span.start_offset, span.end_page, span.end_offset),
            None,
            "\n".join(quote_parts),
            boxes,
            span.code_ids,
            span.guid,
            span.created_at,
            span.coded_at,
        )

    def add_region(
        self,
        study_id: int,
        page: int,
        rect: tuple[float, float, float, float],
        code_ids: tuple[int, ...] = (),
        quote: str | None = None,
    ) -> Passage:
        """A rectangle on a page (points from the displayed top-left): scans, figures, tables.

        `quote` is the text under it when already known (a region coming back from an
        export); otherwise it is read from the page's words."""
        self._writable()
        draft, sha256 = self._region_draft(study_id, page, rect, code_ids, quote)
        return self._insert([draft], {study_id: sha256})[0]

    def add_unplaced(
        self,
        study_id: int,
        kind: str,
        span: tuple[int, int | None, int, int | None],
        rect: tuple[float, float, float, float] | None,
        quote: str,
        code_ids: tuple[int, ...] = (),
    ) -> Passage:
        """A passage that waits to be placed by hand, as it comes back from an export: its
        quote and factors kept, drawn nowhere, listed to place. `span` and `rect` are where
        it was, kept as a hint only."""
        self._writable()
        if kind not in ("text", "region"):
            raise CoreError(f"A passage is text or a region, not {kind!r}.")
        sha256 = self._studies.sha256(study_id)
        draft = _Draft(study_id, kind, span, rect, quote, [], code_ids)
        with self.database.transaction() as session:
            (made,) = self._insert([draft], {study_id: sha256})
            row = self._row(session, made.id)
            row.text_check = UNPLACED
            session.flush()
            return to_passage(row, made.code_ids)

    def _region_draft(
        self,
        study_id: int,
        page: int,
        rect: tuple[float, float, float, float],
        code_ids: tuple[int, ...] = (),
        quote: str | None = None,
    ) -> tuple[_Draft, str]:
        x0, top, x1, bottom = (
            min(rect[0], rect[2]),
            min(rect[1], rect[3]),
            max(rect[0], rect[2]),
            max(rect[1], rect[3]),
        )
        if x1 - x0 < 1 or bottom - top < 1:
            raise CoreError("A region must be at least one point wide and high.")
        record = self._studies.page_record(study_id, page)
        info, text = record.info, record.text
        if quote is None:
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
        return draft, record.sha256

    # --- moving a passage's ends -----------------------------------------------------------

    def reanchor_text(
        self,
        passage_id: int,
        start_page: int,
        start_offset: int,
        end_page: int,
        end_offset: int,
    ) -> Anchor:
        """Move a text passage's start or end: its quote and boxes are made again as a new
        passage's would be; its id, factors and memo stay. Returns where it was, for undo."""
        self._writable()
        current = self.get(passage_id)
        if current.kind != "text":
            raise CoreError("Only a text passage has a start and an end to move.")
        span = TextSpan(current.study_id, start_page, start_offset, end_page, end_offset)
        drafts, hashes = self._text_drafts([span])
        return self._reanchor(passage_id, drafts[0], hashes[current.study_id])

    def resize_region(self, passage_id: int, rect: tuple[float, float, float, float]) -> Anchor:
        """Move a region's corners on its page; what it quotes is read again."""
        self._writable()
        current = self.get(passage_id)
        if current.kind != "region":
            raise CoreError("Only a region has corners to move.")
        draft, sha256 = self._region_draft(current.study_id, current.start_page, rect)
        return self._reanchor(passage_id, draft, sha256)

    def restore_anchor(self, passage_id: int, anchor: Anchor) -> None:
        """Put a passage back exactly where `anchor` says (undoing a reanchor)."""
        self._writable()
        with self.database.transaction() as session:
            row = self._row(session, passage_id)
            anchor.write(row)
            study_id, codes = row.study_id, self._code_ids(session, passage_id)
        self.emit("passages", study_id=study_id, passages=[passage_id], codes=codes)

    def _reanchor(self, passage_id: int, draft: _Draft, sha256: str) -> Anchor:
        with self.database.transaction() as session:
            row = self._row(session, passage_id)
            before = Anchor.of(row)
            Anchor(
                start_page=draft.span[0],
                start_offset=draft.span[1],
                end_page=draft.span[2],
                end_offset=draft.span[3],
                rect=draft.rect,
                quote=draft.quote,
                boxes=json.dumps([[b.page, b.x0, b.top, b.x1, b.bottom] for b in draft.boxes]),
                pdf_sha256=sha256,
                text_check="",  # made from the page just now: faithful until a check says not
            ).write(row)
            study_id, codes = row.study_id, self._code_ids(session, passage_id)
        self.emit("passages", study_id=study_id, passages=[passage_id], codes=codes)
        return before

    def _insert(
        self, drafts: builtins.list[_Draft], hashes: dict[int, str]
    ) -> builtins.list[Passage]:
        """Write the drafts: a passage row and its codings each, nothing read back; many at
        once (an import) as a few multi-row statements."""
        wanted = sorted({code_id for draft in drafts for code_id in draft.code_ids})
        try:
            with self.database.transaction() as session:
                if len(drafts) >= BULK:
                    made = self._insert_bulk(session, drafts, hashes)
                else:
                    made = [self._insert_one(session, d, hashes[d.study_id]) for d in drafts]
                session.flush()
        except IntegrityError as error:
            # The foreign key on codings refuses a factor that is not in the codebook.
            raise NotFound(_missing_factor(wanted)) from error
        self.emit(
            "passages",
            studies=[draft.study_id for draft in drafts],
            passages=[passage.id for passage in made],
            codes=wanted,
        )
        return made

    @staticmethod
    def _row_values(draft: _Draft, sha256: str, now: str) -> dict[str, object]:
        x0, top, x1, bottom = draft.rect if draft.rect is not None else (None,) * 4
        return {
            "guid": draft.guid or models.new_guid(),
            "created_at": draft.created_at or now,
            "study_id": draft.study_id,
            "kind": draft.kind,
            "start_page": draft.span[0],
            "start_offset": draft.span[1],
            "end_page": draft.span[2],
            "end_offset": draft.span[3],
            "x0": x0,
            "top": top,
            "x1": x1,
            "bottom": bottom,
            "quote": draft.quote,
            "boxes": json.dumps([[b.page, b.x0, b.top, b.x1, b.bottom] for b in draft.boxes]),
            "pdf_sha256": sha256,
        }

    @staticmethod
    def _insert_one(session: Session, draft: _Draft, sha256: str) -> Passage:
        now = models.utcnow()
        row = models.Passage(**Passages._row_values(draft, sha256, now))
        session.add(row)
        session.flush()
        code_ids = tuple(dict.fromkeys(draft.code_ids))
        given = dict(draft.coded_at)
        # Written with the commit, several at once; the foreign key checks each factor.
        session.add_all(
            models.Coding(passage_id=row.id, code_id=code_id, created_at=given.get(code_id, now))
            for code_id in code_ids
        )
        return to_passage(row, code_ids)

    @staticmethod
    def _insert_bulk(
        session: Session, drafts: builtins.list[_Draft], hashes: dict[int, str]
    ) -> builtins.list[Passage]:
        """Insert passage rows in one statement run over all of them, then their codings;
        the passages made, in order.

        The rows are new to this transaction, which holds the only write lock on the file:
        they are exactly those above the largest id before, found back by their guids.
        """
        now = models.utcnow()  # one action, one moment
        rows = [Passages._row_values(d, hashes[d.study_id], now) for d in drafts]
        table = models.Passage.__table__
        before = session.scalar(select(func.coalesce(func.max(models.Passage.id), 0))) or 0
        session.execute(insert(table), rows)  # type: ignore[arg-type]
        found = session.execute(
            select(models.Passage.guid, models.Passage.id).where(models.Passage.id > before)
        ).all()
        ids = {guid: passage_id for guid, passage_id in found}
        made: builtins.list[Passage] = []
        codings: builtins.list[dict[str, object]] = []
        for draft, row in zip(drafts, rows, strict=True):
            passage_id = ids[str(row["guid"])]
            code_ids = tuple(dict.fromkeys(draft.code_ids))
            given = dict(draft.coded_at)
            codings.extend(
                {
                    "guid": models.new_guid(),
                    "passage_id": passage_id,
                    "code_id": code_id,
                    "created_at": given.get(code_id, now),
                }
                for code_id in code_ids
            )
            made.append(
                Passage(
                    id=passage_id,
                    guid=str(row["guid"]),
                    study_id=draft.study_id,
                    kind=draft.kind,
                    start_page=draft.span[0],
                    start_offset=draft.span[1],
                    end_page=draft.span[2],
                    end_offset=draft.span[3],
                    quote=draft.quote,
                    boxes=tuple(draft.boxes),
                    code_ids=code_ids,
                    rect=draft.rect,
                    text_check=quote_check(draft.quote, "", draft.kind),
                )
            )
        if codings:
            session.execute(insert(models.Coding.__table__), codings)  # type: ignore[arg-type]
        return made

    # --- re-anchoring: a replaced PDF, a passage placed by hand --------------------------

    def reanchor_many(self, changes: Sequence[tuple[int, TextSpan]]) -> builtins.list[Passage]:
        """Move text passages onto spans of their study's current pages, keeping id, guid,
        factors and memo; the quote is read anew from the page text and the boxes redrawn."""
        self._writable()
        drafts, _ = self._text_drafts([span for _, span in changes])
        moved: builtins.list[Passage] = []
        with self.database.transaction() as session:
            for (passage_id, _), draft in zip(changes, drafts, strict=True):
                row = self._row(session, passage_id)
                if row.kind != "text" or row.study_id != draft.study_id:
                    raise CoreError("Only a text passage can be placed on text of its study.")
                self._set_anchor(session, row, draft)
                moved.append(to_passage(row, self._code_ids(session, passage_id)))
        if moved:
            self.emit(
                "passages",
                studies=[p.study_id for p in moved],
                passages=[p.id for p in moved],
            )
        return moved

    def reanchor_region(
        self, passage_id: int, page: int, rect: tuple[float, float, float, float]
    ) -> Passage:
        """Move a region passage onto a rectangle of its study's current pages."""
        self._writable()
        with self.database.reading() as session:
            study_id = self._row(session, passage_id).study_id
        info = self._studies.page(study_id, page)
        x0, top = max(0.0, min(rect[0], rect[2])), max(0.0, min(rect[1], rect[3]))
        x1, bottom = min(info.width, max(rect[0], rect[2])), min(info.height, max(rect[1], rect[3]))
        if x1 - x0 < 1 or bottom - top < 1:
            raise CoreError("A region must be at least one point wide and high.")
        text = self._studies.text(study_id, page)
        inside = words_in_rect(self._studies.words(study_id, page), (x0, top, x1, bottom))
        box = Box(page, x0, top, x1, bottom)
        draft = _Draft(
            study_id,
            "region",
            (page, None, page, None),
            (x0, top, x1, bottom),
            " ".join(text[w.start : w.end] for w in inside),
            [box],
            (),
        )
        with self.database.transaction() as session:
            row = self._row(session, passage_id)
            if row.kind != "region":
                raise CoreError("Only a region passage can be placed as a rectangle.")
            self._set_anchor(session, row, draft)
            moved = to_passage(row, self._code_ids(session, passage_id))
        self.emit("passages", study_id=study_id, passages=[passage_id])
        return moved

    @staticmethod
    def _set_anchor(session: Session, row: models.Passage, draft: _Draft) -> None:
        study = Studies._study(session, row.study_id)
        row.start_page, row.start_offset, row.end_page, row.end_offset = draft.span
        if draft.rect is not None:
            row.x0, row.top, row.x1, row.bottom = draft.rect
        row.quote = draft.quote
        row.boxes = json.dumps([[b.page, b.x0, b.top, b.x1, b.bottom] for b in draft.boxes])
        row.pdf_sha256 = study.sha256 or ""
        row.text_check = ""
        session.flush()

    # --- codings ---------------------------------------------------------------------------

    def apply(self, passage_id: int, code_id: int, record: CodingRecord | None = None) -> bool:
        """Give a passage a factor; False if it already had it. With `record` (what
        `coding` read before a removal), the coding comes back with its id and guid."""
        self._writable()
        values: dict[str, object] = {"passage_id": passage_id, "code_id": code_id}
        if record is not None:
            values.update(id=record.id, guid=record.guid, created_at=record.created_at)
        try:
            with self.database.transaction() as session:
                study_id = self._study_of(session, passage_id)
                result = session.execute(
                    sqlite_insert(models.Coding)
                    .values(**values)
                    .on_conflict_do_nothing(index_elements=["passage_id", "code_id"])
                )
                added = bool(getattr(result, "rowcount", 0))
        except IntegrityError as error:
            raise NotFound(_missing_factor([code_id])) from error
        if added:
            self.emit("passages", study_id=study_id, passages=[passage_id], codes=[code_id])
        return added

    def remove(self, passage_id: int, code_id: int) -> bool:
        """Take a factor off a passage; False if it did not have it. The passage stays."""
        self._writable()
        with self.database.transaction() as session:
            study_id = self._study_of(session, passage_id)
            result = session.execute(
                delete(models.Coding).where(
                    models.Coding.passage_id == passage_id, models.Coding.code_id == code_id
                )
            )
            removed = bool(getattr(result, "rowcount", 0))
        if removed:
            self.emit("passages", study_id=study_id, passages=[passage_id], codes=[code_id])
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
                stored_check=row.text_check,
            )
            session.delete(row)
        p = snapshot.passage
        self.emit(
            "passages",
            "memos",
            study_id=p.study_id,
            passages=[p.id],
            codes=p.code_ids,
            memos=[("passage", p.id)],
        )
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
                text_check=snapshot.stored_check,
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
        self.emit(
            "passages",
            "memos",
            study_id=p.study_id,
            passages=[p.id],
            codes=p.code_ids,
            memos=[("passage", p.id)],
        )
        return self.get(p.id)

    def set_text_checks(self, findings: dict[int, str]) -> int:
        """Record what a check against the page found for each passage ("" when its quote
        matches); returns how many passages changed."""
        self._writable()
        changed: dict[int, builtins.list[int]] = {}
        with self.database.transaction() as session:
            for chunk_start in range(0, len(findings), 500):
                ids = list(findings)[chunk_start : chunk_start + 500]
                rows = session.scalars(
                    select(models.Passage).where(models.Passage.id.in_(ids))
                ).all()
                for row in rows:
                    if row.text_check != findings[row.id]:
                        row.text_check = findings[row.id]
                        changed.setdefault(row.study_id, []).append(row.id)
        for study_id, ids in sorted(changed.items()):
            self.emit("passages", study_id=study_id, passages=ids)
        return sum(len(ids) for ids in changed.values())

    def delete_many(self, passage_ids: Sequence[int]) -> builtins.list[PassageSnapshot]:
        """Several passages deleted as one action (undoing a "code every hit")."""
        with self.database.transaction():
            return [self.delete(passage_id) for passage_id in passage_ids]

    def restore_many(self, snapshots: Sequence[PassageSnapshot]) -> builtins.list[Passage]:
        with self.database.transaction():
            return [self.restore(snapshot) for snapshot in snapshots]

    # --- reading ---------------------------------------------------------------------------

    def get(self, passage_id: int) -> Passage:
        found = self.get_many([passage_id]).get(passage_id)
        if found is None:
            raise NotFound(f"No passage with id {passage_id}.")
        return found

    def get_many(self, passage_ids: Iterable[int]) -> dict[int, Passage]:
        """The passages that exist among these ids, with their factors: one query."""
        ids = sorted(set(passage_ids))
        found: dict[int, Passage] = {}
        with self.database.reading() as session:
            for chunk_start in range(0, len(ids), 500):
                rows = session.execute(
                    select(models.Passage, models.Coding.code_id)
                    .outerjoin(models.Coding, models.Coding.passage_id == models.Passage.id)
                    .where(models.Passage.id.in_(ids[chunk_start : chunk_start + 500]))
                    .order_by(models.Passage.id, models.Coding.id)
                ).all()
                codes: dict[int, builtins.list[int]] = {}
                passages: dict[int, models.Passage] = {}
                for row, code_id in rows:
                    passages[row.id] = row
                    listed = codes.setdefault(row.id, [])
                    if code_id is not None:
                        listed.append(code_id)
                for passage_id, row in passages.items():
                    found[passage_id] = to_passage(row, tuple(codes[passage_id]))
        return found

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
    def _study_of(session: Session, passage_id: int) -> int:
        study_id = session.scalar(
            select(models.Passage.study_id).where(models.Passage.id == passage_id)
        )
        if study_id is None:
            raise NotFound(f"No passage with id {passage_id}.")
        return int(study_id)


def _missing_factor(code_ids: Sequence[int]) -> str:
    if len(code_ids) == 1:
        return f"No factor with id {code_ids[0]}."
    return f"One of the factors {', '.join(map(str, code_ids))} is no longer in the codebook."
