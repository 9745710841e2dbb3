"""Searching every study at once: the index proposes pages, the matcher finds the words.

    result = project.fulltext.search('"informal networks" OR advocat*')
    for hit in result.hits: hit.study_id, hit.page, hit.context

A page is a hit when its occurrences satisfy the query (see `query.py`); its hits are the
occurrences of the terms that are not negated, overlapping ones merged, including phrases
that run across a page break (running heads and feet skipped). Pages whose text layer is
missing or unusable are not searched: a hit there could not be shown or quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from sqlalchemy import select

from app.core.fulltext.candidates import term_expression, without_hyphens
from app.core.fulltext.index import SearchIndex, storable
from app.core.fulltext.matcher import MatchOptions, regex_spans, term_spans
from app.core.fulltext.query import (
    And,
    Node,
    Not,
    Or,
    QueryError,
    Term,
    evaluate,
    parse,
    positive_terms,
    terms,
)
from app.core.fulltext.seams import seam
from app.core.textnorm import display_quote, normalise_query
from app.core.types import TEXT_OK, Hit
from app.store.database import Database
from app.store.models import Page, Study

CONTEXT_CHARS = 70
Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass(frozen=True)
class SearchOptions:
    ignore_case: bool = True
    whole_words: bool = True
    regex: bool = False  # the whole query is one regular expression

    @property
    def match(self) -> MatchOptions:
        return MatchOptions(self.ignore_case, self.whole_words)


@dataclass(frozen=True)
class SearchHit:
    """A hit and the words around it, as a results list shows them."""

    hit: Hit
    before: str
    matched: str
    after: str

    @property
    def study_id(self) -> int:
        return self.hit.study_id

    @property
    def page(self) -> int:
        return self.hit.page

    @property
    def context(self) -> str:
        return f"{self.before}[{self.matched}]{self.after}"


@dataclass
class SearchResult:
    query: str
    options: SearchOptions
    hits: list[SearchHit] = field(default_factory=list)
    pages_searched: int = 0  # pages the matcher read
    used_index: bool = False
    cancelled: bool = False

    def by_study(self) -> dict[int, list[SearchHit]]:
        grouped: dict[int, list[SearchHit]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.study_id, []).append(hit)
        return grouped


@dataclass(frozen=True)
class _Page:
    id: int
    study_id: int
    index: int


def _merge(spans: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Overlapping hits (page, start, end page, end) merged into one."""
    merged: list[tuple[int, int, int, int]] = []
    for span in sorted(spans):
        if merged and (span[0], span[1]) < (merged[-1][2], merged[-1][3]):
            last = merged[-1]
            merged[-1] = (last[0], last[1], *max((last[2], last[3]), (span[2], span[3])))
        else:
            merged.append(span)
    return merged


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return display_quote(before) + (" " if before[-1:].isspace() else ""), (
        (" " if after[:1].isspace() else "") + display_quote(after)
    )


