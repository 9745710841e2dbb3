"""A study's record as the exports print it: citation, design, sample, country, screening.

Every export (the workbook's Table 1 and Studies sheets, the REFI-QDA cases) takes its record
columns from here, so that a new record field shows up everywhere at once.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.errors import CoreError, NotFound
from app.core.types import StudyInfo
from app.store.models import Study, StudyAttribute

if TYPE_CHECKING:
    from app.core.project import Project

SCREENING_STATES = ("undecided", "included", "excluded")

# Attribute names researchers use for the columns Table 1 prints beside each citation,
# compared without case, spaces or punctuation.
_ALIASES: dict[str, tuple[str, ...]] = {
    "design": ("design", "studydesign", "method", "methods", "methodology"),
    "sample": ("sample", "samplesize", "n", "participants"),
    "country": ("country", "countries", "setting", "location"),
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


@dataclass(frozen=True)
class StudyRecord:
    study: StudyInfo
    status: str = "undecided"  # included, excluded or undecided
    reason: str = ""
    group: str = ""
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        return self.study.label

    def lookup(self, what: str) -> str:
        """An attribute by its role ("design", "sample", "country"), whatever its spelling."""
        wanted = _ALIASES.get(what, (_key(what),))
        keyed = {_key(name): value for name, value in self.attributes.items()}
        return next((keyed[alias] for alias in wanted if keyed.get(alias)), "")

    def role_names(self) -> set[str]:
        """The attributes that `lookup` serves, so a listing does not print them twice."""
        names = {alias for aliases in _ALIASES.values() for alias in aliases}
        return {name for name in self.attributes if _key(name) in names}


@dataclass(frozen=True)
class RecordColumn:
    header: str
    value: Callable[[StudyRecord], str | int]


# The columns of a study's record, in the order the Studies sheet prints them; attributes
# follow, one column each.
RECORD_COLUMNS: tuple[RecordColumn, ...] = (
    RecordColumn("Citation", lambda r: r.citation),
    RecordColumn("Study", lambda r: r.study.name),
    RecordColumn("File", lambda r: r.study.filename),
    RecordColumn("Design", lambda r: r.lookup("design")),
    RecordColumn("Sample", lambda r: r.lookup("sample")),
    RecordColumn("Country", lambda r: r.lookup("country")),
    RecordColumn("Status", lambda r: r.status),
    RecordColumn("Reason", lambda r: r.reason),
    RecordColumn("Group", lambda r: r.group),
    RecordColumn("Pages", lambda r: r.study.page_count),
    RecordColumn("Passages", lambda r: r.study.passage_count),
)

# What Table 1 prints beside each citation.
TABLE1_COLUMNS: tuple[RecordColumn, ...] = (
    RecordColumn("Design", lambda r: r.lookup("design")),
    RecordColumn("Sample", lambda r: r.lookup("sample")),
    RecordColumn("Country", lambda r: r.lookup("country")),
)


def study_records(
    project: Project, study_ids: Sequence[int] | None = None
) -> builtins.list[StudyRecord]:
    """Records of the given studies (all by default), in the project's study order."""
    studies = project.studies.list()
    if study_ids is not None:
        wanted = set(study_ids)
        studies = [s for s in studies if s.id in wanted]
    with project.database.reading() as session:
        screening = {
            sid: (status, reason, group)
            for sid, status, reason, group in session.execute(
                select(Study.id, Study.screening, Study.screening_reason, Study.study_group)
            ).all()
        }
        attributes: dict[int, dict[str, str]] = {}
        for sid, name, value in session.execute(
            select(StudyAttribute.study_id, StudyAttribute.name, StudyAttribute.value).order_by(
                StudyAttribute.id
            )
        ).all():
            attributes.setdefault(sid, {})[name] = value
    records = []
    for study in studies:
        status, reason, group = screening.get(study.id, ("undecided", "", ""))
        records.append(
            StudyRecord(study, status or "undecided", reason, group, attributes.get(study.id, {}))
        )
    return records


def attribute_names(records: Sequence[StudyRecord]) -> builtins.list[str]:
    """Every attribute name in use, in order of first appearance."""
    return list(dict.fromkeys(name for record in records for name in record.attributes))


def groups(project: Project) -> builtins.list[str]:
    """The study groups in use ("group (a)", "group (b)"), sorted."""
    with project.database.reading() as session:
        found = session.scalars(select(Study.study_group).distinct()).all()
    return sorted(g for g in found if g)


def set_screening(
    project: Project, study_id: int, status: str, reason: str = "", group: str = ""
) -> None:
    """Record a study's screening decision, its reason and its group."""
    project.require_writable()
    if status not in SCREENING_STATES:
        raise CoreError(f"{status!r} is not a screening decision ({', '.join(SCREENING_STATES)}).")
    with project.database.transaction() as session:
        study = session.get(Study, study_id)
        if study is None:
            raise NotFound(f"No study with id {study_id} in this project.")
        study.screening, study.screening_reason, study.study_group = status, reason, group
    project.studies.emit("studies", study_id=study_id)


@dataclass(frozen=True)
class ExchangedField:
    """A record field that travels to other QDA tools as a case variable."""

    name: str
    get: Callable[[StudyRecord], str]


# Screening travels only when decided, so a project that never screened adds no variables.
EXCHANGED_FIELDS: tuple[ExchangedField, ...] = (
    ExchangedField("Screening", lambda r: "" if r.status == "undecided" else r.status),
    ExchangedField("Screening reason", lambda r: r.reason),
    ExchangedField("Study group", lambda r: r.group),
)


def apply_exchanged(project: Project, study_id: int, values: dict[str, str]) -> dict[str, str]:
    """Set the record fields among `values` (variable name -> text); returns the rest,
    which are ordinary attributes."""
    names = {f.name for f in EXCHANGED_FIELDS}
    status = values.get("Screening", "").strip().lower()
    reason = values.get("Screening reason", "")
    group = values.get("Study group", "")
    if status in SCREENING_STATES or reason or group:
        set_screening(
            project, study_id, status if status in SCREENING_STATES else "undecided", reason, group
        )
    elif status:
        return {k: v for k, v in values.items() if k not in names or k == "Screening"}
    return {k: v for k, v in values.items() if k not in names}
