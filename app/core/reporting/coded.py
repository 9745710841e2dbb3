"""Every passage with its factors, memo, dates and the page it cites: what exports list.

A few queries for the whole project rather than one per passage, so that a review with
tens of thousands of passages exports in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.page_numbers import page_range
from app.core.passages import to_passage
from app.core.types import Passage
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
    cited: str  # the printed page(s) a quote cites: "164" or "164-165"

    @property
    def pdf_pages(self) -> str:
        """The PDF position(s), 1-based: "3" or "3-4"."""
        first, last = self.passage.start_page + 1, self.passage.end_page + 1
        return str(first) if first == last else f"{first}-{last}"


def coded_passages(project: Project, study_ids: Sequence[int] | None = None) -> list[CodedPassage]:
    """Passages (all, or of the given studies) in study and page order."""
    p = models.Passage
    query = select(p).join(models.Study)
    if study_ids is not None:
        query = query.where(p.study_id.in_(list(study_ids)))
    query = query.order_by(
        models.Study.position, models.Study.id, p.start_page, p.start_offset, p.top, p.id
    )
    codings: dict[int, list[Coding]] = {}
    memos: dict[int, str] = {}
    with project.database.reading() as session:
        rows = session.scalars(query).all()
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
        made = [
            (
                to_passage(row, tuple(c.code_id for c in codings.get(row.id, ()))),
                row.created_at,
            )
            for row in rows
        ]
    cited = project.page_numbers.cited(
        sorted({passage.study_id for passage, _ in made}) if study_ids is not None else None
    )
    return [
        CodedPassage(
            passage,
            tuple(codings.get(passage.id, ())),
            memos.get(passage.id, ""),
            created_at,
            page_range(cited.get(passage.study_id, []), passage.start_page, passage.end_page),
        )
        for passage, created_at in made
    ]
