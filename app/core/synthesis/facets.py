"""What the synthesis views know of a study beyond its text: status, groups, attributes,
and the record columns Table 1 prints beside its citation.

Everything the browser and Table 1 filter on comes through this one small interface, so
that where these facts are kept can change without touching the views: today the screening
columns of `studies` and the free-form `study_attributes`.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.core.studies import Studies
from app.store.database import Database
from app.store.models import Study, StudyAttribute

# Record columns of Table 1 and the attribute names that fill them (first found wins).
RECORD_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Design", ("design", "method", "design/method", "study design")),
    ("Sample", ("sample", "sample size", "participants")),
    ("Country", ("country", "countries", "setting")),
)


@dataclass(frozen=True)
class StudyRecord:
    study_id: int
    label: str  # the citation, else the name
    status: str
    groups: tuple[str, ...]
    columns: tuple[str, ...]  # one value per RECORD_COLUMNS entry, "" when unknown


class StudyFacets:
    def __init__(self, database: Database, studies: Studies):
        self.database = database
        self._studies = studies

    def records(self) -> builtins.list[StudyRecord]:
        """Every study, in the project's order."""
        infos = self._studies.list()
        with self.database.reading() as session:
            screening = {
                int(sid): (status, group)
                for sid, status, group in session.execute(
                    select(Study.id, Study.screening, Study.study_group)
                ).all()
            }
            attributes: dict[int, dict[str, str]] = {}
            for sid, name, value in session.execute(
                select(StudyAttribute.study_id, StudyAttribute.name, StudyAttribute.value)
            ).all():
                attributes.setdefault(int(sid), {})[name.strip().casefold()] = value
        out: builtins.list[StudyRecord] = []
        for info in infos:
            status, group = screening.get(info.id, ("", ""))
            mine = attributes.get(info.id, {})
            columns = tuple(
                next((mine[name] for name in names if mine.get(name)), "")
                for _, names in RECORD_COLUMNS
            )
            groups = tuple(g for g in [group.strip()] if g)
            out.append(StudyRecord(info.id, info.label, status, groups, columns))
        return out

    def statuses(self) -> builtins.list[str]:
        return sorted({record.status for record in self.records() if record.status})

    def groups(self) -> builtins.list[str]:
        return sorted({g for record in self.records() for g in record.groups})

    def attribute_names(self) -> builtins.list[str]:
        with self.database.reading() as session:
            names = session.scalars(select(StudyAttribute.name).distinct()).all()
        return sorted(set(names), key=str.casefold)

    def attribute_values(self, name: str) -> builtins.list[str]:
        with self.database.reading() as session:
            values = session.scalars(
                select(StudyAttribute.value).where(StudyAttribute.name == name).distinct()
            ).all()
        return sorted({v for v in values if v}, key=str.casefold)

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
        records = self.records()
        chosen = {record.study_id for record in records}
        if statuses or groups:
            chosen &= {
                record.study_id
                for record in records
                if (not statuses or record.status in statuses)
                and (not groups or set(record.groups) & set(groups))
            }
        wanted: dict[str, set[str]] = {}
        for name, value in attributes:
            wanted.setdefault(name, set()).add(value)
        if wanted:
            with self.database.reading() as session:
                rows = session.execute(
                    select(StudyAttribute.study_id, StudyAttribute.name, StudyAttribute.value)
                ).all()
            have: dict[str, set[int]] = {name: set() for name in wanted}
            for sid, name, value in rows:
                if name in wanted and value in wanted[name]:
                    have[name].add(int(sid))
            for ids in have.values():
                chosen &= ids
        return chosen
