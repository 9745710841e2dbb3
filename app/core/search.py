"""Full-text search over the stored page text, and coding every hit.

A study is searched as one run of text, page after page, so that a phrase broken by a page
break is found; running heads, feet and page numbers are left out of that run, and so are
pages whose text layer cannot be trusted (scans, unmapped fonts): a hit there could not be
shown on the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from sqlalchemy import select

from app.core.passages import Passages, TextSpan
from app.core.textnorm import find_in_pages
from app.core.types import TEXT_OK, Hit, Passage
from app.store.database import Database
from app.store.models import Page, Study


def blank_furniture(text: str, furniture: str | None) -> str:
    """The page text with its furniture replaced by spaces (offsets unchanged)."""
    spans = json.loads(furniture or "[]")
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(max(0, start), min(end, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


class Search:
    def __init__(self, database: Database):
        self.database = database

    def find(
        self,
        phrase: str,
        study_id: int | None = None,
        ignore_case: bool = False,
        cancelled: Callable[[], bool] | None = None,
        whole_words: bool = True,
        study_ids: list[int] | None = None,
    ) -> list[Hit]:
        """Every occurrence of a phrase, in study and page order. Whole words unless
        `whole_words` is False; `study_ids` limits the search to those studies."""
        hits: list[Hit] = []
        for sid, indices, texts in self._studies(study_id, study_ids):
            if cancelled is not None and cancelled():
                break
            for first, start, last, end in find_in_pages(texts, phrase, ignore_case, whole_words):
                hits.append(
                    Hit(
                        sid,
                        indices[first],
                        start,
                        end,
                        None if last == first else indices[last],
                    )
                )
        return hits

    def _studies(
        self, study_id: int | None, study_ids: list[int] | None
    ) -> Iterator[tuple[int, list[int], list[str]]]:
        """Per study, its page indices and searchable page texts."""
        with self.database.reading() as session:
            query = select(
                Page.study_id, Page.page_index, Page.text, Page.text_status, Page.furniture
            ).join(Study)
            if study_id is not None:
                query = query.where(Page.study_id == study_id)
            if study_ids is not None:
                query = query.where(Page.study_id.in_(study_ids))
            rows = session.execute(query.order_by(Study.position, Study.id, Page.page_index)).all()
        current: int | None = None
        indices: list[int] = []
        texts: list[str] = []
        for sid, index, text, status, furniture in rows:
            if sid != current:
                if current is not None:
                    yield current, indices, texts
                current, indices, texts = sid, [], []
            indices.append(index)
            texts.append(blank_furniture(text, furniture) if status == TEXT_OK else "")
        if current is not None:
            yield current, indices, texts

    def autocode(
        self,
        passages: Passages,
        phrase: str,
        code_id: int,
        ignore_case: bool = False,
        study_id: int | None = None,
        whole_words: bool = True,
    ) -> list[Passage]:
        """Code every hit as a passage; a hit already coded with that factor is left alone."""
        from app.core.fulltext.coding import coded_extents, hit_extent

        existing = coded_extents(passages, code_id)
        spans = [
            TextSpan(hit.study_id, hit.page, hit.start, hit.last_page, hit.end, (code_id,))
            for hit in self.find(phrase, study_id, ignore_case, whole_words=whole_words)
            if hit_extent(hit) not in existing
        ]
        return passages.add_text_many(spans) if spans else []
