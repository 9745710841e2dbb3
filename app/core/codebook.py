"""The codebook: factors with definitions, colours and a hierarchy."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

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
    """Where a factor sits: its parent and its row among that parent's children."""

    parent_id: int | None
    row: int


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
        table = models.Code
        with self.database.reading() as session:
            # Columns, not mapped objects: the panels read every factor on each change to
            # the codebook, and a codebook may hold 100,000 of them.
            rows = session.execute(
                select(
                    table.id,
                    table.guid,
                    table.name,
                    table.definition,
                    table.colour,
                    table.parent_id,
                    table.position,
                ).order_by(table.position, table.id)
            ).all()
        return _tree_order([Code(*row) for row in rows])

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
        self.emit("codes", codes=[code.id])
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
        self.emit("codes", codes=[code_id])
        return code

    def coding_count(self, code_id: int) -> int:
        """How many passages carry the factor: what a delete would take away."""
        with self.database.reading() as session:
            self._row(session, code_id)
            return int(
                session.scalar(
                    select(func.count(models.Coding.id)).where(models.Coding.code_id == code_id)
                )
                or 0
            )

    def place(self, code_id: int) -> Place:
        with self.database.reading() as session:
            row = self._row(session, code_id)
            siblings = _siblings(session, row.parent_id)
            return Place(row.parent_id, [s.id for s in siblings].index(code_id))

    def move(self, code_id: int, parent_id: int | None, position: int) -> Place:
        """Put a factor under `parent_id` (None: top level) at row `position` of its children.

        Refuses to nest a factor inside itself or its own sub-factors. Returns where the
        factor was, which is what an undo moves it back to.
        """
        self._writable()
        with self.database.transaction() as session:
            row = self._row(session, code_id)
            if parent_id is not None:
                self._row(session, parent_id)
                if parent_id == code_id or parent_id in _descendants(session, code_id):
                    raise CoreError(f"{row.name!r} cannot be nested inside itself.")
            old_siblings = _siblings(session, row.parent_id)
            was = Place(row.parent_id, [s.id for s in old_siblings].index(code_id))
            _renumber([s for s in old_siblings if s.id != code_id])
            _insert(session, row, parent_id, position)
        self.emit("codes", codes=[code_id])
        return was

    def delete(self, code_id: int) -> CodeSnapshot:
        """Delete a factor with its codings; its children move up to its parent, in its place."""
        self._writable()
        with self.database.transaction() as session:
            snapshot = _snapshot(session, self._row(session, code_id))
            _remove(session, code_id)
        self._emit_snapshot(snapshot)
        return snapshot

    def restore(self, snapshot: CodeSnapshot) -> Code:
        """Put a deleted factor back with its id, guid, codings, themes, memo and children."""
        self._writable()
        with self.database.transaction() as session:
            _restore(session, snapshot)
        self._emit_snapshot(snapshot)
        return self.get(snapshot.code.id)

    def merge(self, source_id: int, target_id: int) -> MergeSnapshot:
        """Fold `source` into `target`: codings, sub-factors, themes and memo; source goes.

        A passage coded with both keeps one coding, the target's.
        """
        self._writable()
        if source_id == target_id:
            raise CoreError("A factor cannot be merged into itself.")
        with self.database.transaction() as session:
            source = self._row(session, source_id)
            target = self._row(session, target_id)
            if target_id in _descendants(session, source_id):
                raise CoreError(
                    f"{source.name!r} cannot be merged into its own sub-factor {target.name!r}."
                )
            snapshot = _snapshot(session, source)
            target_passages = set(_passage_ids(session, target_id))
            moved = tuple(c.id for c in snapshot.codings if c.passage_id not in target_passages)
            if moved:
                session.execute(
                    update(models.Coding)
                    .where(models.Coding.id.in_(moved))
                    .values(code_id=target_id)
                )
            target_themes = set(_theme_ids(session, target_id))
            added = tuple(t for t in snapshot.theme_ids if t not in target_themes)
            for theme_id in added:
                session.add(models.CodeTheme(code_id=target_id, theme_id=theme_id))
            target_memo = _merge_memo(session, target_id, snapshot.memo)
            children = _siblings(session, source_id)
            for child in children:
                _insert(session, child, target_id, len(_siblings(session, target_id)))
            _remove(session, source_id)
        self._emit_snapshot(snapshot, target_id)
        return MergeSnapshot(snapshot, target_id, moved, added, target_memo)

    def unmerge(self, snapshot: MergeSnapshot) -> Code:
        """Undo a merge exactly: the source returns with its codings, children and memo."""
        self._writable()
        with self.database.transaction() as session:
            target_id = snapshot.target_id
            if snapshot.moved_codings:
                session.execute(
                    delete(models.Coding).where(models.Coding.id.in_(snapshot.moved_codings))
                )
            if snapshot.themes_added:
                session.execute(
                    delete(models.CodeTheme).where(
                        models.CodeTheme.code_id == target_id,
                        models.CodeTheme.theme_id.in_(snapshot.themes_added),
                    )
                )
            if snapshot.target_memo is not None:
                _set_memo(session, target_id, snapshot.target_memo)
            _restore(session, snapshot.source)
        self._emit_snapshot(snapshot.source, snapshot.target_id)
        return self.get(snapshot.source.code.id)

    def split(self, code_id: int, passage_ids: Iterable[int], new_name: str) -> Code:
        """Move the chosen passages' codings to a new factor placed after this one.

        The new factor sits under the same themes. Undo is `merge(new.id, code_id)`, whose
        snapshot `unmerge` turns back into the very same split.
        """
        self._writable()
        name = new_name.strip()
        if not name:
            raise CoreError("A factor needs a name.")
        wanted = set(passage_ids)
        with self.database.transaction() as session:
            row = self._row(session, code_id)
            codings = session.scalars(
                select(models.Coding).where(
                    models.Coding.code_id == code_id, models.Coding.passage_id.in_(wanted)
                )
            ).all()
            if not codings:
                raise CoreError(f"None of the chosen passages is coded with {row.name!r}.")
            used = session.scalars(select(models.Code.colour)).all()
            new = models.Code(
                name=name,
                colour=next_colour(used),
                definition="",
                parent_id=row.parent_id,
                position=0,
            )
            session.add(new)
            session.flush()
            siblings = [s for s in _siblings(session, row.parent_id) if s.id != new.id]
            siblings.insert([s.id for s in siblings].index(code_id) + 1, new)
            _renumber(siblings)
            moved = [coding.passage_id for coding in codings]
            for coding in codings:
                coding.code_id = new.id
            theme_ids = _theme_ids(session, code_id)
            for theme_id in theme_ids:
                session.add(models.CodeTheme(code_id=new.id, theme_id=theme_id))
            session.flush()
            code = to_code(new)
        self.emit(
            "codes",
            "passages",
            "frameworks",
            codes=[code_id, code.id],
            passages=moved,
            themes=theme_ids,
        )
        return code

    def counts(self, code_ids: Iterable[int] | None = None) -> dict[int, CodeCounts]:
        """Per factor (of `code_ids`, or all): how many passages carry it, in how many
        studies. A factor without codings is left out."""
        query = (
            select(
                models.Coding.code_id,
                func.count(models.Coding.id),
                func.count(distinct(models.Passage.study_id)),
            )
            .join(models.Passage, models.Passage.id == models.Coding.passage_id)
            .group_by(models.Coding.code_id)
        )
        if code_ids is not None:
            query = query.where(models.Coding.code_id.in_(sorted(set(code_ids))))
        with self.database.reading() as session:
            rows = session.execute(query).all()
        return {code_id: CodeCounts(int(p), int(s)) for code_id, p, s in rows}

    def _emit_snapshot(self, snapshot: CodeSnapshot, target_id: int | None = None) -> None:
        """A factor deleted or restored (merged into `target_id`, or taken back out of it):
        its codings' passages, its themes and memos changed with it."""
        code_id = snapshot.code.id
        codes = [code_id] if target_id is None else [code_id, target_id]
        self.emit(
            "codes",
            "passages",
            "frameworks",
            "memos",
            codes=codes,
            passages=[coding.passage_id for coding in snapshot.codings],
            themes=snapshot.theme_ids,
            memos=[("code", c) for c in codes],
        )

    @staticmethod
    def _row(session: Session, code_id: int) -> models.Code:
        row = session.get(models.Code, code_id)
        if row is None:
            raise NotFound(f"No factor with id {code_id}.")
        return row


