"""Highlights made in other PDF readers (Zotero, Acrobat, Preview) as passages.

Each highlight or underline becomes a passage over the characters it covers, its comment
the passage memo. Which factor a highlight gets follows its colour, through a table the
researcher keeps in the project ("yellow is Education, red is skipped"); highlights that
Habitus itself wrote name their factors and need no table. Sticky notes go to the study
memo with their page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.passage_import import IncomingPassage, add_passages, canonical_guid, existing_guids
from app.core.types import TEXT_OK, Passage, Word

if TYPE_CHECKING:
    from app.core.project import Project

TABLE_KEY = "annotation_colours"
SKIP = "skip"  # a colour whose highlights are not imported
NO_FACTOR = ""  # imported as passages without a factor

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom from the displayed top-left


@dataclass(frozen=True)
class Highlight:
    page: int
    kind: str  # "highlight", "underline" or "note"
    colour: str | None
    rects: tuple[Rect, ...]
    comment: str = ""
    name: str = ""
    factor_guids: tuple[str, ...] = ()
    memo: str | None = None  # a memo Habitus wrote apart from the comment
    factor_names: tuple[str, ...] = ()  # the factors' names, where Habitus wrote them


@dataclass
class HighlightReport:
    passages: int = 0
    present: int = 0  # already in the study
    skipped_colour: int = 0  # their colour is set to be skipped
    empty: int = 0  # covering no text and no area
    notes: int = 0  # sticky notes added to the study memo
    uncoded: int = 0  # imported without a factor
    passage_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.passages} passages imported"]
        if self.uncoded:
            parts.append(f"{self.uncoded} of them without a factor")
        if self.present:
            parts.append(f"{self.present} already in the study")
        if self.skipped_colour:
            parts.append(f"{self.skipped_colour} skipped by colour")
        if self.notes:
            parts.append(f"{self.notes} notes added to the study memo")
        if self.empty:
            parts.append(f"{self.empty} covered nothing and were left out")
        return "; ".join(parts) + "."


# --- the colour table --------------------------------------------------------------------------


def colour_table(project: Project) -> dict[str, str]:
    """Colour ("#rrggbb") to a factor guid, NO_FACTOR or SKIP."""
    raw = project.database.meta(TABLE_KEY)
    try:
        table = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {str(k).lower(): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


def set_colour_table(project: Project, table: dict[str, str]) -> None:
    project.require_writable()
    clean = {colour.lower(): target for colour, target in sorted(table.items())}
    with project.database.transaction() as session:
        project.database.set_meta(session, TABLE_KEY, json.dumps(clean))
    project.studies.emit("project")


# --- which characters a highlight covers -------------------------------------------------------


def span_under(words: Sequence[Word], rects: Sequence[Rect]) -> tuple[int, int] | None:
    """(start, end) of the page text under the rectangles: a character counts when at least
    half of its width lies inside a rectangle that covers half its line's height."""
    covered: list[int] = []
    for word in words:
        count = word.end - word.start
        if count <= 0:
            continue
        height = word.bottom - word.top
        per_char = (word.x1 - word.x0) / count
        for x0, top, x1, bottom in rects:
            overlap = min(word.bottom, bottom) - max(word.top, top)
            if overlap < 0.5 * min(height, bottom - top) or overlap <= 0:
                continue
            for k in range(count):
                left = word.x0 + k * per_char
                inside = min(left + per_char, x1) - max(left, x0)
                if inside >= 0.5 * per_char:
                    covered.append(word.start + k)
    if not covered:
        return None
    return min(covered), max(covered) + 1


# --- importing ---------------------------------------------------------------------------------


@dataclass
class _Group:
    """One passage: a highlight, or the pieces of one Habitus wrote across pages."""

    pieces: list[Highlight] = field(default_factory=list)


def _base(name: str) -> str:
    return name.split("#", 1)[0]


