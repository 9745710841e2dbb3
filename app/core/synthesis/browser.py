"""Every passage of the review in one list, filtered: the passage browser's query.

    rows = browse(project, PassageFilter(code_ids=(education,), statuses=("included",)))

Filters combine with AND; several values of one filter are alternatives (any of the
factors, any of the studies), except with `all_codes`, where a passage must carry each
factor asked for. A factor stands for its sub-factors too unless `subfactors` is off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core.page_numbers import page_range
from app.core.quote_check import is_unplaced, quote_check
from app.core.synthesis.codes import descendants, expand
from app.core.textnorm import display_quote
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project

REGION = "[region]"
# Passages a query names one by one, below SQLite's smallest limit on bound values.
_LISTED_IDS = 900


@dataclass(frozen=True)
class PassageFilter:
    code_ids: tuple[int, ...] = ()
    all_codes: bool = False  # a passage must carry every factor of code_ids
    subfactors: bool = True
    theme_ids: tuple[int, ...] = ()
    study_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value)
    text: str = ""  # in the quote or the memo, case ignored
    passage_ids: tuple[int, ...] | None = None  # only these (a co-occurrence cell)

    @property
    def empty(self) -> bool:
        return self == PassageFilter()


class PassageRow(NamedTuple):
    """One passage as the browser lists it. The quote, factor names and text check are
    worked out when read, so that listing 50,000 passages costs only what is shown."""

    passage_id: int
    study_id: int
    study: str  # the study's citation, else its name
    page: str  # the printed page(s) a quote cites: "164", "164-165"; "" while unplaced
    start_page: int  # 0-based PDF positions, for going there (an earlier PDF's, if unplaced)
    end_page: int
    code_ids: tuple[int, ...]
    memo: str
    kind: str
    raw_quote: str  # as stored: the page's own characters
    stored_check: str  # what the last check against the page found
    names: Mapping[int, str]  # factor names, shared by every row

    @property
    def quote(self) -> str:
        """One line, as pasted; "[region]" for a region with no text under it."""
        return display_quote(self.raw_quote) or (REGION if self.kind == "region" else "")

    @property
    def factors(self) -> str:
        return "; ".join(self.names[c] for c in self.code_ids if c in self.names)

    @property
    def text_check(self) -> str:
        """Empty when the quote is what the page says, else what is wrong with it."""
        return quote_check(self.raw_quote, self.stored_check, self.kind)

    @property
    def placed(self) -> bool:
        """False while the passage waits to be placed by hand: it cites no page."""
        return not is_unplaced(self.stored_check)

    def as_dict(self) -> dict[str, object]:
        placed = self.placed
        return {
            "passage_id": self.passage_id,
            "study_id": self.study_id,
            "study": self.study,
            "page": self.page,
            "start_page": self.start_page + 1 if placed else None,
            "end_page": self.end_page + 1 if placed else None,
            "placed": placed,
            "quote": self.quote,
            "factors": [self.names[c] for c in self.code_ids if c in self.names],
            "memo": self.memo,
            "text_check": self.text_check,
            "kind": self.kind,
        }


class _Rows(Sequence[PassageRow]):
    """Rows made when first read: a view shows a screenful of 50,000, so only those are
    ever built (copying or exporting builds them all)."""

    def __init__(
        self,
        raw: list[tuple[Any, ...]],
        labels: Mapping[int, str],
        cited: Mapping[int, list[str]],
        codings: Mapping[int, list[int]],
        names: Mapping[int, str],
    ):
        self.raw = raw
        self._labels, self._cited, self._codings, self._names = labels, cited, codings, names
        self._made: dict[int, PassageRow] = {}

    def __len__(self) -> int:
        return len(self.raw)

    @overload
    def __getitem__(self, index: int) -> PassageRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[PassageRow]: ...

    def __getitem__(self, index: int | slice) -> PassageRow | list[PassageRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.raw)))]
        if index < 0:
            index += len(self.raw)
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self._make(self.raw[index])
        return row

    def _make(self, raw: tuple[Any, ...]) -> PassageRow:
        pid, sid, kind, first, last, quote, check, memo = raw
        numbers = self._cited.get(sid, [])
        if is_unplaced(check):
            page = ""  # its pages are an earlier version's: the words are not known to be there
        elif first == last and 0 <= first < len(numbers):
            page = numbers[first]
        else:
            page = page_range(numbers, first, last)
        return PassageRow(
            pid,
            sid,
            self._labels.get(sid, ""),
            page,
            first,
            last,
            tuple(self._codings.get(pid, ())),
            memo or "",
            kind,
            quote,
            check,
            self._names,
        )


@dataclass
class PassageTable:
    rows: Sequence[PassageRow] = field(default_factory=list)
    studies: int = 0

    HEADERS = ("Study", "Page", "Quote", "Factors", "Memo", "Text check")

    def passage_ids(self) -> list[int]:
        if isinstance(self.rows, _Rows):
            return [raw[0] for raw in self.rows.raw]
        return [row.passage_id for row in self.rows]

    def table(self) -> list[list[str]]:
        """The rows as text cells under HEADERS: what copying or exporting writes."""
        return [
            [row.study, row.page, row.quote, row.factors, row.memo, row.text_check]
            for row in self.rows
        ]


def _study_filter(project: Project, wanted: PassageFilter) -> set[int] | None:
    chosen = project.study_facets.select(wanted.statuses, wanted.groups, wanted.attributes)
    if wanted.study_ids:
        mine = set(wanted.study_ids)
        chosen = mine if chosen is None else chosen & mine
    return chosen


def _coded_with(code_ids: set[int]) -> Select[Any]:
    return select(models.Coding.passage_id).where(models.Coding.code_id.in_(code_ids))


def browse(project: Project, wanted: PassageFilter | None = None) -> PassageTable:
    """The passages a filter keeps, in study and page order."""
    wanted = wanted or PassageFilter()
    codes = project.codebook.list()
    names = {code.id: code.name for code in codes}
    tree = descendants(codes)
    p = models.Passage
    query = (
        select(
            p.id,
            p.study_id,
            p.kind,
            p.start_page,
            p.end_page,
            p.quote,
            p.text_check,
            models.Memo.text,
        )
        .join(models.Study, models.Study.id == p.study_id)
        .outerjoin(models.Memo, models.Memo.passage_id == p.id)
        .order_by(models.Study.position, models.Study.id, p.start_page, p.start_offset, p.top, p.id)
    )
    studies = _study_filter(project, wanted)
    if studies is not None:
        query = query.where(p.study_id.in_(studies))
    if wanted.passage_ids is not None:
        query = query.where(p.id.in_(wanted.passage_ids))
    if wanted.code_ids:
        if wanted.all_codes:
            for code_id in wanted.code_ids:
                query = query.where(
                    p.id.in_(_coded_with(expand([code_id], tree, wanted.subfactors)))
                )
        else:
            query = query.where(
                p.id.in_(_coded_with(expand(wanted.code_ids, tree, wanted.subfactors)))
            )
    if wanted.theme_ids:
        under = select(models.CodeTheme.code_id).where(
            models.CodeTheme.theme_id.in_(wanted.theme_ids)
        )
        with project.database.reading() as session:
            themed = set(session.scalars(under).all())
        query = query.where(p.id.in_(_coded_with(expand(themed, tree, wanted.subfactors))))
    needle = wanted.text.strip().casefold()
    with project.database.reading() as session:
        rows = _fetch(session, query)
        if needle:
            # Words are looked for in the quote as pasted, so before the factors are read:
            # a few rows left need only their own codings.
            rows = [
                raw
                for raw in rows
                if needle in display_quote(raw[5]).casefold() or needle in (raw[7] or "").casefold()
            ]
        codings: dict[int, list[int]] = {}
        if rows:
            coding_query = select(models.Coding.passage_id, models.Coding.code_id).order_by(
                models.Coding.id
            )
            if needle and len(rows) <= _LISTED_IDS:
                listed = [raw[0] for raw in rows]
                coding_query = coding_query.where(models.Coding.passage_id.in_(listed))
            elif not wanted.empty:
                chosen = query.with_only_columns(p.id).order_by(None)
                coding_query = coding_query.where(models.Coding.passage_id.in_(chosen))
            for passage_id, code_id in _fetch(session, coding_query):
                codings.setdefault(passage_id, []).append(code_id)
    labels = {info.id: info.label for info in project.studies.list()}
    cited = project.page_numbers.cited(sorted({row[1] for row in rows}))
    lazy = _Rows(rows, labels, cited, codings, names)
    return PassageTable(lazy, len({raw[1] for raw in rows}))


def passages_of_cell(
    project: Project, study_id: int, code_id: int, subfactors: bool = True
) -> PassageTable:
    """The passages behind one cell of Table 1."""
    return browse(
        project, PassageFilter(code_ids=(code_id,), subfactors=subfactors, study_ids=(study_id,))
    )


def _fetch(session: Session, query: Any) -> list[Any]:
    """All rows of a query as plain tuples, straight from the SQLite cursor: building a
    Row object for each of 50,000 passages costs more than the query itself."""
    compiled = query.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
    )
    values = compiled.construct_params()
    parameters = tuple(values[name] for name in compiled.positiontup or ())
    cursor = session.connection().connection.cursor()
    try:
        return list(cursor.execute(str(compiled), parameters).fetchall())
    finally:
        cursor.close()