# --- structural edits: each helper runs inside the caller's transaction ----------------------


def _parent_is(parent_id: int | None) -> ColumnElement[bool]:
    if parent_id is None:
        return models.Code.parent_id.is_(None)
    return models.Code.parent_id == parent_id


def _siblings(session: Session, parent_id: int | None) -> builtins.list[models.Code]:
    """The children of `parent_id` in display order."""
    return list(
        session.scalars(
            select(models.Code)
            .where(_parent_is(parent_id))
            .order_by(models.Code.position, models.Code.id)
        ).all()
    )


def _renumber(rows: Sequence[models.Code]) -> None:
    for position, row in enumerate(rows):
        row.position = position


def _insert(session: Session, row: models.Code, parent_id: int | None, index: int) -> None:
    session.flush()
    siblings = [s for s in _siblings(session, parent_id) if s.id != row.id]
    siblings.insert(max(0, min(index, len(siblings))), row)
    row.parent_id = parent_id
    _renumber(siblings)
    session.flush()


def _descendants(session: Session, code_id: int) -> set[int]:
    children: dict[int | None, builtins.list[int]] = {}
    for child, parent in session.execute(select(models.Code.id, models.Code.parent_id)):
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    stack = list(children.get(code_id, []))
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def _passage_ids(session: Session, code_id: int) -> builtins.list[int]:
    return list(
        session.scalars(
            select(models.Coding.passage_id).where(models.Coding.code_id == code_id)
        ).all()
    )


