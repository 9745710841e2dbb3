"""User-defined study attributes: text, number, date, or a choice from a list she edits."""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.attribute_values import canonical
from app.core.errors import CoreError, NotFound
from app.core.record_types import ATTRIBUTE_KINDS, FIELD_LABELS, AttributeDef
from app.core.service import Service
from app.store import models


@dataclass(frozen=True)
class AttributeSnapshot:
    """An attribute and every study's value of it, for undo (of a deletion, a retyping)."""

    definition: AttributeDef
    values: tuple[tuple[int, str], ...]  # (study id, value)


def to_def(row: models.AttributeDef) -> AttributeDef:
    return AttributeDef(
        row.id, row.guid, row.name, row.kind, tuple(json.loads(row.choices)), row.position
    )


def _choices(values: Sequence[str]) -> builtins.list[str]:
    return list(dict.fromkeys(" ".join(v.split()) for v in values if v.strip()))


class Attributes(Service):
    def defs(self) -> builtins.list[AttributeDef]:
        with self.database.reading() as session:
            return [to_def(row) for row in self._rows(session)]

    def find(self, name: str) -> AttributeDef | None:
        wanted = name.strip().casefold()
        return next((d for d in self.defs() if d.name.casefold() == wanted), None)

    def define(self, name: str, kind: str = "text", choices: Sequence[str] = ()) -> AttributeDef:
        self._writable()
        name = " ".join(name.split())
        self._check(name, kind)
        with self.database.transaction() as session:
            taken = {n.casefold() for n in session.scalars(select(models.AttributeDef.name))}
            if name.casefold() in taken:
                raise CoreError(f"There is already an attribute called {name!r}.")
            position = session.scalar(
                select(func.coalesce(func.max(models.AttributeDef.position), -1))
            )
            row = models.AttributeDef(
                name=name,
                kind=kind,
                choices=json.dumps(_choices(choices)),
                position=int(position or 0) + 1,
            )
            session.add(row)
            session.flush()
            made = to_def(row)
        self.emit("studies")
        return made

    def change(
        self,
        attribute_id: int,
        name: str | None = None,
        kind: str | None = None,
        choices: Sequence[str] | None = None,
    ) -> AttributeDef:
        """Rename, retype or edit the choices; every value must still fit. Returns the
        definition as it was, for undo."""
        self._writable()
        with self.database.transaction() as session:
            row = self._row(session, attribute_id)
            previous = to_def(row)
            new_name = " ".join((name if name is not None else row.name).split())
            new_kind = kind or row.kind
            new_choices = _choices(choices) if choices is not None else json.loads(row.choices)
            renamed = new_name.casefold() != row.name.casefold()
            self._check(new_name, new_kind, renamed)
            if renamed:
                taken = {n.casefold() for n in session.scalars(select(models.AttributeDef.name))}
                if new_name.casefold() in taken:
                    raise CoreError(f"There is already an attribute called {new_name!r}.")
            values = session.scalars(
                select(models.StudyAttribute).where(
                    models.StudyAttribute.attribute_id == attribute_id
                )
            ).all()
            misfits: builtins.list[str] = []
            for value in values:
                try:
                    value.value = canonical(new_kind, new_name, value.value, new_choices)
                except CoreError:
                    misfits.append(value.value)
            if misfits:
                shown = ", ".join(repr(v) for v in sorted(set(misfits))[:5])
                raise CoreError(
                    f"{len(misfits)} studies have a value of {previous.name} that would not "
                    f"fit ({shown}); change those values first."
                )
            row.name, row.kind, row.choices = new_name, new_kind, json.dumps(new_choices)
        self.emit("studies")
        return previous

    def delete(self, attribute_id: int) -> AttributeSnapshot:
        self._writable()
        with self.database.transaction() as session:
            row = self._row(session, attribute_id)
            values = session.execute(
                select(models.StudyAttribute.study_id, models.StudyAttribute.value).where(
                    models.StudyAttribute.attribute_id == attribute_id
                )
            ).all()
            snapshot = AttributeSnapshot(to_def(row), tuple((s, v) for s, v in values))
            session.delete(row)
        self.emit("studies")
        return snapshot

    def snapshot(self, attribute_id: int) -> AttributeSnapshot:
        """The attribute as it is, with every study's value, before an edit that may
        rewrite the values (a new type stores them in its own form)."""
        with self.database.reading() as session:
            row = self._row(session, attribute_id)
            values = session.execute(
                select(models.StudyAttribute.study_id, models.StudyAttribute.value).where(
                    models.StudyAttribute.attribute_id == attribute_id
                )
            ).all()
            return AttributeSnapshot(to_def(row), tuple((s, v) for s, v in values))

    def put_back(self, snapshot: AttributeSnapshot) -> None:
        """Return an attribute that still exists to a snapshot: name, type, choices and
        each study's value as they were."""
        self._writable()
        d = snapshot.definition
        with self.database.transaction() as session:
            row = self._row(session, d.id)
            row.name, row.kind, row.choices = d.name, d.kind, json.dumps(list(d.choices))
            stored = {
                value.study_id: value
                for value in session.scalars(
                    select(models.StudyAttribute).where(models.StudyAttribute.attribute_id == d.id)
                )
            }
            for study_id, text in snapshot.values:
                if study_id in stored:
                    stored[study_id].value = text
        self.emit("studies")

    def restore(self, snapshot: AttributeSnapshot) -> None:
        self._writable()
        d = snapshot.definition
        with self.database.transaction() as session:
            session.add(
                models.AttributeDef(
                    id=d.id,
                    guid=d.guid,
                    name=d.name,
                    kind=d.kind,
                    choices=json.dumps(list(d.choices)),
                    position=d.position,
                )
            )
            session.flush()
            existing = set(session.scalars(select(models.Study.id)).all())
            for study_id, value in snapshot.values:
                if study_id in existing:
                    session.add(
                        models.StudyAttribute(study_id=study_id, attribute_id=d.id, value=value)
                    )
        self.emit("studies")

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _check(name: str, kind: str, new_name: bool = True) -> None:
        if not name:
            raise CoreError("An attribute needs a name.")
        if new_name and name.casefold() in {label.casefold() for label in FIELD_LABELS.values()} | {
            key.casefold() for key in FIELD_LABELS
        }:
            raise CoreError(f"{name!r} is already a field of every study record.")
        if kind not in ATTRIBUTE_KINDS:
            raise CoreError(f"An attribute is one of {', '.join(ATTRIBUTE_KINDS)}; not {kind!r}.")

    @staticmethod
    def _rows(session: Session) -> builtins.list[models.AttributeDef]:
        return list(
            session.scalars(
                select(models.AttributeDef).order_by(
                    models.AttributeDef.position, models.AttributeDef.id
                )
            ).all()
        )

    @staticmethod
    def _row(session: Session, attribute_id: int) -> models.AttributeDef:
        row = session.get(models.AttributeDef, attribute_id)
        if row is None:
            raise NotFound(f"No attribute with id {attribute_id}.")
        return row
