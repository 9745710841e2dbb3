"""What the synthesis views know of a study beyond its text: status, groups, attributes,
and the record columns Table 1 prints beside its citation.

Everything the browser and Table 1 filter on comes through this one small interface over the
studies' records (`app.core.records`), so that the views do not depend on how records are
kept.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from app.core.record_types import StudyRecord as Record
from app.core.records import Records

# Record columns of Table 1. A study's own field wins; else an attribute of one of these
# names (projects that kept design or country as attributes before records had fields).
RECORD_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Design", ("design", "method", "design/method", "study design")),
    ("Sample", ("sample", "sample size", "participants")),
    ("Country", ("country", "countries", "setting")),
)


# Record fields a study can be filtered by, beside the attributes she defines, by the name
# the filters show.
FILTER_FIELDS: dict[str, Callable[[Record], str]] = {
    "Country": lambda r: r.country,
    "Design": lambda r: r.design,
    "Journal": lambda r: r.journal,
    "Setting": lambda r: r.setting,
    "Year": lambda r: "" if r.year is None else str(r.year),
}
_FIELD_KEYS = {name.casefold(): getter for name, getter in FILTER_FIELDS.items()}


def filter_value(record: Record, name: str) -> str:
    """A study's value for a filter name: its record field of that name (any case), else
    its attribute of that name."""
    getter = _FIELD_KEYS.get(name.strip().casefold())
    own = getter(record) if getter is not None else ""
    return own or record.attributes.get(name, "")


@dataclass(frozen=True)
class StudyRecord:
    study_id: int
    label: str  # the citation, else the name
    status: str
    groups: tuple[str, ...]
    columns: tuple[str, ...]  # one value per RECORD_COLUMNS entry, "" when unknown


def _sample(record: Record) -> str:
    size = "" if record.sample_size is None else str(record.sample_size)
    if size and record.sample:
        return record.sample if record.sample.startswith(size) else f"{size}, {record.sample}"
    return record.sample or size


def _columns(record: Record) -> tuple[str, ...]:
    own = (record.design, _sample(record), record.country)
    folded = {name.strip().casefold(): value for name, value in record.attributes.items()}
    return tuple(
        value or next((folded[name] for name in names if folded.get(name)), "")
        for value, (_, names) in zip(own, RECORD_COLUMNS, strict=True)
    )


class StudyFacets:
    def __init__(self, records: Records):
        self._records = records

    def records(self) -> builtins.list[StudyRecord]:
        """Every study, in the project's order."""
        return [
            StudyRecord(r.id, r.label, r.status, tuple(r.groups), _columns(r))
            for r in self._records.list()
        ]

    def statuses(self) -> builtins.list[str]:
        return sorted({record.status for record in self.records() if record.status})

    def groups(self) -> builtins.list[str]:
        return sorted({g for record in self.records() for g in record.groups})

    def attribute_names(self) -> builtins.list[str]:
        """The record fields some study has a value for, then the attributes she defined."""
        records = self._records.list()
        fields = [name for name, getter in FILTER_FIELDS.items() if any(getter(r) for r in records)]
        taken = {name.casefold() for name in fields}
        defined = {d.name for d in self._records.attributes.defs()}
        return fields + sorted((n for n in defined if n.casefold() not in taken), key=str.casefold)

    def attribute_values(self, name: str) -> builtins.list[str]:
        values = {filter_value(r, name) for r in self._records.list()}
        return sorted(values - {""}, key=str.casefold)

    def select(
        self,
        statuses: Collection[str] = (),
        groups: Collection[str] = (),
        attributes: Sequence[tuple[str, str]] = (),
    ) -> set[int] | None:
        """Ids of the studies with one of the statuses, in one of the groups, and having
        each named attribute at one of its given values; None when nothing is asked."""
        if not statuses and not groups and not attributes:
            return None
        wanted: dict[str, set[str]] = {}
        for name, value in attributes:
            wanted.setdefault(name, set()).add(value)
        return {
            r.id
            for r in self._records.list()
            if (not statuses or r.status in statuses)
            and (not groups or set(r.groups) & set(groups))
            and all(filter_value(r, name) in values for name, values in wanted.items())
        }