def _theme_ids(session: Session, code_id: int) -> builtins.list[int]:
    return list(
        session.scalars(
            select(models.CodeTheme.theme_id).where(models.CodeTheme.code_id == code_id)
        ).all()
    )


def _memo(session: Session, code_id: int) -> models.Memo | None:
    return session.scalar(select(models.Memo).where(models.Memo.code_id == code_id))


def _set_memo(session: Session, code_id: int, text: str) -> None:
    row = _memo(session, code_id)
    if not text:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(models.Memo(code_id=code_id, text=text))
    else:
        row.text = text
    session.flush()


def _merge_memo(session: Session, target_id: int, text: str) -> str | None:
    """Append the source's memo to the target's; returns the target's old memo if changed."""
    if not text:
        return None
    row = _memo(session, target_id)
    before = row.text if row is not None else ""
    _set_memo(session, target_id, f"{before}\n\n{text}" if before else text)
    return before


def _snapshot(session: Session, row: models.Code) -> CodeSnapshot:
    codings = session.scalars(
        select(models.Coding).where(models.Coding.code_id == row.id).order_by(models.Coding.id)
    ).all()
    memo = _memo(session, row.id)
    layout = session.execute(select(models.Code.id, models.Code.parent_id, models.Code.position))
    return CodeSnapshot(
        code=to_code(row),
        created_at=row.created_at,
        codings=tuple(CodingRecord(c.id, c.guid, c.passage_id, c.created_at) for c in codings),
        theme_ids=tuple(_theme_ids(session, row.id)),
        memo=memo.text if memo is not None else "",
        layout=tuple((code_id, parent, position) for code_id, parent, position in layout),
    )


def _remove(session: Session, code_id: int) -> None:
    """Delete a factor; its children take its place in its parent's list."""
    row = session.get(models.Code, code_id)
    assert row is not None
    siblings = _siblings(session, row.parent_id)
    at = [s.id for s in siblings].index(code_id)
    children = _siblings(session, code_id)
    for child in children:
        child.parent_id = row.parent_id
    _renumber(siblings[:at] + children + siblings[at + 1 :])
    # Codings, theme links and the memo go by ON DELETE CASCADE.
    session.delete(row)
    session.flush()


def _restore(session: Session, snapshot: CodeSnapshot) -> None:
    code = snapshot.code
    session.add(
        models.Code(
            id=code.id,
            guid=code.guid,
            name=code.name,
            definition=code.definition,
            colour=code.colour,
            parent_id=code.parent_id,
            position=code.position,
            created_at=snapshot.created_at,
        )
    )
    session.flush()
    passages = set(session.scalars(select(models.Passage.id)).all())
    for coding in snapshot.codings:
        # A passage deleted since cannot take its coding back.
        if coding.passage_id in passages:
            session.add(
                models.Coding(
                    id=coding.id,
                    guid=coding.guid,
                    passage_id=coding.passage_id,
                    code_id=code.id,
                    created_at=coding.created_at,
                )
            )
    themes = set(session.scalars(select(models.Theme.id)).all())
    for theme_id in snapshot.theme_ids:
        if theme_id in themes:
            session.add(models.CodeTheme(code_id=code.id, theme_id=theme_id))
    if snapshot.memo:
        session.add(models.Memo(code_id=code.id, text=snapshot.memo))
    session.flush()
    rows = {row.id: row for row in session.scalars(select(models.Code)).all()}
    for code_id, parent_id, position in snapshot.layout:
        row = rows.get(code_id)
        if row is not None and (parent_id is None or parent_id in rows):
            row.parent_id, row.position = parent_id, position
    session.flush()


def _tree_order(codes: builtins.list[Code]) -> builtins.list[Code]:
    children: dict[int | None, builtins.list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    known = {code.id for code in codes}
    ordered: builtins.list[Code] = []

    def walk(top: builtins.list[Code]) -> None:
        # A stack, not recursion: a codebook may nest factors a thousand levels deep.
        stack = list(reversed(top))
        while stack:
            code = stack.pop()
            ordered.append(code)
            stack.extend(reversed(children.get(code.id, [])))

    walk(children.get(None, []))
    # A parent that no longer exists must not hide its children.
    for parent, orphans in children.items():
        if parent is not None and parent not in known:
            walk(orphans)
    return ordered
