"""Importing references into a project: propose where each goes, then apply as one action.

    plan = propose(project, "refs.ris", references)     # read-only
    result = apply(project, plan)                         # one transaction
    project.records.restore(result.before)                # undo
    project.records.restore(result.after)                 # redo

A reference fills the fields of its study that are empty or only guessed from the PDF; what
the researcher typed stays. A reference with no study becomes a study without full text.
Every reference applied is kept (its fields and fingerprint), so that importing the same
file again adds nothing, and a second reference of a study counts as a duplicate record.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.core.record_types import Reference
from app.core.reference_match import (
    KNOWN,
    NEW,
    REPEAT,
    MatchPlan,
    Proposal,
    plan,
    study_facts,
)
from app.core.study_bundle import EVERYTHING, REFERENCES, STUDY, StudyBundle, capture
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project

SKIP = "skip"
CREATE = "new"
Choice = int | str  # a study id, CREATE or SKIP

FIRST_PAGES = 2


@dataclass
class ReferenceImport:
    source: str
    before: list[StudyBundle] = field(default_factory=list)
    after: list[StudyBundle] = field(default_factory=list)
    matched: int = 0
    created: int = 0
    duplicates: int = 0
    skipped: int = 0
    known: int = 0

    def summary(self) -> str:
        parts = [
            f"{self.matched} matched to studies",
            f"{self.created} new studies without full text",
            f"{self.duplicates} duplicates",
        ]
        if self.known:
            parts.append(f"{self.known} imported before")
        if self.skipped:
            parts.append(f"{self.skipped} not applied")
        return f"{self.source}: " + ", ".join(parts) + "."

    @property
    def changed(self) -> bool:
        return bool(self.after)


def _first_pages(project: Project) -> dict[int, list[str]]:
    with project.database.reading() as session:
        rows = session.execute(
            select(models.Page.study_id, models.Page.text)
            .where(models.Page.page_index < FIRST_PAGES)
            .order_by(models.Page.study_id, models.Page.page_index)
        ).all()
    pages: dict[int, list[str]] = {}
    for study_id, text in rows:
        pages.setdefault(study_id, []).append(text)
    return pages


def propose(project: Project, source: str, references: Sequence[Reference]) -> MatchPlan:
    """Where each reference would go; reads the project, changes nothing."""
    texts = _first_pages(project)
    facts = [study_facts(r, texts.get(r.id, [])) for r in project.records.list()]
    with project.database.reading() as session:
        known = set(session.scalars(select(models.ReferenceRecord.fingerprint)).all())
    return plan(source, references, facts, known)


def default_choice(proposal: Proposal) -> Choice:
    if proposal.method == KNOWN:
        return SKIP
    if proposal.method == NEW:
        return CREATE
    if proposal.study_id is not None:
        return proposal.study_id
    return CREATE


def _fill(record: Any, reference: Reference) -> dict[str, Any]:
    """The reference's fields that go into the study: empty or guessed ones."""
    wanted: dict[str, Any] = {}
    for name, value in reference.record_fields().items():
        current = getattr(record, name)
        if current in ("", None, ()) or name in record.guessed:
            wanted[name] = value
    return wanted


def apply(
    project: Project,
    match: MatchPlan,
    choices: Mapping[int, Choice] | None = None,
    only_sure: bool = False,
) -> ReferenceImport:
    """Apply the plan (with the researcher's `choices` by proposal index, if any); with
    `only_sure`, proposals that need a look are left out (and counted as not applied)."""
    project.require_writable()
    choices = dict(choices or {})
    result = ReferenceImport(match.source)
    decided: dict[int, Choice] = {}
    targets: dict[int, int] = {}  # proposal index -> study id it went to
    with project.database.transaction() as session:
        referenced = set(session.scalars(select(models.ReferenceRecord.study_id)).all())
        touched: dict[int, StudyBundle] = {}
        created: list[int] = []
        for proposal in match.proposals:
            if proposal.method == KNOWN:
                result.known += 1
                continue
            if proposal.method == REPEAT and proposal.repeat_of is not None:
                earlier = decided.get(proposal.repeat_of, SKIP)
                choice = choices.get(proposal.index, earlier)
                if choice == CREATE and proposal.repeat_of in targets:
                    choice = targets[proposal.repeat_of]
            else:
                choice = choices.get(proposal.index, default_choice(proposal))
                if only_sure and not proposal.sure and proposal.index not in choices:
                    choice = SKIP
            decided[proposal.index] = choice
            if choice == SKIP:
                result.skipped += 1
                continue
            reference = proposal.reference
            if choice == CREATE:
                record = project.records.create(fields=reference.record_fields())
                created.append(record.id)
                result.created += 1
                study_id = record.id
            else:
                study_id = int(choice)
                if study_id not in touched and study_id not in created:
                    touched[study_id] = capture(session, study_id, {STUDY, REFERENCES})
                fill = _fill(project.records.get(study_id), reference)
                if fill:
                    project.records.update(study_id, fill)
                if study_id in referenced:
                    result.duplicates += 1
                else:
                    result.matched += 1
            session.add(
                models.ReferenceRecord(
                    study_id=study_id,
                    fingerprint=proposal.fingerprint,
                    source=match.source,
                    duplicate=int(study_id in referenced),
                    data=json.dumps(reference.fields, ensure_ascii=False),
                )
            )
            session.flush()
            referenced.add(study_id)
            targets[proposal.index] = study_id
        result.before = [
            *touched.values(),
            *(StudyBundle(study_id, EVERYTHING, {}, exists=False) for study_id in created),
        ]
        result.after = [
            *(capture(session, study_id, {STUDY, REFERENCES}) for study_id in touched),
            *(capture(session, study_id, EVERYTHING) for study_id in created),
        ]
    return result
