"""The "Factors by theme", "Codebook" and "Studies" sheets."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.workbook import Workbook

from app.core.reporting.coded import CodedPassage
from app.core.reporting.records import RECORD_COLUMNS, StudyRecord, attribute_names
from app.core.types import Code, Theme
from app.exchange.workbook.sheet import (
    Cell,
    Column,
    SheetLayout,
    SheetWriter,
    Value,
    number_or_text,
)


def write_factors_by_theme(
    workbook: Workbook,
    themes: Sequence[Theme],
    codes: Sequence[Code],
    mapping: dict[int, list[int]],
    passages: Sequence[CodedPassage],
    citations: dict[int, str],
) -> SheetWriter:
    """Theme, factor, how many studies (and which) and how many passages carry it."""
    studies: dict[int, dict[int, None]] = {}
    counts: dict[int, int] = {}
    for item in passages:
        for coding in item.codings:
            studies.setdefault(coding.code_id, {})[item.passage.study_id] = None
            counts[coding.code_id] = counts.get(coding.code_id, 0) + 1
    theme_ids = {theme.id for theme in themes}
    rows: list[list[Value | Cell]] = []

    def row(theme: Value, code: Code) -> list[Value | Cell]:
        found = list(studies.get(code.id, {}))
        return [
            theme,
            Cell(code.name, code.colour),
            len(found),
            "; ".join(citations.get(s, "") for s in found) or None,
            counts.get(code.id, 0),
        ]

    for theme in themes:
        for code in codes:
            if theme.id in mapping.get(code.id, []):
                rows.append(row(theme.name, code))
    for code in codes:
        if not theme_ids.intersection(mapping.get(code.id, [])):
            rows.append(row("(no theme)", code))
    layout = SheetLayout(
        [
            Column("Theme", max_width=30),
            Column("Factor", max_width=40),
            Column("Studies"),
            Column("Citations", wrap=True, max_width=70),
            Column("Passages"),
        ],
        freeze_columns=2,
    )
    writer = SheetWriter(workbook, "Factors by theme", layout)
    writer.write(rows)
    return writer


def write_codebook(
    workbook: Workbook,
    codes: Sequence[Code],
    theme_names: dict[int, list[str]],
    passages: Sequence[CodedPassage],
) -> SheetWriter:
    by_id = {code.id: code for code in codes}
    counts: dict[int, int] = {}
    studies: dict[int, set[int]] = {}
    for item in passages:
        for coding in item.codings:
            counts[coding.code_id] = counts.get(coding.code_id, 0) + 1
            studies.setdefault(coding.code_id, set()).add(item.passage.study_id)
    rows: list[list[Value | Cell]] = []
    for code in codes:
        parent = by_id.get(code.parent_id) if code.parent_id is not None else None
        rows.append(
            [
                code.name,
                parent.name if parent else None,
                code.definition or None,
                "; ".join(theme_names.get(code.id, [])) or None,
                Cell(code.colour.upper(), code.colour),
                counts.get(code.id, 0),
                len(studies.get(code.id, ())),
            ]
        )
    layout = SheetLayout(
        [
            Column("Factor", max_width=40),
            Column("Parent", max_width=30),
            Column("Definition", wrap=True, max_width=70),
            Column("Theme(s)", max_width=40),
            Column("Colour", width=10),
            Column("Passages"),
            Column("Studies"),
        ],
        freeze_columns=1,
    )
    writer = SheetWriter(workbook, "Codebook", layout)
    writer.write(rows)
    return writer


def write_studies(workbook: Workbook, records: Sequence[StudyRecord]) -> SheetWriter:
    """Every record field, then every attribute not already shown under a record column."""
    extra = [
        name
        for name in attribute_names(records)
        if any(
            r.attributes.get(name)
            and (name not in r.role_names() or r.attributes[name] not in _shown(r))
            for r in records
        )
    ]
    columns = [Column(c.header, max_width=40) for c in RECORD_COLUMNS]
    columns += [Column(name, wrap=True, max_width=40) for name in extra]
    rows: list[list[Value | Cell]] = []
    for record in records:
        values: list[Value | Cell] = [_number(c.value(record)) for c in RECORD_COLUMNS]
        values += [_number(record.attributes.get(name, "")) for name in extra]
        rows.append(values)
    writer = SheetWriter(workbook, "Studies", SheetLayout(columns, freeze_columns=1))
    writer.write(rows)
    return writer


def _number(value: str | int) -> Value:
    if isinstance(value, str):
        return number_or_text(value) if value else None
    return value


def _shown(record: StudyRecord) -> set[str]:
    return {record.lookup(role) for role in ("design", "sample", "country")}
