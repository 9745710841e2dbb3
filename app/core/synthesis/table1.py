"""Table 1: studies by factors, the factors grouped under the themes of a framework.

    table = table1(project, framework_id, statuses=("included",))
    table.columns[i].name, table.groups[g].name, table.rows[r].counts[i]

A plain value an exporter can write as it is (the workbook's "Table 1" sheet) and the window
shows. A cell counts the distinct passages of the study coded with the factor (with its
sub-factors, unless asked not to); a factor under two themes is a column under each, marked
with the other theme. The roll-up counts, per study and theme, the distinct passages
coded with any factor of the theme. Factors under no theme of the framework come last,
under "No theme", unless left out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.synthesis.codes import descendants
from app.core.synthesis.facets import RECORD_COLUMNS
from app.core.types import Framework

if TYPE_CHECKING:
    from app.core.project import Project

NO_THEME = "No theme"


@dataclass(frozen=True)
class FactorColumn:
    code_id: int
    name: str
    colour: str
    theme_id: int | None  # the theme this column sits under (None: no theme)
    also_under: tuple[str, ...] = ()  # the factor's other themes in this framework

    @property
    def marked(self) -> bool:
        return bool(self.also_under)


@dataclass(frozen=True)
class ThemeGroup:
    theme_id: int | None
    name: str
    colour: str
    first: int  # its columns are columns[first:first + size]
    size: int


@dataclass(frozen=True)
class StudyRow:
    study_id: int
    citation: str
    record: tuple[str, ...]  # design, sample, country (RECORD_HEADERS)
    counts: tuple[int, ...]  # passages per column
    themes: tuple[int, ...]  # passages per theme group (the roll-up)


RECORD_HEADERS = tuple(name for name, _ in RECORD_COLUMNS)


@dataclass
class Table1:
    framework: Framework | None
    columns: list[FactorColumn] = field(default_factory=list)
    groups: list[ThemeGroup] = field(default_factory=list)
    rows: list[StudyRow] = field(default_factory=list)
    subfactors: bool = True
    record_headers: tuple[str, ...] = RECORD_HEADERS

    def column_studies(self) -> list[int]:
        """Per column: how many studies report the factor."""
        return [sum(1 for row in self.rows if row.counts[i]) for i in range(len(self.columns))]

    def theme_studies(self) -> list[int]:
        """Per theme group: how many studies report any of its factors."""
        return [sum(1 for row in self.rows if row.themes[g]) for g in range(len(self.groups))]


def table1(
    project: Project,
    framework_id: int | None = None,
    statuses: Collection[str] = (),
    groups: Collection[str] = (),
    subfactors: bool = True,
    unthemed: bool = True,
) -> Table1:
    """The matrix for one framework (the first when not given) over the studies with the
    given statuses and groups (all when none are given)."""
    frameworks = project.frameworks.list()
    framework = next((f for f in frameworks if f.id == framework_id), None)
    if framework is None and framework_id is None and frameworks:
        framework = frameworks[0]
    codes = project.codebook.list()
    themes = project.frameworks.themes(framework.id) if framework is not None else []
    mapping = project.frameworks.mapping()
    theme_names = {theme.id: theme.name for theme in themes}
    table = Table1(framework, subfactors=subfactors)
    placed: set[int] = set()
    for theme in themes:
        members = [code for code in codes if theme.id in mapping.get(code.id, [])]
        table.groups.append(
            ThemeGroup(theme.id, theme.name, theme.colour, len(table.columns), len(members))
        )
        for code in members:
            others = tuple(
                theme_names[t]
                for t in mapping.get(code.id, [])
                if t in theme_names and t != theme.id
            )
            table.columns.append(FactorColumn(code.id, code.name, code.colour, theme.id, others))
            placed.add(code.id)
    rest = [code for code in codes if code.id not in placed]
    if unthemed and rest:
        table.groups.append(ThemeGroup(None, NO_THEME, "#888888", len(table.columns), len(rest)))
        table.columns.extend(FactorColumn(c.id, c.name, c.colour, None) for c in rest)

    tree = descendants(codes)
    # Which columns (and theme groups) a coding with each factor counts towards.
    columns_of: dict[int, set[int]] = {}
    for index, column in enumerate(table.columns):
        for code_id in (
            tree.get(column.code_id, {column.code_id}) if subfactors else {column.code_id}
        ):
            columns_of.setdefault(code_id, set()).add(index)
    group_of = [0] * len(table.columns)
    for number, group in enumerate(table.groups):
        for index in range(group.first, group.first + group.size):
            group_of[index] = number

    records = project.study_facets.records()
    chosen = project.study_facets.select(statuses, groups)
    counts: dict[int, list[int]] = {}
    rollup: dict[int, list[int]] = {}
    for record in records:
        if chosen is None or record.study_id in chosen:
            counts[record.study_id] = [0] * len(table.columns)
            rollup[record.study_id] = [0] * len(table.groups)
    # Each passage once, with the factors it carries; passages carrying the same factors
    # count alike, so the columns and themes of each combination are worked out once.
    reached: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    for study_id, combination, passages in coded_combinations(project):
        cells = counts.get(study_id)
        if cells is None:
            continue
        if combination not in reached:
            hit: set[int] = set()
            for factor in combination.split(","):
                hit |= columns_of.get(int(factor), set())
            reached[combination] = (tuple(hit), tuple({group_of[index] for index in hit}))
        indexes, numbers = reached[combination]
        themes_row = rollup[study_id]
        for index in indexes:
            cells[index] += passages
        for number in numbers:
            themes_row[number] += passages
    for record in records:
        if record.study_id in counts:
            table.rows.append(
                StudyRow(
                    record.study_id,
                    record.label,
                    record.columns,
                    tuple(counts[record.study_id]),
                    tuple(rollup[record.study_id]),
                )
            )
    return table


def coded_combinations(project: Project) -> list[tuple[int, str, int]]:
    """(study, its factors as "3,7,12", passages) for each combination of factors some
    passages of a study carry: every coded passage counted once."""
    sql = (
        "SELECT study_id, codes, COUNT(*) FROM ("
        "SELECT p.study_id AS study_id, group_concat(c.code_id) AS codes "
        "FROM passages AS p JOIN codings AS c ON c.passage_id = p.id GROUP BY p.id"
        ") GROUP BY study_id, codes"
    )
    with project.database.reading() as session:
        cursor = session.connection().connection.cursor()
        try:
            return [(int(a), str(b), int(c)) for a, b, c in cursor.execute(sql).fetchall()]
        finally:
            cursor.close()