def import_highlights(
    project: Project,
    study_id: int,
    highlights: Sequence[Highlight],
    table: dict[str, str] | None = None,
) -> HighlightReport:
    """Make passages of the highlights, as one action."""
    project.require_writable()
    table = colour_table(project) if table is None else table
    report = HighlightReport()
    codes = project.codebook.list()
    by_guid = {code.guid.lower(): code.id for code in codes}
    by_name = {code.name.casefold(): code.id for code in codes}
    pages = project.studies.pages(study_id)
    groups: dict[str, _Group] = {}
    notes: list[str] = []
    for number, mark in enumerate(highlights):
        if mark.kind == "note":
            if mark.comment.strip():
                notes.append(f"Page {mark.page + 1}: {mark.comment.strip()}")
            continue
        if not 0 <= mark.page < len(pages):
            report.empty += 1
            continue
        key = _base(mark.name) if canonical_guid(_base(mark.name)) else f"#{number}"
        groups.setdefault(key, _Group()).pieces.append(mark)
    there = project.passages.list(study_id=study_id)
    known = {p.guid for p in there}  # the study already has these passages
    elsewhere = existing_guids(project, [k for k in groups if not k.startswith("#")]) - known
    spans_there = _existing_spans(there)
    incoming: list[IncomingPassage] = []
    for key, group in groups.items():
        first = group.pieces[0]
        if canonical_guid(key) in known:
            report.present += 1
            continue
        code_ids = tuple(by_guid[g.lower()] for g in first.factor_guids if g.lower() in by_guid)
        if first.factor_guids and len(code_ids) < len(first.factor_guids):
            # Another project's factors: the same names, other guids.
            named = [by_name.get(n.casefold()) for n in first.factor_names]
            code_ids = tuple(dict.fromkeys([*code_ids, *(c for c in named if c is not None)]))
        if not first.factor_guids:
            target = table.get((first.colour or "").lower(), NO_FACTOR)
            if target == SKIP:
                report.skipped_colour += 1
                continue
            if target and target.lower() in by_guid:
                code_ids = (by_guid[target.lower()],)
        memo = first.memo if first.memo is not None else first.comment
        passage = _passage(project, study_id, group.pieces, pages)
        if passage is None:
            report.empty += 1
            continue
        if _signature(passage) in spans_there:
            report.present += 1
            continue
        spans_there.add(_signature(passage))
        passage.code_ids = code_ids
        passage.memo = memo.strip()
        # A copy of a passage in another study of the project gets a guid of its own.
        passage.guid = key if not key.startswith("#") and key not in elsewhere else None
        if not code_ids:
            report.uncoded += 1
        incoming.append(passage)
    made = add_passages(project, incoming)
    report.passages = len(made)
    report.passage_ids = [passage.id for passage in made]
    if notes:
        with project.database.transaction():
            current = project.memos.get("study", study_id)
            added = "\n".join(n for n in notes if n not in current)
            if added:
                project.memos.set("study", study_id, f"{current}\n\n{added}" if current else added)
                report.notes = len(notes)
    return report


def _passage(
    project: Project, study_id: int, pieces: list[Highlight], pages: Sequence[object]
) -> IncomingPassage | None:
    from app.core.types import PageInfo

    spans: list[tuple[int, int, int]] = []
    for piece in sorted(pieces, key=lambda p: p.page):
        info = pages[piece.page]
        assert isinstance(info, PageInfo)
        if info.text_status != TEXT_OK:
            continue
        found = span_under(project.studies.words(study_id, piece.page), piece.rects)
        if found is not None:
            spans.append((piece.page, *found))
    if spans:
        (start_page, start, _), (end_page, _, end) = spans[0], spans[-1]
        return IncomingPassage(study_id, span=(start_page, start, end_page, end))
    piece = pieces[0]
    if not piece.rects:
        return None
    info = pages[piece.page]
    assert isinstance(info, PageInfo)
    rect = (
        max(0.0, min(r[0] for r in piece.rects)),
        max(0.0, min(r[1] for r in piece.rects)),
        min(info.width, max(r[2] for r in piece.rects)),
        min(info.height, max(r[3] for r in piece.rects)),
    )
    if rect[2] - rect[0] < 1 or rect[3] - rect[1] < 1:
        return None
    return IncomingPassage(study_id, page=piece.page, rect=rect)


def _signature(passage: IncomingPassage) -> tuple[object, ...]:
    if passage.span is not None:
        return ("text", *passage.span)
    assert passage.rect is not None
    return ("region", passage.page, *(round(v) for v in passage.rect))


def _existing_spans(passages: Sequence[Passage]) -> set[tuple[object, ...]]:
    found: set[tuple[object, ...]] = set()
    for passage in passages:
        if passage.kind == "text" and passage.start_offset is not None:
            assert passage.end_offset is not None
            found.add(
                (
                    "text",
                    passage.start_page,
                    passage.start_offset,
                    passage.end_page,
                    passage.end_offset,
                )
            )
        elif passage.rect is not None:
            found.add(("region", passage.start_page, *(round(v) for v in passage.rect)))
    return found
