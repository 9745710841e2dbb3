"""Study records: the bibliographic and descriptive fields of each study, its screening
status and groups, its attribute values; creating a study without full text; deleting one.

    record = project.records.get(study_id)
    before = project.records.update(study_id, {"year": "2021", "status": "included"})
    project.records.update(study_id, before)        # undo

Every edit returns the values it replaced, in the same form, so that undo is the same call.
Fields are addressed by name: the record fields of `RECORD_FIELDS`, "name", "status",
"reason" (an exclusion reason's name), "groups" (names), "guessed" (fields still guessed)
and "attribute:<name>" for a user-defined attribute.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.attribute_values import canonical
from app.core.attributes import Attributes
from app.core.errors import CoreError, NotFound
from app.core.quote_check import UNPLACED
from app.core.record_fields import coerce
from app.core.record_types import EXCLUDED, RECORD_FIELDS, StudyRecord
from app.core.service import Emit, Service
from app.core.studies import _counts, study_citation, study_citations
from app.core.study_bundle import EVERYTHING, StudyBundle, capture, restore
from app.core.study_lists import StudyLists, _pairs
from app.store import models
from app.store.database import Database

ATTRIBUTE = "attribute:"
# Status before reason: setting a reason makes a study excluded, setting another status
# clears the reason, and the values replaced must be the ones before either.
_ORDER = {"status": 0, "reason": 1}


def _record_value(study: models.Study, field: str) -> Any:
    if field == "authors":
        return tuple(json.loads(study.authors))
    return getattr(study, field)


class Records(Service):
    def __init__(self, database: Database, emit: Emit):
        super().__init__(database, emit)
        self.lists = StudyLists(database, emit)
        self.attributes = Attributes(database, emit)

    # --- reading ---------------------------------------------------------------------------

    def list(self, study_ids: Iterable[int] | None = None) -> builtins.list[StudyRecord]:
        """Records in the studies' order (all of them, or the ones asked for)."""
        with self.database.reading() as session:
            query = select(models.Study).order_by(models.Study.position, models.Study.id)
            if study_ids is not None:
                query = query.where(models.Study.id.in_(list(study_ids)))
            studies = session.scalars(query).all()
            return self._records(session, list(studies))

    def get(self, study_id: int) -> StudyRecord:
        found = self.list([study_id])
        if not found:
            raise NotFound(f"No study with id {study_id} in this project.")
        return found[0]

    def find(self, text: str) -> StudyRecord:
        """A study by id, citation, name, file name or guid (as `habitus study` takes it)."""
        wanted = text.strip()
        records = self.list()
        if wanted.isdigit():
            for record in records:
                if record.id == int(wanted):
                    return record
        folded = wanted.casefold()
        matches = [
            r
            for r in records
            if folded in {r.citation.casefold(), r.name.casefold(), r.guid.casefold()}
            or (r.filename and folded == r.filename.casefold())
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"No study called {wanted!r} (give its id, citation or name).")
        listed = "; ".join(f"{r.id}: {r.label}" for r in matches)
        raise CoreError(f"{wanted!r} names {len(matches)} studies ({listed}): give the id.")

    def _records(
        self, session: Session, studies: builtins.list[models.Study]
    ) -> builtins.list[StudyRecord]:
        ids = [s.id for s in studies]
        if len(ids) == 1:
            # One record (the form, `habitus study`): its own counts and citation only.
            without_text, passages = _counts(session, ids[0])
            cites = {ids[0]: study_citation(session, studies[0])}
        else:
            without_text, passages = _counts(session)
            cites = study_citations(session)
        reasons = _pairs(
            session.execute(select(models.ExclusionReason.id, models.ExclusionReason.name))
        )
        groups: dict[int, builtins.list[str]] = {}
        for study_id, name in session.execute(
            select(models.GroupMember.study_id, models.StudyGroup.name)
            .join(models.StudyGroup, models.StudyGroup.id == models.GroupMember.group_id)
            .where(models.GroupMember.study_id.in_(ids))
            .order_by(models.StudyGroup.position, models.StudyGroup.id)
        ):
            groups.setdefault(study_id, []).append(name)
        attributes: dict[int, dict[str, str]] = {}
        for study_id, name, value in session.execute(
            select(
                models.StudyAttribute.study_id,
                models.AttributeDef.name,
                models.StudyAttribute.value,
            )
            .join(models.AttributeDef, models.AttributeDef.id == models.StudyAttribute.attribute_id)
            .where(models.StudyAttribute.study_id.in_(ids), models.StudyAttribute.value != "")
            .order_by(models.AttributeDef.position, models.AttributeDef.id)
        ):
            attributes.setdefault(study_id, {})[name] = value
        unplaced = _pairs(
            session.execute(
                select(models.Passage.study_id, func.count())
                .where(models.Passage.study_id.in_(ids), models.Passage.text_check == UNPLACED)
                .group_by(models.Passage.study_id)
            )
        )
        return [
            StudyRecord(
                id=s.id,
                guid=s.guid,
                name=s.name,
                filename=s.filename,
                has_pdf=s.sha256 is not None,
                page_count=s.page_count,
                pages_without_text=without_text.get(s.id, 0),
                passage_count=passages.get(s.id, 0),
                citation=cites.get(s.id, ""),
                authors=tuple(json.loads(s.authors)),
                year=s.year,
                title=s.title,
                journal=s.journal,
                volume=s.volume,
                issue=s.issue,
                page_range=s.page_range,
                doi=s.doi,
                design=s.design,
                sample_size=s.sample_size,
                sample=s.sample,
                country=s.country,
                setting=s.setting,
                status=s.screening,
                reason=reasons.get(s.exclusion_reason_id, "") if s.exclusion_reason_id else "",
                groups=tuple(groups.get(s.id, ())),
                attributes=attributes.get(s.id, {}),
                guessed=frozenset(json.loads(s.guessed)),
                unplaced=unplaced.get(s.id, 0),
            )
            for s in studies
        ]

    # --- editing ---------------------------------------------------------------------------

    def update(
        self, study_id: int, changes: Mapping[str, Any], create_groups: bool = False
    ) -> dict[str, Any]:
        """Change fields of one study; returns the values replaced (only those that changed)."""
        return self.update_many({study_id: changes}, create_groups).get(study_id, {})

    def update_many(
        self, changes: Mapping[int, Mapping[str, Any]], create_groups: bool = False
    ) -> dict[int, dict[str, Any]]:
        """Change fields of several studies as one action; returns, per study changed, the
        values replaced. Nothing is saved if any value is refused."""
        self._writable()
        replaced: dict[int, dict[str, Any]] = {}
        with self.database.transaction() as session:
            for study_id, fields in changes.items():
                study = session.get(models.Study, study_id)
                if study is None:
                    raise NotFound(f"No study with id {study_id} in this project.")
                before = self._apply(session, study, fields, create_groups)
                if before:
                    replaced[study_id] = before
        for study_id in replaced:
            self.emit("studies", study_id=study_id)
        return replaced

    def _apply(
        self,
        session: Session,
        study: models.Study,
        fields: Mapping[str, Any],
        create_groups: bool,
    ) -> dict[str, Any]:
        before: dict[str, Any] = {}
        guessed = set(json.loads(study.guessed))
        explicit_guesses: tuple[str, ...] | None = None
        for key in sorted(fields, key=lambda k: _ORDER.get(k, -1)):
            raw = fields[key]
            if key.startswith(ATTRIBUTE):
                self._set_attribute(session, study.id, key[len(ATTRIBUTE) :], raw, before)
            elif key in RECORD_FIELDS or key == "name":
                value = coerce(key, raw)
                current = _record_value(study, key)
                if value != current:
                    before.setdefault(key, current)
                    setattr(study, key, json.dumps(list(value)) if key == "authors" else value)
                guessed.discard(key)
            elif key == "status":
                self._set_status(session, study, coerce(key, raw), before)
            elif key == "reason":
                self._set_reason(session, study, coerce(key, raw), before)
            elif key == "groups":
                self._set_groups(session, study.id, coerce(key, raw), create_groups, before)
            elif key == "guessed":
                explicit_guesses = coerce(key, raw)
            else:
                raise CoreError(f"No study field called {key!r}.")
        now = explicit_guesses if explicit_guesses is not None else tuple(sorted(guessed))
        old = tuple(sorted(json.loads(study.guessed)))
        if now != old:
            before.setdefault("guessed", old)
            study.guessed = json.dumps(list(now))
        return before

    @staticmethod
    def _reason_name(session: Session, reason_id: int | None) -> str:
        if reason_id is None:
            return ""
        row = session.get(models.ExclusionReason, reason_id)
        return "" if row is None else row.name

    def _set_status(
        self, session: Session, study: models.Study, status: str, before: dict[str, Any]
    ) -> None:
        if status != study.screening:
            before.setdefault("status", study.screening)
            study.screening = status
        if status != EXCLUDED and study.exclusion_reason_id is not None:
            before.setdefault("reason", self._reason_name(session, study.exclusion_reason_id))
            study.exclusion_reason_id = None

    def _set_reason(
        self, session: Session, study: models.Study, name: str, before: dict[str, Any]
    ) -> None:
        reason_id = None
        if name:
            reasons = session.execute(
                select(models.ExclusionReason.id, models.ExclusionReason.name)
            ).all()
            reason_id = next((rid for rid, n in reasons if n.casefold() == name.casefold()), None)
            if reason_id is None:
                raise CoreError(
                    f"No exclusion reason called {name!r}: add it to the list of reasons first."
                )
            if study.screening != EXCLUDED:
                before.setdefault("status", study.screening)
                study.screening = EXCLUDED
        if reason_id != study.exclusion_reason_id:
            before.setdefault("reason", self._reason_name(session, study.exclusion_reason_id))
            study.exclusion_reason_id = reason_id

    def _set_groups(
        self,
        session: Session,
        study_id: int,
        names: tuple[str, ...],
        create: bool,
        before: dict[str, Any],
    ) -> None:
        rows = session.scalars(
            select(models.StudyGroup).order_by(models.StudyGroup.position, models.StudyGroup.id)
        ).all()
        by_name = {row.name.casefold(): row for row in rows}
        wanted: builtins.list[int] = []
        for name in names:
            row = by_name.get(name.casefold())
            if row is None:
                if not create:
                    raise CoreError(f"No group called {name!r}: add it to the groups first.")
                position = max((r.position for r in by_name.values()), default=-1) + 1
                row = models.StudyGroup(name=name, position=position)
                session.add(row)
                session.flush()
                by_name[name.casefold()] = row
            wanted.append(row.id)
        current = set(
            session.scalars(
                select(models.GroupMember.group_id).where(models.GroupMember.study_id == study_id)
            ).all()
        )
        if current == set(wanted):
            return
        before.setdefault("groups", tuple(r.name for r in rows if r.id in current))
        session.execute(delete(models.GroupMember).where(models.GroupMember.study_id == study_id))
        for group_id in dict.fromkeys(wanted):
            session.add(models.GroupMember(study_id=study_id, group_id=group_id))
        session.flush()

    def _set_attribute(
        self, session: Session, study_id: int, name: str, raw: Any, before: dict[str, Any]
    ) -> None:
        definitions = session.scalars(select(models.AttributeDef)).all()
        definition = next((d for d in definitions if d.name.casefold() == name.casefold()), None)
        if definition is None:
            raise CoreError(f"No attribute called {name!r}: define it first.")
        value = canonical(
            definition.kind, definition.name, str(raw or ""), json.loads(definition.choices)
        )
        row = session.scalar(
            select(models.StudyAttribute).where(
                models.StudyAttribute.study_id == study_id,
                models.StudyAttribute.attribute_id == definition.id,
            )
        )
        current = "" if row is None else row.value
        if value == current:
            return
        before.setdefault(f"{ATTRIBUTE}{definition.name}", current)
        if row is None:
            session.add(
                models.StudyAttribute(study_id=study_id, attribute_id=definition.id, value=value)
            )
        elif value:
            row.value = value
        else:
            session.delete(row)
        session.flush()

    # --- studies without full text, deleting ----------------------------------------------

    def create(self, name: str = "", fields: Mapping[str, Any] | None = None) -> StudyRecord:
        """A study that is a reference only: its PDF can be attached later."""
        self._writable()
        fields = dict(fields or {})
        with self.database.transaction() as session:
            position = session.scalar(select(func.coalesce(func.max(models.Study.position), -1)))
            title = " ".join(str(fields.get("title", "")).split())
            study = models.Study(
                name=" ".join(name.split()) or title or "Untitled reference",
                filename="",
                sha256=None,
                page_count=0,
                position=int(position or 0) + 1,
            )
            session.add(study)
            session.flush()
            self._apply(session, study, fields, create_groups=True)
            study_id = study.id
        self.emit("studies", study_id=study_id)
        return self.get(study_id)

    def delete(self, study_ids: Iterable[int]) -> builtins.list[StudyBundle]:
        """Delete studies with everything coded in them; returns what undo needs."""
        self._writable()
        bundles: builtins.list[StudyBundle] = []
        with self.database.transaction() as session:
            for study_id in dict.fromkeys(study_ids):
                study = session.get(models.Study, study_id)
                if study is None:
                    raise NotFound(f"No study with id {study_id} in this project.")
                bundles.append(capture(session, study_id, EVERYTHING))
                session.delete(study)
            session.flush()
        for bundle in bundles:
            self.emit("studies", "pages", "passages", "memos", study_id=bundle.study_id)
        return bundles

    def restore(self, bundles: Iterable[StudyBundle]) -> None:
        """Put studies back as bundles kept them (deleted ones come back whole)."""
        self._writable()
        bundles = list(bundles)
        with self.database.transaction() as session:
            for bundle in bundles:
                restore(session, bundle)
        for bundle in bundles:
            self.emit("studies", "pages", "passages", "memos", study_id=bundle.study_id)
