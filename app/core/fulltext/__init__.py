"""Search across every study: the query language, the FTS5 index, exact hits, coding them."""

from app.core.fulltext.engine import FullTextSearch, SearchHit, SearchOptions, SearchResult
from app.core.fulltext.index import SearchIndex
from app.core.fulltext.query import QueryError

__all__ = [
    "FullTextSearch",
    "QueryError",
    "SearchHit",
    "SearchIndex",
    "SearchOptions",
    "SearchResult",
]
