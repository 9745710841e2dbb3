"""Every passage of the review in one list, filtered: the passage browser's query.

    rows = browse(project, PassageFilter(code_ids=(education,), statuses=("included",)))

Filters combine with AND; several values of one filter are alternatives (any of the
factors, any of the studies), except with `all_codes`, where a passage must carry each
factor asked for. A factor stands for its sub-factors too unless `subfactors` is off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from app.core.page_numbers import page_range
from app.core.quote_check import quote_check
from app.core.synthesis.codes import descendants, expand
from app.core.textnorm import display_quote
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project

REGION = "[region]"


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


@dataclass(frozen=True, slots=True)
class PassageRow:
    passage_id: int
    study_id: int
    study: str  # the study's citation, else its name
    page: str  # the printed page(s) a quote cites: "164", "164-165"
    start_page: int  # 0-based PDF positions, for going there
    end_page: int
    quote: str  # one line, as pasted; "[region]" for a region with no text under it
    code_ids: tuple[int, ...]
    factors: str  # the factors' names, "; " between
    memo: str
    text_check: str  # empty when the quote is what the page says
    kind: str


@dataclass
class PassageTable:
    rows: list[PassageRow] = field(default_factory=list)
    studies: int = 0

    HEADERS = ("Study", "Page", "Quote", "Factors", "Memo", "Text check")

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
    with project.database.reading() as session:
        rows = session.execute(query).all()
        ids = [row[0] for row in rows]
        codings: dict[int, list[int]] = {}
        if ids:
            coding_query = select(models.Coding.passage_id, models.Coding.code_id).order_by(
                models.Coding.id
            )
            if len(ids) < 5000:
                coding_query = coding_query.where(models.Coding.passage_id.in_(ids))
            for passage_id, code_id in session.execute(coding_query).all():
                codings.setdefault(passage_id, []).append(code_id)
    needle = wanted.text.strip().casefold()
    labels = {info.id: info.label for info in project.studies.list()}
    cited = project.page_numbers.cited(sorted({row[1] for row in rows}))
    table = PassageTable()
    for pid, sid, kind, first, last, quote, check, memo in rows:
        line = display_quote(quote) or (REGION if kind == "region" else "")
        if needle and needle not in line.casefold() and needle not in (memo or "").casefold():
            continue
        code_ids = tuple(codings.get(pid, ()))
        table.rows.append(
            PassageRow(
                passage_id=pid,
                study_id=sid,
                study=labels.get(sid, ""),
                page=page_range(cited.get(sid, []), first, last),
                start_page=first,
                end_page=last,
                quote=line,
                code_ids=code_ids,
                factors="; ".join(names[c] for c in code_ids if c in names),
                memo=memo or "",
                text_check=quote_check(quote, check, kind),
                kind=kind,
            )
        )
    table.studies = len({row.study_id for row in table.rows})
    return table


def passages_of_cell(
    project: Project, study_id: int, code_id: int, subfactors: bool = True
) -> PassageTable:
    """The passages behind one cell of Table 1."""
    return browse(
        project, PassageFilter(code_ids=(code_id,), subfactors=subfactors, study_ids=(study_id,))
    )
