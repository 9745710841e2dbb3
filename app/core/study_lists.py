"""The project's editable lists for screening: groups of studies and reasons for exclusion,
and the order of those lists and of the attributes (the order tables, PRISMA and exports
show them in)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import CoreError, NotFound
from app.core.record_types import Group, Reason
from app.core.service import Service
from app.store import models


@dataclass(frozen=True)
class GroupSnapshot:
    """A deleted group and its members, for undo."""

    group: Group
    members: tuple[int, ...]


def _pairs(rows: Iterable[Any]) -> dict[Any, Any]:
    """Two-column query results as a dict."""
    return {key: value for key, value in rows}


def _clean(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise CoreError(f"A {what} needs a name.")
    return name


ORDERED: dict[str, type[models.StudyGroup | models.ExclusionReason | models.AttributeDef]] = {
    "groups": models.StudyGroup,
    "reasons": models.ExclusionReason,
    "attributes": models.AttributeDef,
}


class StudyLists(Service):
    # --- order -------------------------------------------------------------------------------

    def reorder(self, which: str, ids: Sequence[int]) -> builtins.list[int]:
        """Put the groups, reasons or attributes in the order of `ids` (every one of them,
        once); returns the order they had, for undo."""
        self._writable()
        model = ORDERED.get(which)
        if model is None:
            raise CoreError(f"Only {', '.join(ORDERED)} can be put in order, not {which!r}.")
        with self.database.transaction() as session:
            rows: Sequence[Any] = session.scalars(
                select(model).order_by(model.position, model.id)
            ).all()
            before = [row.id for row in rows]
            if sorted(ids) != sorted(before):
                raise CoreError(f"The new order must name each of the {which} once.")
            by_id = {row.id: row for row in rows}
            for position, row_id in enumerate(ids):
                by_id[row_id].position = position
        self.emit("studies")
        return before

    # --- groups ----------------------------------------------------------------------------

    def groups(self) -> builtins.list[Group]:
        with self.database.reading() as session:
            counts = _pairs(
                session.execute(
                    select(models.GroupMember.group_id, func.count()).group_by(
                        models.GroupMember.group_id
                    )
                )
            )
            rows = session.scalars(
                select(models.StudyGroup).order_by(models.StudyGroup.position, models.StudyGroup.id)
            ).all()
            return [Group(g.id, g.guid, g.name, g.position, counts.get(g.id, 0)) for g in rows]

    def add_group(self, name: str) -> Group:
        self._writable()
        name = _clean(name, "group")
        with self.database.transaction() as session:
            self._unique(session, models.StudyGroup, name, "group")
            position = session.scalar(
                select(func.coalesce(func.max(models.StudyGroup.position), -1))
            )
            row = models.StudyGroup(name=name, position=int(position or 0) + 1)
            session.add(row)
            session.flush()
            group = Group(row.id, row.guid, row.name, row.position)
        self.emit("studies")
        return group

    def rename_group(self, group_id: int, name: str) -> str:
        """Returns the previous name."""
        self._writable()
        name = _clean(name, "group")
        with self.database.transaction() as session:
            row = self._group(session, group_id)
            if row.name != name:
                self._unique(session, models.StudyGroup, name, "group")
            previous, row.name = row.name, name
        self.emit("studies")
        return previous

    def delete_group(self, group_id: int) -> GroupSnapshot:
        """Remove a group; its studies stay, outside it."""
        self._writable()
        with self.database.transaction() as session:
            row = self._group(session, group_id)
            members = tuple(
                session.scalars(
                    select(models.GroupMember.study_id).where(
                        models.GroupMember.group_id == group_id
                    )
                ).all()
            )
            snapshot = GroupSnapshot(Group(row.id, row.guid, row.name, row.position), members)
            session.delete(row)
        self.emit("studies")
        return snapshot

    def restore_group(self, snapshot: GroupSnapshot) -> None:
        self._writable()
        g = snapshot.group
        with self.database.transaction() as session:
            session.add(models.StudyGroup(id=g.id, guid=g.guid, name=g.name, position=g.position))
            session.flush()
            existing = set(session.scalars(select(models.Study.id)).all())
            for study_id in snapshot.members:
                if study_id in existing:
                    session.add(models.GroupMember(study_id=study_id, group_id=g.id))
        self.emit("studies")

    # --- exclusion reasons -----------------------------------------------------------------

    def reasons(self) -> builtins.list[Reason]:
        with self.database.reading() as session:
            counts = _pairs(
                session.execute(
                    select(models.Study.exclusion_reason_id, func.count())
                    .where(models.Study.exclusion_reason_id.is_not(None))
                    .group_by(models.Study.exclusion_reason_id)
                )
            )
            rows = session.scalars(
                select(models.ExclusionReason).order_by(
                    models.ExclusionReason.position, models.ExclusionReason.id
                )
            ).all()
            return [Reason(r.id, r.name, r.position, counts.get(r.id, 0)) for r in rows]

    def add_reason(self, name: str) -> Reason:
        self._writable()
        name = _clean(name, "reason")
        with self.database.transaction() as session:
            self._unique(session, models.ExclusionReason, name, "reason")
            position = session.scalar(
                select(func.coalesce(func.max(models.ExclusionReason.position), -1))
            )
            row = models.ExclusionReason(name=name, position=int(position or 0) + 1)
            session.add(row)
            session.flush()
            reason = Reason(row.id, row.name, row.position)
        self.emit("studies")
        return reason

    def rename_reason(self, reason_id: int, name: str) -> str:
        """Returns the previous name; every study excluded for it reads the new one."""
        self._writable()
        name = _clean(name, "reason")
        with self.database.transaction() as session:
            row = self._reason(session, reason_id)
            if row.name != name:
                self._unique(session, models.ExclusionReason, name, "reason")
            previous, row.name = row.name, name
        self.emit("studies")
        return previous

    def delete_reason(self, reason_id: int) -> Reason:
        """Remove a reason no study is excluded for; returns it, for undo."""
        self._writable()
        with self.database.transaction() as session:
            row = self._reason(session, reason_id)
            used = session.scalar(
                select(func.count()).where(models.Study.exclusion_reason_id == reason_id)
            )
            if used:
                studies = "study is" if used == 1 else "studies are"
                raise CoreError(
                    f"{used} {studies} excluded for {row.name!r}: give them another reason "
                    "before deleting it, or rename it instead."
                )
            reason = Reason(row.id, row.name, row.position)
            session.delete(row)
        self.emit("studies")
        return reason

    def restore_reason(self, reason: Reason) -> None:
        self._writable()
        with self.database.transaction() as session:
            session.add(
                models.ExclusionReason(id=reason.id, name=reason.name, position=reason.position)
            )
        self.emit("studies")

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _group(session: Session, group_id: int) -> models.StudyGroup:
        row = session.get(models.StudyGroup, group_id)
        if row is None:
            raise NotFound(f"No group with id {group_id}.")
        return row

    @staticmethod
    def _reason(session: Session, reason_id: int) -> models.ExclusionReason:
        row = session.get(models.ExclusionReason, reason_id)
        if row is None:
            raise NotFound(f"No exclusion reason with id {reason_id}.")
        return row

    @staticmethod
    def _unique(
        session: Session,
        model: type[models.StudyGroup] | type[models.ExclusionReason],
        name: str,
        what: str,
    ) -> None:
        names = {n.casefold() for n in session.scalars(select(model.name)).all()}
        if name.casefold() in names:
            raise CoreError(f"There is already a {what} called {name!r}.")