class FullTextSearch:
    def __init__(self, database: Database, index: SearchIndex):
        self.database = database
        self.index = index

    def search(
        self,
        query: str | Node,
        options: SearchOptions | None = None,
        study_ids: Collection[int] | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Every hit of a query across the project (or the given studies), in study and
        page order. Raises QueryError for a query that cannot be read."""
        options = options or SearchOptions()
        result = SearchResult(str(query), options)
        node: Node | None = None
        pattern: re.Pattern[str] | None = None
        if not isinstance(query, str):
            node = query
        elif options.regex:
            pattern = _compile(query, options.ignore_case)
        else:
            node = parse(query)
        pages = self._pages(study_ids)
        result.used_index = self.index.ensure(
            None if progress is None else lambda d, t: progress("Indexing page text", d, t),
            cancelled,
        )
        if cancelled is not None and cancelled():
            result.cancelled = True
            return result
        universe = {page.id for page in pages}
        if pattern is not None:
            candidates = self._regex_candidates(pattern, universe, result.used_index)
            term_pages: dict[Term, tuple[set[int], set[int]]] = {}
        else:
            assert node is not None
            term_pages = {
                term: self._term_candidates(term, options, universe, result.used_index)
                for term in terms(node)
            }
            candidates = _candidates(node, term_pages, universe)
        self._match(result, pages, candidates, node, pattern, term_pages, progress, cancelled)
        return result

    # --- candidates ------------------------------------------------------------------------

    def _pages(self, study_ids: Collection[int] | None) -> list[_Page]:
        with self.database.reading() as session:
            query = (
                select(Page.id, Page.study_id, Page.page_index)
                .join(Study, Study.id == Page.study_id)
                .where(Page.text_status == TEXT_OK)
                .order_by(Study.position, Study.id, Page.page_index)
            )
            if study_ids is not None:
                query = query.where(Page.study_id.in_(list(study_ids)))
            return [_Page(int(a), int(b), int(c)) for a, b, c in session.execute(query).all()]

    def _term_candidates(
        self, term: Term, options: SearchOptions, universe: set[int], indexed: bool
    ) -> tuple[set[int], set[int]]:
        """(pages, page breaks after pages) where the term may occur."""
        if not indexed:
            return universe, universe
        if options.whole_words or term.prefix:
            on_page, across = term_expression(term), term_expression(term, seams=True)
            if on_page is None or across is None:
                return universe, universe
            return (
                self.index.matching(on_page) & universe,
                self.index.matching(across) & universe,
            )
        needle = storable(normalise_query(term.text, ignore_case=True))
        if not needle:
            return universe, universe
        hyphenless = without_hyphens(needle)
        return (
            self.index.containing(needle, hyphenless) & universe,
            self.index.containing(needle, hyphenless, seams=True) & universe,
        )

    def _regex_candidates(
        self, pattern: re.Pattern[str], universe: set[int], indexed: bool
    ) -> set[int]:
        """Pages where the expression, case ignored, matches the case-folded text: every
        page it matches as asked, and maybe a few more, which the matcher then drops."""
        if not indexed:
            return universe
        loose = re.compile(pattern.pattern, pattern.flags | re.IGNORECASE)
        return {
            page_id
            for page_id, body in self.index.bodies()
            if page_id in universe and loose.search(body)
        }

    # --- matching --------------------------------------------------------------------------

    def _match(
        self,
        result: SearchResult,
        pages: list[_Page],
        candidates: set[int],
        node: Node | None,
        pattern: re.Pattern[str] | None,
        term_pages: dict[Term, tuple[set[int], set[int]]],
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        following = {
            a.id: b
            for a, b in pairwise(pages)
            if a.study_id == b.study_id and b.index == a.index + 1
        }
        needed = set(candidates)
        needed.update(following[p].id for p in candidates if p in following)
        texts = self._texts(needed)
        shown = [] if node is None else positive_terms(node)
        todo = [page for page in pages if page.id in candidates]
        options = result.options.match
        # The index holds each page's searchable text, case folded: what the matcher
        # compares a term with. A page whose text lacks the term is passed over without
        # normalising it again.
        stored = {
            page_id: (without_hyphens(body), without_hyphens(across))
            for page_id, (body, across) in (
                self.index.stored(candidates) if result.used_index else {}
            ).items()
        }
        # Compared without hyphens: the matcher may take "burden" for a "bur-" ending a line.
        needles = {
            term: without_hyphens(storable(normalise_query(term.text, ignore_case=True)))
            for term in term_pages
        }
        for done, page in enumerate(todo):
            if cancelled is not None and cancelled():
                result.cancelled = True
                return
            if progress is not None and done % 50 == 0:
                progress("Searching", done, len(todo))
            text, furniture = texts[page.id]
            found: list[tuple[int, int, int, int]] = []
            if pattern is not None:
                found = [(page.index, s, page.index, e) for s, e in regex_spans(text, pattern)]
            else:
                assert node is not None
                present: set[Term] = set()
                by_term: dict[Term, list[tuple[int, int, int, int]]] = {}
                after = following.get(page.id)
                body, seam_text = stored.get(page.id, (None, None))
                for term, (on_page, across) in term_pages.items():
                    spans: list[tuple[int, int, int, int]] = []
                    needle = needles[term]
                    if page.id in on_page and (body is None or needle in body):
                        spans = [
                            (page.index, s, page.index, e)
                            for s, e in term_spans(text, term, options)
                        ]
                    if (
                        page.id in across
                        and after is not None
                        and (seam_text is None or needle in seam_text)
                    ):
                        spans += self._across(page, text, furniture, texts[after.id], term, options)
                    if spans:
                        present.add(term)
                        by_term[term] = spans
                if not evaluate(node, present):
                    continue
                found = [span for term in shown for span in by_term.get(term, [])]
            result.pages_searched += 1
            for first, start, last, end in _merge(found):
                result.hits.append(self._hit(page, first, start, last, end, text, texts, following))
        if progress is not None:
            progress("Searching", len(todo), len(todo))

    @staticmethod
    def _across(
        page: _Page,
        text: str,
        furniture: str | None,
        following: tuple[str, str | None],
        term: Term,
        options: MatchOptions,
    ) -> list[tuple[int, int, int, int]]:
        """Hits of a term that start on this page and end on the next."""
        joined = seam(page.index, text, furniture, following[0], following[1])
        out: list[tuple[int, int, int, int]] = []
        for start, end in term_spans(joined.text, term, options):
            first, s = joined.locate(start)
            last, e = joined.locate(end, is_end=True)
            if first == page.index and last == page.index + 1:
                out.append((first, s, last, e))
        return out

    @staticmethod
    def _hit(
        page: _Page,
        first: int,
        start: int,
        last: int,
        end: int,
        text: str,
        texts: dict[int, tuple[str, str | None]],
        following: dict[int, _Page],
    ) -> SearchHit:
        hit = Hit(page.study_id, first, start, end, None if last == first else last)
        if last == first:
            before, after = _context(text, start, end)
            return SearchHit(hit, before, display_quote(text[start:end]), after)
        next_text = texts[following[page.id].id][0]
        before, _ = _context(text, start, len(text))
        _, after = _context(next_text, 0, end)
        matched = display_quote(text[start:] + "\n" + next_text[:end])
        return SearchHit(hit, before, matched, after)

    def _texts(self, page_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
        wanted = list(page_ids)
        out: dict[int, tuple[str, str | None]] = {}
        with self.database.reading() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = session.execute(
                    select(Page.id, Page.text, Page.furniture).where(Page.id.in_(chunk))
                ).all()
                out.update({int(a): (b, c) for a, b, c in rows})
        return out


def _compile(query: str, ignore_case: bool) -> re.Pattern[str]:
    if not query.strip():
        raise QueryError("Type a regular expression to search for.")
    try:
        return re.compile(query, re.IGNORECASE if ignore_case else 0)
    except re.error as error:
        raise QueryError(f"Not a valid regular expression: {error}.") from error


def _candidates(
    node: Node, term_pages: dict[Term, tuple[set[int], set[int]]], universe: set[int]
) -> set[int]:
    """Pages that may satisfy the query: a NOT can only be decided on the page itself."""
    if isinstance(node, Term):
        on_page, across = term_pages[node]
        return on_page | across
    if isinstance(node, Not):
        return universe
    parts = [_candidates(part, term_pages, universe) for part in node.parts]
    if isinstance(node, And):
        return set.intersection(*parts)
    assert isinstance(node, Or)
    return set.union(*parts)
