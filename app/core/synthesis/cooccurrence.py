"""Which factors go together: factor by factor, three ways of counting.

- overlapping: pairs of distinct passages, one with each factor, whose text (or region)
  overlaps in the same study;
- both: passages coded with both factors (on the diagonal: the factor's passages);
- studies: studies with a passage of each (on the diagonal: the factor's studies).

Factors are counted as coded, without their sub-factors.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import Enum
from itertools import combinations
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.types import Code
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project

Matrix = list[list[int]]


class Measure(Enum):
    OVERLAPPING = "overlapping passages"
    BOTH = "passages coded with both"
    STUDIES = "studies with both"


@dataclass(frozen=True)
class _Extent:
    """Where a passage lies: positions (page, offset) for text, boxes for drawing."""

    id: int
    study_id: int
    kind: str
    start: tuple[int, int]
    end: tuple[int, int]  # exclusive for text; regions: the end of their page
    boxes: tuple[tuple[int, float, float, float, float], ...]


def _boxes_meet(a: _Extent, b: _Extent) -> bool:
    for page, x0, top, x1, bottom in a.boxes:
        for other_page, ox0, otop, ox1, obottom in b.boxes:
            if (
                page == other_page
                and min(x1, ox1) > max(x0, ox0)
                and min(bottom, obottom) > max(top, otop)
            ):
                return True
    return False


def overlap(a: _Extent, b: _Extent) -> bool:
    if a.study_id != b.study_id:
        return False
    if a.kind == "text" and b.kind == "text":
        return a.start < b.end and b.start < a.end
    return _boxes_meet(a, b)


def overlapping_pairs(extents: list[_Extent]) -> list[tuple[int, int]]:
    """Every pair of overlapping passages (ids), by a sweep along each study."""
    pairs: list[tuple[int, int]] = []
    ordered = sorted(extents, key=lambda e: (e.study_id, e.start, e.end))
    active: list[_Extent] = []
    for extent in ordered:
        active = [
            other
            for other in active
            if other.study_id == extent.study_id and other.end > extent.start
        ]
        for other in active:
            if overlap(other, extent):
                pairs.append((other.id, extent.id))
        active.append(extent)
    return pairs


@dataclass
class Cooccurrence:
    codes: list[Code]
    overlapping: Matrix = field(default_factory=list)
    both: Matrix = field(default_factory=list)
    studies: Matrix = field(default_factory=list)
    # For listing a cell: passages per factor, overlapping pairs, studies per factor.
    passages_of: dict[int, set[int]] = field(default_factory=dict)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    studies_of: dict[int, set[int]] = field(default_factory=dict)
    study_of: dict[int, int] = field(default_factory=dict)

    def matrix(self, measure: Measure) -> Matrix:
        return {
            Measure.OVERLAPPING: self.overlapping,
            Measure.BOTH: self.both,
            Measure.STUDIES: self.studies,
        }[measure]

    def passages(self, measure: Measure, row: int, column: int) -> list[int]:
        """Ids of the passages behind a cell."""
        a, b = self.codes[row].id, self.codes[column].id
        mine, theirs = self.passages_of.get(a, set()), self.passages_of.get(b, set())
        if measure is Measure.BOTH:
            return sorted(mine & theirs)
        if measure is Measure.STUDIES:
            shared = self.studies_of.get(a, set()) & self.studies_of.get(b, set())
            return sorted(p for p in mine | theirs if self.study_of[p] in shared)
        found: set[int] = set()
        for p, q in self.pairs:
            if (p in mine and q in theirs) or (p in theirs and q in mine):
                found |= {p, q}
        return sorted(found)


def cooccurrence(
    project: Project,
    code_ids: Collection[int] | None = None,
    study_ids: Collection[int] | None = None,
) -> Cooccurrence:
    """The three matrices over the given factors (all, in codebook order) and studies."""
    codes = [c for c in project.codebook.list() if code_ids is None or c.id in code_ids]
    result = Cooccurrence(codes)
    index = {code.id: number for number, code in enumerate(codes)}
    size = len(codes)
    p = models.Passage
    query = select(
        p.id, p.study_id, p.kind, p.start_page, p.start_offset, p.end_page, p.end_offset, p.boxes
    )
    if study_ids is not None:
        query = query.where(p.study_id.in_(list(study_ids)))
    with project.database.reading() as session:
        passages = session.execute(query).all()
        codings = session.execute(select(models.Coding.passage_id, models.Coding.code_id)).all()
    codes_of: dict[int, set[int]] = {}
    for passage_id, code_id in codings:
        if code_id in index:
            codes_of.setdefault(passage_id, set()).add(code_id)
    extents: list[_Extent] = []
    for pid, sid, kind, sp, so, ep, eo, boxes in passages:
        if pid not in codes_of:
            continue
        result.study_of[pid] = sid
        for code_id in codes_of[pid]:
            result.passages_of.setdefault(code_id, set()).add(pid)
            result.studies_of.setdefault(code_id, set()).add(sid)
        rows = tuple(tuple(box) for box in json.loads(boxes or "[]"))
        if kind == "text" and so is not None and eo is not None:
            extents.append(_Extent(pid, sid, kind, (sp, so), (ep, eo), rows))
        else:
            extents.append(_Extent(pid, sid, kind, (sp, -1), (ep, 1 << 40), rows))

    both = [[0] * size for _ in range(size)]
    for pid, mine in codes_of.items():
        if pid not in result.study_of:
            continue
        ordered = sorted(index[c] for c in mine)
        for i in ordered:
            both[i][i] += 1
        for i, j in combinations(ordered, 2):
            both[i][j] += 1
            both[j][i] += 1
    result.both = both

    studies = [[0] * size for _ in range(size)]
    for a in codes:
        for b in codes:
            shared = result.studies_of.get(a.id, set()) & result.studies_of.get(b.id, set())
            studies[index[a.id]][index[b.id]] = len(shared)
    result.studies = studies

    result.pairs = overlapping_pairs(extents)
    overlapping = [[0] * size for _ in range(size)]
    for p_id, q_id in result.pairs:
        cells = {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a in codes_of[p_id]
            for b in codes_of[q_id]
        }
        for i, j in cells:
            overlapping[i][j] += 1
            if i != j:
                overlapping[j][i] += 1
    result.overlapping = overlapping
    return result
