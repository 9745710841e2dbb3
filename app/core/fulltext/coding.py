"""Coding every hit of a search: which hits would become passages, and which are coded already."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.passages import Passages, TextSpan
from app.core.types import Hit


@dataclass(frozen=True)
class CodingPlan:
    """What coding a set of hits with one factor would do."""

    code_id: int
    new: tuple[TextSpan, ...]  # passages to make
    already: tuple[Hit, ...]  # hits that are already a passage with this factor


def hit_span(hit: Hit, code_ids: tuple[int, ...] = ()) -> TextSpan:
    return TextSpan(hit.study_id, hit.page, hit.start, hit.last_page, hit.end, code_ids)


Extent = tuple[int, int, int | None, int, int | None]  # study, start page, offset, end page, offset


def hit_extent(hit: Hit) -> Extent:
    return (hit.study_id, hit.page, hit.start, hit.last_page, hit.end)


def coded_extents(passages: Passages, code_id: int) -> set[Extent]:
    """Where the passages coded with a factor lie on their study's pages now. A passage
    waiting to be placed by hand lies nowhere yet: its offsets are an earlier text's, and
    whatever now sits there is not coded."""
    return {
        (p.study_id, p.start_page, p.start_offset, p.end_page, p.end_offset)
        for p in passages.list(code_id=code_id)
        if p.placed
    }


def plan_coding(passages: Passages, hits: Iterable[Hit], code_id: int) -> CodingPlan:
    """A hit that is already a passage coded with the factor is left alone; one hit found
    twice is coded once."""
    existing = coded_extents(passages, code_id)
    new: dict[Extent, TextSpan] = {}
    already: list[Hit] = []
    for hit in hits:
        key = hit_extent(hit)
        if key in existing:
            already.append(hit)
        else:
            new.setdefault(key, hit_span(hit, (code_id,)))
    return CodingPlan(code_id, tuple(new.values()), tuple(already))
