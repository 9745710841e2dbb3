"""Full-text search over the stored page text, and coding every hit."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.core.passages import Passages, TextSpan
from app.core.textnorm import find_spans
from app.core.types import Hit, Passage
from app.store.database import Database
from app.store.models import Page, Study


class Search:
    def __init__(self, database: Database):
        self.database = database

    def find(
        self,
        phrase: str,
        study_id: int | None = None,
        ignore_case: bool = False,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Hit]:
        """Every occurrence of a phrase, in study and page order (within a page only)."""
        hits: list[Hit] = []
        with self.database.reading() as session:
            query = select(Page.study_id, Page.page_index, Page.text).join(Study)
            if study_id is not None:
                query = query.where(Page.study_id == study_id)
            rows = session.execute(query.order_by(Study.position, Study.id, Page.page_index)).all()
        for sid, index, text in rows:
            if cancelled is not None and cancelled():
                break
            for start, end in find_spans(text, phrase, ignore_case):
                hits.append(Hit(sid, index, start, end))
        return hits

    def autocode(
        self,
        passages: Passages,
        phrase: str,
        code_id: int,
        ignore_case: bool = False,
        study_id: int | None = None,
    ) -> list[Passage]:
        """Code every hit as a passage; a hit already coded with that factor is left alone."""
        existing = {
            (p.study_id, p.start_page, p.start_offset, p.end_page, p.end_offset)
            for p in passages.list(code_id=code_id)
        }
        spans = [
            TextSpan(hit.study_id, hit.page, hit.start, hit.page, hit.end, (code_id,))
            for hit in self.find(phrase, study_id, ignore_case)
            if (hit.study_id, hit.page, hit.start, hit.page, hit.end) not in existing
        ]
        return passages.add_text_many(spans) if spans else []
