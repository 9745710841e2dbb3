"""Passages arriving from another file (a REFI-QDA project, PDF annotations): many at
once, keeping the identity, dates and memo they had where they came from."""

from __future__ import annotations

import builtins
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, bindparam, insert, select, update

from app.core.passages import TextSpan
from app.core.types import Box, Passage
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project


@contextmanager
def one_action(project: Project) -> Iterator[None]:
    """Several service calls saved as one action: all of them, or none if one fails."""
    project.require_writable()
    with project.database.transaction():
        yield


@dataclass
class IncomingPassage:
    study_id: int
    code_ids: tuple[int, ...] = ()
    # A text passage: (start page, start offset, end page, end offset), end exclusive.
    span: tuple[int, int, int, int] | None = None
    # A region: its page and rectangle (x0, top, x1, bottom from the displayed top-left).
    page: int = 0
    rect: tuple[float, float, float, float] | None = None
    boxes: tuple[Box, ...] | None = None  # known boxes of a text passage
    guid: str | None = None
    created_at: str | None = None
    coded_at: dict[int, str] = field(default_factory=dict)  # factor id -> when given
    memo: str = ""
    text_check: str = ""  # what a reader of the quote must be told, if anything
    quote: str | None = None  # a region's text, when the file says it
    # Waiting to be placed by hand where it came from: `quote` is its text, `span` or `rect`
    # only where it last was.
    unplaced: bool = False


def utc_stamp(raw: str | None) -> str | None:
    """A timestamp from a file as Habitus stores them (UTC, seconds), or None."""
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical_guid(raw: str | None) -> str | None:
    if not raw:
        return None
    if _CANONICAL.fullmatch(raw):
        return raw  # already as Habitus writes guids: nothing to parse
    try:
        return str(uuid.UUID(raw.strip().strip("{}")))
    except ValueError:
        return None


def add_passages(project: Project, incoming: Sequence[IncomingPassage]) -> builtins.list[Passage]:
    """Make the passages in one action, in the order given."""
    with one_action(project):
        taken = existing_guids(project, [p.guid for p in incoming if p.guid])
        guids: dict[int, str | None] = {}
        for item in incoming:
            # A guid the project (or an earlier passage here) already has is not reused.
            guid = canonical_guid(item.guid)
            guids[id(item)] = None if guid is None or guid in taken else guid
            if guid is not None:
                taken.add(guid)
        stamps: dict[str | None, str | None] = {}

        def stamp(raw: str | None) -> str | None:
            # Codings made together share their time: each distinct one is parsed once.
            if raw not in stamps:
                stamps[raw] = utc_stamp(raw)
            return stamps[raw]

        texts = [p for p in incoming if p.span is not None and not p.unplaced]
        made: dict[int, Passage] = {}
        spans = [
            TextSpan(
                p.study_id,
                *p.span,  # type: ignore[misc]
                code_ids=p.code_ids,
                boxes=p.boxes,
                guid=guids[id(p)],
                created_at=stamp(p.created_at),
                coded_at=tuple(
                    (code_id, when)
                    for code_id, raw in p.coded_at.items()
                    if (when := stamp(raw)) is not None
                ),
            )
            for p in texts
        ]
        for item, passage in zip(texts, project.passages.add_text_many(spans), strict=True):
            made[id(item)] = passage
        regions = []
        for item in incoming:
            if item.unplaced:
                made[id(item)] = project.passages.add_unplaced(
                    item.study_id,
                    "text" if item.span is not None else "region",
                    item.span or (item.page, None, item.page, None),
                    item.rect,
                    item.quote or "",
                    item.code_ids,
                )
                regions.append(item)  # its guid and dates are set below, as a region's
            elif item.span is None and item.rect is not None:
                made[id(item)] = project.passages.add_region(
                    item.study_id, item.page, item.rect, item.code_ids, item.quote
                )
                regions.append(item)
        pairs = [(item, made[id(item)]) for item in incoming if id(item) in made]
        _settle(project, pairs, [(r, made[id(r)]) for r in regions], guids, stamp)
    return [passage for _, passage in pairs]


def _settle(
    project: Project,
    pairs: list[tuple[IncomingPassage, Passage]],
    regions: list[tuple[IncomingPassage, Passage]],
    guids: dict[int, str | None],
    stamp: Callable[[str | None], str | None],
) -> None:
    """What the insert did not already carry: a region's guid and dates (regions are made
    one by one, and are few), text checks and memos."""
    updates: dict[str, list[dict[str, object]]] = {"guid": [], "created_at": [], "text_check": []}
    coded: list[dict[str, object]] = []
    for item, passage in regions:
        guid = guids.get(id(item))
        if guid is not None:
            updates["guid"].append({"pid": passage.id, "value": guid})
        created = stamp(item.created_at)
        if created is not None:
            updates["created_at"].append({"pid": passage.id, "value": created})
        for code_id, raw in item.coded_at.items():
            when = stamp(raw)
            if when is not None:
                coded.append({"p": passage.id, "c": code_id, "w": when})
    for item, passage in pairs:
        if item.text_check:
            updates["text_check"].append({"pid": passage.id, "value": item.text_check})
    codings = cast(Table, models.Coding.__table__)
    passages = cast(Table, models.Passage.__table__)
    with project.database.transaction() as session:
        # One statement per list, run over all its rows (executemany).
        for column, rows in updates.items():
            if rows:
                session.execute(
                    update(passages)
                    .where(passages.c.id == bindparam("pid"))
                    .values({column: bindparam("value")}),
                    rows,
                )
        if coded:
            session.execute(
                update(codings)
                .where(codings.c.passage_id == bindparam("p"), codings.c.code_id == bindparam("c"))
                .values(created_at=bindparam("w")),
                coded,
            )
        # Passages made just now have no memo yet: a plain insert each.
        memos = [
            {"passage_id": passage.id, "text": item.memo}
            for item, passage in pairs
            if item.memo.strip()
        ]
        if memos:
            session.execute(insert(models.Memo), memos)
    if memos:
        project.memos.emit("memos")


def existing_guids(project: Project, guids: Sequence[str]) -> set[str]:
    """Which of these passage guids the project already holds."""
    wanted = {g for g in (canonical_guid(raw) for raw in guids) if g}
    if not wanted:
        return set()
    found: set[str] = set()
    chunk = sorted(wanted)
    with project.database.reading() as session:
        for start in range(0, len(chunk), 500):
            found.update(
                session.scalars(
                    select(models.Passage.guid).where(
                        models.Passage.guid.in_(chunk[start : start + 500])
                    )
                )
            )
    return found
