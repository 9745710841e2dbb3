"""A study's record as the exports print it: citation, design, sample, country, screening.

Every export (the workbook's Table 1 and Studies sheets, the REFI-QDA cases) takes its record
columns from here, so that a new record field shows up everywhere at once. The record itself
is the study's (`app.core.records`); older projects that kept design, sample or country as
attributes of their own are still read by those attributes' names.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.errors import CoreError
from app.core.record_types import EXCLUDED, INCLUDED, UNSCREENED
from app.core.record_types import StudyRecord as Record
from app.core.types import StudyInfo

if TYPE_CHECKING:
    from app.core.project import Project

SCREENING_STATES = (UNSCREENED, INCLUDED, EXCLUDED)
# What other tools and earlier exports call a study not screened yet.
_UNSCREENED_ALIASES = {"undecided", "unscreened", ""}

# Attribute names researchers use for the columns Table 1 prints beside each citation,
# compared without case, spaces or punctuation.
_ALIASES: dict[str, tuple[str, ...]] = {
    "design": ("design", "studydesign", "method", "methods", "methodology"),
    "sample": ("sample", "samplesize", "n", "participants"),
    "country": ("country", "countries", "setting", "location"),
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _sample(record: Record) -> str:
    size = "" if record.sample_size is None else str(record.sample_size)
    if size and record.sample:
        return record.sample if record.sample.startswith(size) else f"{size}, {record.sample}"
    return record.sample or size


@dataclass(frozen=True)
class StudyRecord:
    study: StudyInfo
    record: Record

    @property
    def citation(self) -> str:
        return self.study.label

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def reason(self) -> str:
        return self.record.reason

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(self.record.groups)

    @property
    def group(self) -> str:
        return "; ".join(self.record.groups)

    @property
    def attributes(self) -> dict[str, str]:
        return dict(self.record.attributes)

    def lookup(self, what: str) -> str:
        """A record column by its role ("design", "sample", "country"): the record's own
        field, else an attribute of one of the names researchers give it."""
        own = {"design": self.record.design, "sample": _sample(self.record),
               "country": self.record.country}.get(what, "")  # fmt: skip
        if own:
            return own
        wanted = _ALIASES.get(what, (_key(what),))
        keyed = {_key(name): value for name, value in self.record.attributes.items()}
        return next((keyed[alias] for alias in wanted if keyed.get(alias)), "")

    def role_names(self) -> set[str]:
        """The attributes that `lookup` serves, so a listing does not print them twice."""
        names = {alias for aliases in _ALIASES.values() for alias in aliases}
        return {name for name in self.record.attributes if _key(name) in names}


@dataclass(frozen=True)
class RecordColumn:
    header: str
    value: Callable[[StudyRecord], str | int]


def _number(value: int | None) -> str | int:
    return "" if value is None else value


# The columns of a study's record, in the order the Studies sheet prints them; attributes
# follow, one column each.
RECORD_COLUMNS: tuple[RecordColumn, ...] = (
    RecordColumn("Citation", lambda r: r.citation),
    RecordColumn("Study", lambda r: r.study.name),
    RecordColumn("File", lambda r: r.study.filename),
    RecordColumn("Authors", lambda r: "; ".join(r.record.authors)),
    RecordColumn("Year", lambda r: _number(r.record.year)),
    RecordColumn("Title", lambda r: r.record.title),
    RecordColumn("Journal", lambda r: r.record.journal),
    RecordColumn("Volume", lambda r: r.record.volume),
    RecordColumn("Issue", lambda r: r.record.issue),
    RecordColumn("Journal pages", lambda r: r.record.page_range),
    RecordColumn("DOI", lambda r: r.record.doi),
    RecordColumn("Design", lambda r: r.lookup("design")),
    RecordColumn("Sample size", lambda r: _number(r.record.sample_size)),
    RecordColumn("Sample", lambda r: r.lookup("sample")),
    RecordColumn("Country", lambda r: r.lookup("country")),
    RecordColumn("Setting", lambda r: r.record.setting),
    RecordColumn("Status", lambda r: r.status),
    RecordColumn("Reason", lambda r: r.reason),
    RecordColumn("Groups", lambda r: r.group),
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
    records = {r.id: r for r in project.records.list([s.id for s in studies])}
    return [StudyRecord(study, records[study.id]) for study in studies if study.id in records]


def attribute_names(records: Sequence[StudyRecord]) -> builtins.list[str]:
    """Every attribute name in use, in order of first appearance."""
    return list(dict.fromkeys(name for record in records for name in record.attributes))


def groups(project: Project) -> builtins.list[str]:
    """The project's study groups ("group (a)", "group (b)"), sorted."""
    return sorted(group.name for group in project.records.lists.groups())


