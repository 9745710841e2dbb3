"""The full-text index: an SQLite FTS5 table over every page's searchable text.

It is derived data. Rows follow the pages they come from (a study deleted takes its rows,
triggers keep FTS5 in step); studies are indexed as they are imported; pages found missing,
or an index written by another version of the search normaliser, are (re)built before a
search. A project opened read-only, or an SQLite without FTS5, searches without it.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable

from sqlalchemy import delete, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.fulltext.seams import seam
from app.core.textnorm import NORMALISER_VERSION, searchable_text
from app.store.database import Database
from app.store.models import Page, SearchText

# Bumped when what this module stores changes (with the normaliser's own version).
INDEX_FORMAT = 2
META_KEY = "search_index"
FTS_TABLE = "search_fts"

Progress = Callable[[int, int], None]


def index_version() -> str:
    return f"{NORMALISER_VERSION}.{INDEX_FORMAT}"


def storable(text: str) -> str:
    """Searchable text as the index keeps it. A NUL (a mark the normaliser may use, for a
    hyphen that ends a line) would cut the text short for SQLite's string functions; it is
    kept as a hyphen, which the index reads both as a word break and joined."""
    return text.replace("\x00", "\u2010")


def page_rows(pages: list[tuple[int, str, str | None]]) -> list[dict[str, object]]:
    """Index rows for the pages of one study, in page order: (page id, text, furniture)."""
    rows: list[dict[str, object]] = []
    for number, (page_id, page_text, furniture) in enumerate(pages):
        across = ""
        if number + 1 < len(pages):
            _, next_text, next_furniture = pages[number + 1]
            joined = seam(number, page_text, furniture, next_text, next_furniture)
            across = storable(searchable_text(joined.text, ignore_case=True))
        body = storable(searchable_text(page_text, ignore_case=True))
        rows.append({"page_id": page_id, "body": body, "seam": across})
    return rows


class SearchIndex:
    def __init__(self, database: Database):
        self.database = database
        self._available: bool | None = None

    # --- state -----------------------------------------------------------------------------

    def available(self) -> bool:
        """Whether the project file has the index (SQLite built with FTS5)."""
        if self._available is None:
            with self.database.reading() as session:
                found = session.execute(
                    text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
                    {"n": FTS_TABLE},
                ).scalar()
            self._available = bool(found)
        return self._available

    def _version_ok(self, session: Session) -> bool:
        return (
            session.execute(
                text("SELECT value FROM project_meta WHERE key = :k"), {"k": META_KEY}
            ).scalar()
            == index_version()
        )

    @staticmethod
    def _missing(session: Session) -> builtins.list[int]:
        """Studies with a page the index lacks."""
        return list(
            session.scalars(
                select(Page.study_id)
                .outerjoin(SearchText, SearchText.page_id == Page.id)
                .where(SearchText.page_id.is_(None))
                .group_by(Page.study_id)
                .order_by(Page.study_id)
            ).all()
        )

    def current(self) -> bool:
        """Whether every page is indexed by this version."""
        if not self.available():
            return False
        with self.database.reading() as session:
            return self._version_ok(session) and not self._missing(session)

    # --- keeping it in step ----------------------------------------------------------------

    def ensure(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> bool:
        """Bring the index up to date where the file can be written; returns whether
        searches can use it (False: read-only and out of date, or no FTS5)."""
        if not self.available():
            return False
        with self.database.reading() as session:
            version_ok = self._version_ok(session)
            missing = [] if not version_ok else self._missing(session)
        if version_ok and not missing:
            return True
        if self.database.read_only:
            return False
        if not version_ok:
            with self.database.transaction() as session:
                self._reset(session)
            with self.database.reading() as session:
                missing = self._missing(session)
        for done, study_id in enumerate(missing):
            if cancelled is not None and cancelled():
                return False
            if progress is not None:
                progress(done, len(missing))
            self.update_studies([study_id])
        if progress is not None:
            progress(len(missing), len(missing))
        return True

    def _reset(self, session: Session) -> None:
        session.execute(delete(SearchText))
        session.execute(
            text("INSERT OR REPLACE INTO project_meta (key, value) VALUES (:k, :v)"),
            {"k": META_KEY, "v": index_version()},
        )

    def update_studies(self, study_ids: Iterable[int]) -> None:
        """(Re)index every page of these studies, one transaction each."""
        if not self.available() or self.database.read_only:
            return
        for study_id in study_ids:
            with self.database.reading() as session:
                pages = [
                    (row.id, row.text, row.furniture)
                    for row in session.execute(
                        select(Page.id, Page.text, Page.furniture)
                        .where(Page.study_id == study_id)
                        .order_by(Page.page_index)
                    ).all()
                ]
            rows = page_rows(pages)
            with self.database.transaction() as session:
                if not self._version_ok(session):
                    empty = session.scalar(select(SearchText.page_id).limit(1)) is None
                    if not empty:
                        return  # an older index: the next `ensure` rebuilds it whole
                    self._reset(session)
                self._forget(session, [page_id for page_id, _, _ in pages])
                if rows:
                    session.execute(insert(SearchText), rows)

    def forget_study(self, study_id: int) -> None:
        """Drop a study's pages from the index (a study whose text is about to change)."""
        if not self.available() or self.database.read_only:
            return
        with self.database.transaction() as session:
            ids = session.scalars(select(Page.id).where(Page.study_id == study_id)).all()
            self._forget(session, list(ids))

    @staticmethod
    def _forget(session: Session, page_ids: builtins.list[int]) -> None:
        for start in range(0, len(page_ids), 500):
            chunk = page_ids[start : start + 500]
            session.execute(delete(SearchText).where(SearchText.page_id.in_(chunk)))

    # --- reading ---------------------------------------------------------------------------

    def matching(self, expression: str) -> set[int]:
        """Ids of the pages an FTS5 expression matches."""
        with self.database.reading() as session:
            try:
                rows = session.execute(
                    text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"),
                    {"q": expression},
                ).all()
            except OperationalError as error:
                raise ValueError(f"FTS5 refused {expression!r}: {error.orig}") from error
        return {int(row[0]) for row in rows}

    def containing(self, needle: str, hyphenless: str, seams: bool = False) -> set[int]:
        """Ids of the pages (or page breaks after them) whose searchable text contains
        `needle`, or `hyphenless` once hyphens are taken out: a substring search."""
        as_is, joined = ("seam_split", "seam_joined") if seams else ("split", "joined")
        with self.database.reading() as session:
            rows = session.execute(
                text(
                    f"SELECT page_id FROM search_source WHERE instr({as_is}, :a) > 0 "
                    f"OR instr({joined}, :b) > 0"
                ),
                {"a": needle, "b": hyphenless},
            ).all()
        return {int(row[0]) for row in rows}

    def stored(self, page_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """Page id to its searchable text and the text across the break after it."""
        wanted = list(page_ids)
        out: dict[int, tuple[str, str]] = {}
        with self.database.reading() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = session.execute(
                    select(SearchText.page_id, SearchText.body, SearchText.seam).where(
                        SearchText.page_id.in_(chunk)
                    )
                ).all()
                out.update({int(page_id): (body, across) for page_id, body, across in rows})
        return out

    def bodies(self) -> builtins.list[tuple[int, str]]:
        """(page id, searchable text, case folded) of every indexed page."""
        with self.database.reading() as session:
            rows = session.execute(select(SearchText.page_id, SearchText.body)).all()
        return [(int(page_id), body) for page_id, body in rows]
