"""Table 1 of a review: studies down the side, factors across, grouped under their themes.

The workbook's Table 1 sheet is written from a `Table1`; anything that can fill one (this
query, or a richer one) can feed it. A factor under two themes appears under both; a
theme's roll-up counts each passage once, however many of the theme's factors it carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import distinct, func, select

from app.core.reporting.records import StudyRecord, study_records
from app.core.types import Framework
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project


@dataclass(frozen=True)
class Table1Options:
    framework_id: int | None = None  # None: the project's first framework
    included_only: bool = False
    group: str | None = None  # only the studies of this group


@dataclass(frozen=True)
class FactorColumn:
    code_id: int
    name: str


@dataclass(frozen=True)
class ThemeGroup:
    theme_id: int
    name: str
    factors: tuple[FactorColumn, ...]


@dataclass(frozen=True)
class Table1Row:
    record: StudyRecord
    counts: dict[int, int] = field(default_factory=dict)  # factor id -> passages
    theme_counts: dict[int, int] = field(default_factory=dict)  # theme id -> passages

    def count(self, code_id: int) -> int:
        return self.counts.get(code_id, 0)

    def theme_count(self, theme_id: int) -> int:
        return self.theme_counts.get(theme_id, 0)


@dataclass(frozen=True)
class Table1:
    framework: Framework | None
    groups: tuple[ThemeGroup, ...]
    rows: tuple[Table1Row, ...]


def selected_records(project: Project, options: Table1Options) -> list[StudyRecord]:
    records = study_records(project)
    if options.included_only:
        records = [r for r in records if r.status == "included"]
    if options.group:
        records = [r for r in records if r.group == options.group]
    return records


def table1(project: Project, options: Table1Options | None = None) -> Table1:
    options = options or Table1Options()
    frameworks = project.frameworks.list()
    framework = next(
        (f for f in frameworks if options.framework_id in (None, f.id)),
        None,
    )
    records = selected_records(project, options)
    if framework is None:
        return Table1(None, (), tuple(Table1Row(r) for r in records))
    codes = {code.id: code for code in project.codebook.list()}
    order = {code_id: index for index, code_id in enumerate(codes)}
    themes = project.frameworks.themes(framework.id)
    mapping = project.frameworks.mapping()
    groups = []
    for theme in themes:
        members = sorted(
            (cid for cid, tids in mapping.items() if theme.id in tids and cid in codes),
            key=lambda cid: order[cid],
        )
        groups.append(
            ThemeGroup(
                theme.id,
                theme.name,
                tuple(FactorColumn(cid, codes[cid].name) for cid in members),
            )
        )
    counts, theme_counts = _counts(project, [r.study.id for r in records], [t.id for t in themes])
    rows = tuple(
        Table1Row(r, counts.get(r.study.id, {}), theme_counts.get(r.study.id, {})) for r in records
    )
    return Table1(framework, tuple(groups), rows)


def _counts(
    project: Project, study_ids: Sequence[int], theme_ids: Sequence[int]
) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, int]]]:
    """Per study: passages per factor, and distinct passages per theme (one query each)."""
    p, c, ct = models.Passage, models.Coding, models.CodeTheme
    by_code: dict[int, dict[int, int]] = {}
    by_theme: dict[int, dict[int, int]] = {}
    if not study_ids:
        return by_code, by_theme
    with project.database.reading() as session:
        rows = session.execute(
            select(p.study_id, c.code_id, func.count(distinct(p.id)))
            .join(c, c.passage_id == p.id)
            .where(p.study_id.in_(study_ids))
            .group_by(p.study_id, c.code_id)
        ).all()
        for study_id, code_id, n in rows:
            by_code.setdefault(study_id, {})[code_id] = int(n)
        if theme_ids:
            rows = session.execute(
                select(p.study_id, ct.theme_id, func.count(distinct(p.id)))
                .join(c, c.passage_id == p.id)
                .join(ct, ct.code_id == c.code_id)
                .where(p.study_id.in_(study_ids), ct.theme_id.in_(theme_ids))
                .group_by(p.study_id, ct.theme_id)
            ).all()
            for study_id, theme_id, n in rows:
                by_theme.setdefault(study_id, {})[theme_id] = int(n)
    return by_code, by_theme