def set_screening(
    project: Project, study_id: int, status: str, reason: str = "", group: str = ""
) -> None:
    """Record a study's screening decision, its reason (added to the project's list of
    reasons if new) and its group (made if new)."""
    status = UNSCREENED if status.strip().casefold() in _UNSCREENED_ALIASES else status.strip()
    if status not in SCREENING_STATES:
        raise CoreError(f"{status!r} is not a screening decision ({', '.join(SCREENING_STATES)}).")
    if reason and reason.casefold() not in {
        r.name.casefold() for r in project.records.lists.reasons()
    }:
        project.records.lists.add_reason(reason)
    fields: dict[str, object] = {"status": status, "groups": (group,) if group else ()}
    if status == EXCLUDED:
        fields["reason"] = reason
    project.records.update(study_id, fields, create_groups=True)


@dataclass(frozen=True)
class ExchangedField:
    """A record field that travels to other QDA tools as a case variable."""

    name: str
    get: Callable[[StudyRecord], str]
    key: str = ""  # the record field it sets on the way back ("" for screening)


def _text(value: object) -> str:
    return "" if value is None else str(value)


# Screening travels only when decided, so a project that never screened adds no variables;
# so does each record field, only where it has a value.
EXCHANGED_FIELDS: tuple[ExchangedField, ...] = (
    ExchangedField("Screening", lambda r: "" if r.status == UNSCREENED else r.status),
    ExchangedField("Screening reason", lambda r: r.reason),
    ExchangedField("Study group", lambda r: r.group),
    ExchangedField("Authors", lambda r: "; ".join(r.record.authors), "authors"),
    ExchangedField("Year", lambda r: _text(r.record.year), "year"),
    ExchangedField("Title", lambda r: r.record.title, "title"),
    ExchangedField("Journal", lambda r: r.record.journal, "journal"),
    ExchangedField("Volume", lambda r: r.record.volume, "volume"),
    ExchangedField("Issue", lambda r: r.record.issue, "issue"),
    ExchangedField("Journal pages", lambda r: r.record.page_range, "page_range"),
    ExchangedField("DOI", lambda r: r.record.doi, "doi"),
    ExchangedField("Design", lambda r: r.record.design, "design"),
    ExchangedField("Sample size", lambda r: _text(r.record.sample_size), "sample_size"),
    ExchangedField("Sample", lambda r: r.record.sample, "sample"),
    ExchangedField("Country", lambda r: r.record.country, "country"),
    ExchangedField("Setting", lambda r: r.record.setting, "setting"),
)


def apply_exchanged(project: Project, study_id: int, values: dict[str, str]) -> dict[str, str]:
    """Set the record fields among `values` (variable name -> text); returns the rest,
    which are ordinary attributes. A value a field cannot take (a year that is not a
    number) stays an attribute, so nothing is lost."""
    names = {f.name for f in EXCHANGED_FIELDS}
    rest = {k: v for k, v in values.items() if k not in names}
    status = values.get("Screening", "").strip().casefold()
    reason = values.get("Screening reason", "")
    group = values.get("Study group", "")
    if status in SCREENING_STATES or reason or group:
        set_screening(
            project, study_id, status if status in SCREENING_STATES else UNSCREENED, reason, group
        )
    elif status:
        rest["Screening"] = values["Screening"]
    for field in EXCHANGED_FIELDS:
        value = values.get(field.name, "")
        if not field.key or not value.strip():
            continue
        parsed: object = (
            tuple(a.strip() for a in value.split(";") if a.strip())
            if field.key == "authors"
            else value
        )
        try:
            project.records.update(study_id, {field.key: parsed})
        except CoreError:
            rest[field.name] = value
    return rest
