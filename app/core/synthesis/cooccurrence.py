"""Which factors go together: factor by factor, three ways of counting.

- overlapping: pairs of distinct passages, one with each factor, whose text (or region)
  overlaps in the same study (a passage waiting to be placed by hand overlaps nothing);
- both: passages coded with both factors (on the diagonal: the factor's passages);
- studies: studies with a passage of each (on the diagonal: the factor's studies).

Factors are counted as coded, without their sub-factors.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import Enum
from itertools import combinations
from typing import TYPE_CHECKING, Any

from app.core.quote_check import UNPLACED
from app.core.types import Code

if TYPE_CHECKING:
    from app.core.project import Project

Matrix = list[list[int]]
# A passage's extent: (study, start, end, id, kind); start and end are (page, offset), a
# region spanning its whole page.
Extent = tuple[int, tuple[int, int], tuple[int, int], int, str]
_PAGE_END = 1 << 40


class Measure(Enum):
    OVERLAPPING = "overlapping passages"
    BOTH = "passages coded with both"
    STUDIES = "studies with both"


def _boxes_meet(mine: list[list[float]], theirs: list[list[float]]) -> bool:
    for page, x0, top, x1, bottom in mine:
        for other_page, ox0, otop, ox1, obottom in theirs:
            if (
                page == other_page
                and min(x1, ox1) > max(x0, ox0)
                and min(bottom, obottom) > max(top, otop)
            ):
                return True
    return False


def overlapping_pairs(
    extents: list[Extent], boxes: dict[int, list[list[float]]]
) -> list[tuple[int, int]]:
    """Every pair of overlapping passages (ids), by a sweep along each study. Text against
    text compares positions; where a region is involved, the drawn boxes must meet."""
    pairs: list[tuple[int, int]] = []
    active: list[Extent] = []
    for extent in sorted(extents, key=lambda e: (e[0], e[1])):
        study, start = extent[0], extent[1]
        active = [other for other in active if other[0] == study and other[2] > start]
        for other in active:
            both_text = other[4] == "text" and extent[4] == "text"
            if both_text or _boxes_meet(boxes.get(other[3], []), boxes.get(extent[3], [])):
                pairs.append((other[3], extent[3]))
        active.append(extent)
    return pairs


@dataclass
class Cooccurrence:
    codes: list[Code]
    overlapping: Matrix = field(default_factory=list)
    both: Matrix = field(default_factory=list)
    studies: Matrix = field(default_factory=list)
    # For listing a cell: each coded passage's study and factors, overlapping pairs.
    coded: dict[int, tuple[int, frozenset[int]]] = field(default_factory=dict)
    pairs: list[tuple[int, int]] = field(default_factory=list)

    def matrix(self, measure: Measure) -> Matrix:
        return {
            Measure.OVERLAPPING: self.overlapping,
            Measure.BOTH: self.both,
            Measure.STUDIES: self.studies,
        }[measure]

    def passages(self, measure: Measure, row: int, column: int) -> list[int]:
        """Ids of the passages behind a cell."""
        a, b = self.codes[row].id, self.codes[column].id
        if measure is Measure.BOTH:
            return sorted(p for p, (_, codes) in self.coded.items() if a in codes and b in codes)
        if measure is Measure.STUDIES:
            with_a = {s for s, codes in self.coded.values() if a in codes}
            with_b = {s for s, codes in self.coded.values() if b in codes}
            shared = with_a & with_b
            return sorted(
                p
                for p, (study, codes) in self.coded.items()
                if study in shared and (a in codes or b in codes)
            )
        found: set[int] = set()
        for p, q in self.pairs:
            mine, theirs = self.coded[p][1], self.coded[q][1]
            if (a in mine and b in theirs) or (b in mine and a in theirs):
                found |= {p, q}
        return sorted(found)


# Passages waiting to be placed by hand: their offsets are an earlier text's.
_UNPLACED_IDS = "SELECT id FROM passages WHERE text_check = ?"


def _rows(project: Project, sql: str, parameters: tuple[Any, ...] = ()) -> list[Any]:
    with project.database.reading() as session:
        cursor = session.connection().connection.cursor()
        try:
            return list(cursor.execute(sql, parameters).fetchall())
        finally:
            cursor.close()


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
    wanted = None if study_ids is None else set(study_ids)

    parsed: dict[str, frozenset[int]] = {}
    for passage_id, study_id, combination in _rows(
        project,
        "SELECT c.passage_id, p.study_id, group_concat(c.code_id) FROM codings AS c "
        "JOIN passages AS p ON p.id = c.passage_id GROUP BY c.passage_id",
    ):
        if wanted is not None and study_id not in wanted:
            continue
        if combination not in parsed:
            parsed[combination] = frozenset(
                int(c) for c in combination.split(",") if int(c) in index
            )
        mine = parsed[combination]
        if mine:
            result.coded[passage_id] = (study_id, mine)

    both = [[0] * size for _ in range(size)]
    for mine, count in Counter(codes for _, codes in result.coded.values()).items():
        ordered = sorted(index[c] for c in mine)
        for i in ordered:
            both[i][i] += count
        for i, j in combinations(ordered, 2):
            both[i][j] += count
            both[j][i] += count
    result.both = both

    reported: dict[int, set[int]] = {}
    for study, factor in {(s, c) for s, codes in result.coded.values() for c in codes}:
        reported.setdefault(factor, set()).add(study)
    result.studies = [
        [len(reported.get(a.id, set()) & reported.get(b.id, set())) for b in codes] for a in codes
    ]

    extents: list[Extent] = []
    regions: set[tuple[int, int]] = set()  # (study, page) with a region on it
    coded = result.coded
    # Read apart, so that the extents still come from their covering index alone.
    unplaced = {pid for (pid,) in _rows(project, _UNPLACED_IDS, (UNPLACED,))}
    for sid, sp, so, ep, eo, kind, pid in _rows(
        project,
        "SELECT study_id, start_page, start_offset, end_page, end_offset, kind, id "
        "FROM passages ORDER BY study_id, start_page, start_offset",
    ):
        if pid not in coded or pid in unplaced:
            continue
        if kind == "text" and so is not None and eo is not None:
            extents.append((sid, (sp, so), (ep, eo), pid, kind))
        else:
            extents.append((sid, (sp, -1), (ep, _PAGE_END), pid, kind))
            regions.add((sid, sp))
    # Boxes are read only where a region could meet something.
    near = [
        e[3]
        for e in extents
        if regions and any((e[0], page) in regions for page in range(e[1][0], e[2][0] + 1))
    ]
    boxes: dict[int, list[list[float]]] = {}
    for start in range(0, len(near), 500):
        chunk = near[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        for pid, raw in _rows(
            project, f"SELECT id, boxes FROM passages WHERE id IN ({marks})", tuple(chunk)
        ):
            boxes[pid] = json.loads(raw or "[]")
    result.pairs = overlapping_pairs(extents, boxes)

    overlapping = [[0] * size for _ in range(size)]
    for p_id, q_id in result.pairs:
        cells = {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a in result.coded[p_id][1]
            for b in result.coded[q_id][1]
        }
        for i, j in cells:
            overlapping[i][j] += 1
            if i != j:
                overlapping[j][i] += 1
    result.overlapping = overlapping
    return result
