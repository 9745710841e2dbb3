"""The codebook: factors with definitions, colours and a hierarchy."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.orm import Session

from app.core.errors import CoreError, NotFound
from app.core.palette import is_colour, next_colour
from app.core.service import Service
from app.core.types import Code
from app.store import models


def to_code(row: models.Code) -> Code:
    return Code(
        id=row.id,
        guid=row.guid,
        name=row.name,
        definition=row.definition,
        colour=row.colour,
        parent_id=row.parent_id,
        position=row.position,
    )


@dataclass(frozen=True)
class CodeCounts:
    passages: int
    studies: int


class Place(NamedTuple):
    """Where a factor sits: its parent and its index among that parent's children."""

    parent_id: int | None
    index: int


@dataclass(frozen=True)
class CodingRecord:
    id: int
    guid: str
    passage_id: int
    created_at: str


@dataclass(frozen=True)
class CodeSnapshot:
    """Everything a deleted factor held, so that undo puts back the very same one.

    `layout` is every factor's (id, parent, position) before the delete: children moved up
    and siblings renumbered go back exactly where they were.
    """

    code: Code
    created_at: str
    codings: tuple[CodingRecord, ...]
    theme_ids: tuple[int, ...]
    memo: str
    layout: tuple[tuple[int, int | None, int], ...]


@dataclass(frozen=True)
class MergeSnapshot:
    """A merge, reversible: the source as it was and what the target gained."""

    source: CodeSnapshot
    target_id: int
    moved_codings: tuple[int, ...]  # coding ids re-pointed from source to target
    themes_added: tuple[int, ...]
    target_memo: str | None  # the target's memo before the merge; None when untouched


class Codebook(Service):
    def list(self) -> builtins.list[Code]:
        """All factors, parents before children, siblings in their order."""
        with self.database.reading() as session:
            rows = session.scalars(
                select(models.Code).order_by(models.Code.position, models.Code.id)
            ).all()
            codes = [to_code(row) for row in rows]
        return _tree_order(codes)

    def get(self, code_id: int) -> Code:
        with self.database.reading() as session:
            return to_code(self._row(session, code_id))

    def find(self, name: str) -> Code | None:
        """A factor by name, ignoring case and surrounding spaces."""
        wanted = name.strip().casefold()
        return next((code for code in self.list() if code.name.casefold() == wanted), None)

    def add(
        self,
        name: str,
        colour: str | None = None,
        definition: str = "",
        parent_id: int | None = None,
        guid: str | None = None,
    ) -> Code:
        self._writable()
        name = name.strip()
        if not name:
            raise CoreError("A factor needs a name.")
        if colour is not None and not is_colour(colour):
            raise CoreError(f"{colour!r} is not a colour of the form #RRGGBB.")
        with self.database.transaction() as session:
            used = session.scalars(select(models.Code.colour)).all()
            position = session.scalar(
                select(func.coalesce(func.max(models.Code.position), -1)).where(
                    models.Code.parent_id.is_(None)
                    if parent_id is None
                    else models.Code.parent_id == parent_id
                )
            )
            row = models.Code(
                name=name,
                colour=(colour or next_colour(used)).lower(),
                definition=definition,
                parent_id=parent_id,
                position=int(position if position is not None else -1) + 1,
            )
            if guid:
                row.guid = guid
            session.add(row)
            session.flush()
            code = to_code(row)
        self.emit("codes")
        return code

    def update(
        self,
        code_id: int,
        name: str | None = None,
        colour: str | None = None,
        definition: str | None = None,
    ) -> Code:
        self._writable()
        if colour is not None and not is_colour(colour):
            raise CoreError(f"{colour!r} is not a colour of the form #RRGGBB.")
        with self.database.transaction() as session:
            row = self._row(session, code_id)
            if name is not None:
                if not name.strip():
                    raise CoreError("A factor needs a name.")
                row.name = name.strip()
            if colour is not None:
                row.colour = colour.lower()
            if definition is not None:
                row.definition = definition
            code = to_code(row)
        self.emit("codes")
        return code

    def counts(self) -> dict[int, CodeCounts]:
        """Per factor: how many passages carry it, in how many studies."""
        with self.database.reading() as session:
            rows = session.execute(
                select(
                    models.Coding.code_id,
                    func.count(models.Coding.id),
                    func.count(distinct(models.Passage.study_id)),
                )
                .join(models.Passage, models.Passage.id == models.Coding.passage_id)
                .group_by(models.Coding.code_id)
            ).all()
        return {code_id: CodeCounts(int(p), int(s)) for code_id, p, s in rows}

    @staticmethod
    def _row(session: Session, code_id: int) -> models.Code:
        row = session.get(models.Code, code_id)
        if row is None:
            raise NotFound(f"No factor with id {code_id}.")
        return row


def _tree_order(codes: builtins.list[Code]) -> builtins.list[Code]:
    children: dict[int | None, builtins.list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    known = {code.id for code in codes}
    ordered: builtins.list[Code] = []

    def walk(parent: int | None) -> None:
        for child in children.get(parent, []):
            ordered.append(child)
            walk(child.id)

    walk(None)
    # A parent that no longer exists must not hide its children.
    for parent, orphans in children.items():
        if parent is not None and parent not in known:
            for orphan in orphans:
                ordered.append(orphan)
                walk(orphan.id)
    return ordered
