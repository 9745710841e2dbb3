"""Every passage with its factors, memo, dates and the page it cites: what exports list.

A few queries for the whole project rather than one per passage, so that a review with
tens of thousands of passages exports in seconds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.bulk import collector_paused
from app.core.page_numbers import page_range
from app.core.quote_check import is_unplaced, quote_check
from app.core.types import Box, Passage
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project


@dataclass(frozen=True)
class Coding:
    """A factor on a passage, and when it was given."""

    code_id: int
    guid: str
    coded_at: str


@dataclass(frozen=True)
class CodedPassage:
    passage: Passage
    codings: tuple[Coding, ...]
    memo: str
    created_at: str
    cited: str  # the printed page(s) a quote cites: "164" or "164-165"; "" while unplaced

    @property
    def pdf_pages(self) -> str:
        """The PDF position(s), 1-based: "3" or "3-4"; "" for a passage waiting to be placed
        by hand, whose pages are those of an earlier version of the PDF."""
        if not self.passage.placed:
            return ""
        first, last = self.passage.start_page + 1, self.passage.end_page + 1
        return str(first) if first == last else f"{first}-{last}"


_COLUMNS = (
    models.Passage.id,
    models.Passage.guid,
    models.Passage.study_id,
    models.Passage.kind,
    models.Passage.start_page,
    models.Passage.start_offset,
    models.Passage.end_page,
    models.Passage.end_offset,
    models.Passage.x0,
    models.Passage.top,
    models.Passage.x1,
    models.Passage.bottom,
    models.Passage.quote,
    models.Passage.boxes,
    models.Passage.text_check,
    models.Passage.created_at,
)


def coded_passages(
    project: Project, study_ids: Sequence[int] | None = None, with_boxes: bool = True
) -> list[CodedPassage]:
    """Passages (all, or of the given studies) in study and page order; `with_boxes` False
    leaves out the boxes, which a spreadsheet does not show."""
    p = models.Passage
    # Plain columns, not ORM objects: loading and expiring tens of thousands of those
    # costs more than everything else an export does with them.
    query = select(*_COLUMNS).join(models.Study)
    if study_ids is not None:
        query = query.where(p.study_id.in_(list(study_ids)))
    query = query.order_by(
        models.Study.position, models.Study.id, p.start_page, p.start_offset, p.top, p.id
    )
    codings: dict[int, list[Coding]] = {}
    memos: dict[int, str] = {}
    with project.database.reading() as session:
        rows = session.execute(query).all()
        coding_query = select(
            models.Coding.passage_id,
            models.Coding.code_id,
            models.Coding.guid,
            models.Coding.created_at,
        ).order_by(models.Coding.id)
        memo_query = select(models.Memo.passage_id, models.Memo.text).where(
            models.Memo.passage_id.is_not(None)
        )
        if study_ids is not None:
            ids = select(p.id).where(p.study_id.in_(list(study_ids)))
            coding_query = coding_query.where(models.Coding.passage_id.in_(ids))
            memo_query = memo_query.where(models.Memo.passage_id.in_(ids))
        for passage_id, code_id, guid, coded_at in session.execute(coding_query).all():
            codings.setdefault(passage_id, []).append(Coding(code_id, guid, coded_at))
        for memo_owner, text in session.execute(memo_query).all():
            if memo_owner is not None:
                memos[int(memo_owner)] = text
    cited = project.page_numbers.cited(
        sorted({row.study_id for row in rows}) if study_ids is not None else None
    )
    made = []
    no_codings: tuple[Coding, ...] = ()
    with collector_paused():
        for (
            pid,
            guid,
            study_id,
            kind,
            start_page,
            start_offset,
            end_page,
            end_offset,
            x0,
            top,
            x1,
            bottom,
            quote,
            boxes,
            check,
            created_at,
        ) in rows:
            found = tuple(codings[pid]) if pid in codings else no_codings
            rect = None
            if kind == "region" and x0 is not None:
                rect = (x0, top or 0.0, x1 or 0.0, bottom or 0.0)
            passage = Passage(
                id=pid,
                guid=guid,
                study_id=study_id,
                kind=kind,
                start_page=start_page,
                start_offset=start_offset,
                end_page=end_page,
                end_offset=end_offset,
                quote=quote,
                boxes=tuple(Box(*b) for b in json.loads(boxes)) if with_boxes else (),
                code_ids=tuple(c.code_id for c in found),
                rect=rect,
                text_check=quote_check(quote, check, kind),
                placed=not is_unplaced(check),
            )
            made.append(
                CodedPassage(
                    passage,
                    found,
                    memos.get(pid, ""),
                    created_at,
                    # A page the words are no longer on is not cited.
                    page_range(cited.get(study_id, []), start_page, end_page)
                    if passage.placed
                    else "",
                )
            )
    return made
