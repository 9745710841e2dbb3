"""The numbers each chart draws, taken from Table 1 so the two always agree."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.synthesis.grid import SHARED_MARK
from app.core.synthesis.table1 import Table1


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]
    colour: str


@dataclass
class BarChart:
    title: str
    series: tuple[str, ...]  # what each value of a bar counts
    bars: list[Bar] = field(default_factory=list)
    note: str = ""


@dataclass
class HeatMap:
    title: str
    rows: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)  # per column: its theme's colour
    bands: list[tuple[int, int, str, str]] = field(
        default_factory=list
    )  # first, size, name, colour
    values: list[list[int]] = field(default_factory=list)


Chart = BarChart | HeatMap


def factors_chart(table: Table1) -> BarChart:
    """Each factor once, with how many studies report it and how many passages it has."""
    chart = BarChart("Factors by studies and passages", ("Studies", "Passages"))
    seen: set[int] = set()
    for index, column in enumerate(table.columns):
        if column.code_id in seen:
            continue
        seen.add(column.code_id)
        studies = sum(1 for row in table.rows if row.counts[index])
        passages = sum(row.counts[index] for row in table.rows)
        chart.bars.append(Bar(column.name, (studies, passages), column.colour))
    chart.bars.sort(key=lambda bar: (-bar.values[0], -bar.values[1], bar.label.casefold()))
    chart.note = f"{len(table.rows)} studies"
    return chart


def themes_chart(table: Table1) -> BarChart:
    chart = BarChart("Themes by studies", ("Studies",))
    for group, count in zip(table.groups, table.theme_studies(), strict=True):
        chart.bars.append(Bar(group.name, (count,), group.colour))
    chart.note = f"of {len(table.rows)} studies"
    return chart


def heat_map(table: Table1) -> HeatMap:
    chart = HeatMap("Studies by factor (coded passages)")
    chart.rows = [row.citation for row in table.rows]
    chart.columns = [
        f"{SHARED_MARK} {column.name}" if column.marked else column.name for column in table.columns
    ]
    for group in table.groups:
        chart.bands.append((group.first, group.size, group.name, group.colour))
        chart.colours.extend([group.colour] * group.size)
    chart.values = [list(row.counts) for row in table.rows]
    return chart
