"""The "Passages" sheet: every coded passage with its citation, pages, quote and factor.

Long form (the default): one row per passage and factor, the factor's place in the
hierarchy as Level 1, Level 2... columns. Wide form: one row per passage, a 0/1 column per
factor. A region passage carries a picture of its region, and any text under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl.workbook import Workbook

from app.core.reporting.coded import CodedPassage, Coding
from app.core.textnorm import display_quote
from app.core.types import Code
from app.exchange.workbook.regions import RegionPictures
from app.exchange.workbook.sheet import (
    Column,
    SheetLayout,
    SheetWriter,
    Value,
    local_time,
    number_or_text,
)

TITLE = "Passages"
QUOTE_COLUMN = 4  # 0-based: where a region's picture is placed


@dataclass(frozen=True)
class PassageContext:
    citations: dict[int, str]  # study id -> citation
    names: dict[int, str]  # study id -> study name
    codes: list[Code]  # in codebook order
    themes: dict[int, list[str]]  # factor id -> theme names


def factor_path(code: Code, by_id: dict[int, Code]) -> list[str]:
    """Names from the top-level factor down to this one."""
    path = [code.name]
    seen = {code.id}
    parent = code.parent_id
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        path.append(by_id[parent].name)
        parent = by_id[parent].parent_id
    return path[::-1]


def _lead(item: CodedPassage, ctx: PassageContext) -> list[Value]:
    passage = item.passage
    quote = display_quote(passage.quote)
    pdf_page: Value = (
        passage.start_page + 1 if passage.start_page == passage.end_page else item.pdf_pages
    )
    if not passage.placed:
        # Its pages are those of an earlier version of the PDF: no page is cited, and the
        # text check says it waits to be placed.
        pdf_page = None
    return [
        ctx.citations.get(passage.study_id, ""),
        ctx.names.get(passage.study_id, ""),
        number_or_text(item.cited) if item.cited else None,
        pdf_page,
        quote or None,
        passage.text_check or None,
    ]


LEAD = [
    Column("Citation", max_width=36),
    Column("Study", max_width=30),
    Column("Page", max_width=12),
    Column("PDF page", max_width=10),
    Column("Quote", wrap=True, max_width=80, width=80),
    Column("Text check", wrap=True, max_width=30),
]


def write_passages(
    workbook: Workbook,
    passages: Sequence[CodedPassage],
    ctx: PassageContext,
    wide: bool = False,
    pictures: RegionPictures | None = None,
    on_row: Callable[[int], None] | None = None,
) -> SheetWriter:
    layout, rows, owners = passage_table(passages, ctx, wide)
    writer = SheetWriter(workbook, TITLE, layout)
    regions = [
        (len(layout.banner) + 2 + index, item.passage)
        for index, item in enumerate(owners)
        if item is not None and item.passage.kind == "region"
    ]
    if pictures is not None:
        for row, passage in regions:
            pictures.reserve(writer.sheet, passage, row)
    writer.write(rows, on_row)
    if pictures is not None:
        for row, passage in regions:
            pictures.place(writer.sheet, passage, row, QUOTE_COLUMN)
    return writer


def passage_table(
    passages: Sequence[CodedPassage], ctx: PassageContext, wide: bool = False
) -> tuple[SheetLayout, list[list[Value]], list[CodedPassage | None]]:
    """The sheet's columns, its rows, and for each row the passage whose first row it is."""
    if wide:
        return _wide(passages, ctx)
    return _long(passages, ctx, {code.id: code for code in ctx.codes})


def _long(
    passages: Sequence[CodedPassage], ctx: PassageContext, by_id: dict[int, Code]
) -> tuple[SheetLayout, list[list[Value]], list[CodedPassage | None]]:
    paths = {code.id: factor_path(code, by_id) for code in ctx.codes}
    depth = max((len(p) for p in paths.values()), default=1)
    columns = [
        *LEAD,
        Column("Factor", max_width=36),
        *[Column(f"Level {n}", max_width=30) for n in range(1, depth + 1)],
        Column("Theme(s)", max_width=40),
        Column("Passage memo", wrap=True, max_width=50),
        Column("Coded at"),
    ]
    rows: list[list[Value]] = []
    owners: list[CodedPassage | None] = []
    for item in passages:
        lead = _lead(item, ctx)
        memo = item.memo or None
        codings: list[Coding | None] = [c for c in item.codings if c.code_id in by_id] or [None]
        first = True
        for coding in codings:
            if coding is None:
                levels: list[Value] = [None] * depth
                rows.append([*lead, None, *levels, None, memo, local_time(item.created_at)])
            else:
                code = by_id[coding.code_id]
                path: list[Value] = list(paths[code.id])
                levels = path + [None] * (depth - len(path))
                themes = "; ".join(ctx.themes.get(code.id, [])) or None
                rows.append([*lead, code.name, *levels, themes, memo, local_time(coding.coded_at)])
            # A region's picture goes on its first row only.
            owners.append(item if first else None)
            first = False
    return SheetLayout(columns, freeze_columns=1), rows, owners


def _wide(
    passages: Sequence[CodedPassage], ctx: PassageContext
) -> tuple[SheetLayout, list[list[Value]], list[CodedPassage | None]]:
    names = {code.id: code.name for code in ctx.codes}
    columns = [
        *LEAD,
        Column("Factors", max_width=40),
        Column("Theme(s)", max_width=40),
        Column("Passage memo", wrap=True, max_width=50),
        Column("Created at"),
        *[Column(code.name, max_width=14, centre=True) for code in ctx.codes],
    ]
    rows: list[list[Value]] = []
    for item in passages:
        have = {c.code_id for c in item.codings}
        factor_names = [names[c.code_id] for c in item.codings if c.code_id in names]
        themes = list(dict.fromkeys(t for c in item.codings for t in ctx.themes.get(c.code_id, [])))
        rows.append(
            [
                *_lead(item, ctx),
                "; ".join(factor_names) or None,
                "; ".join(themes) or None,
                item.memo or None,
                local_time(item.created_at),
                *[1 if code.id in have else 0 for code in ctx.codes],
            ]
        )
    return SheetLayout(columns, freeze_columns=1), rows, list(passages)
