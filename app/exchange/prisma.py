"""The PRISMA 2020 flow diagram as SVG (boxes and arrows, written by hand), and its numbers
as CSV or JSON. A PNG is the SVG rendered by the window's toolkit (`app.ui.svg_png`).
"""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from app.core.prisma import PrismaCounts
from app.exchange.atomic import atomic_target

FONT = "Helvetica, Arial, sans-serif"
SIZE = 13.0
LINE = 17.0
PAD = 10.0
BOX_W = 330.0
GAP_X = 56.0
GAP_Y = 34.0
BAR_W = 28.0
MARGIN = 20.0
HEADER_H = 34.0
# Generous average advance of the sans fonts a renderer may substitute, so text stays inside.
CHAR_W = SIZE * 0.56
# The phases along the left edge, and the rows of boxes each spans.
PHASES = (("Identification", 0, 0), ("Screening", 1, 3), ("Included", 4, 4))


def _label_length(text: str) -> float:
    return len(text) * CHAR_W * 1.1  # bold


@dataclass
class _Box:
    x: float
    y: float
    lines: list[str]
    fill: str = "#ffffff"

    @property
    def height(self) -> float:
        return 2 * PAD + LINE * len(self.lines)

    @property
    def bottom(self) -> float:
        return self.y + self.height


def _wrap(items: list[str]) -> list[str]:
    width = int((BOX_W - 2 * PAD) / CHAR_W)
    lines: list[str] = []
    for item in items:
        indent = "   " if item.startswith("   ") else ""
        lines.extend(
            textwrap.wrap(
                item.strip(), width, initial_indent=indent, subsequent_indent=indent + "  "
            )
            or [""]
        )
    return lines


def _n(value: int) -> str:
    return f"(n = {value})"


def _rows(counts: PrismaCounts) -> list[tuple[list[str], list[str] | None]]:
    sources = [f"   {name} {_n(n)}" for name, n in counts.sources] or [f"   {_n(0)}"]
    identified = ["Records identified from:", *sources]
    if len(counts.sources) > 1:
        identified.append(f"   Total {_n(counts.identified)}")
    screened = [f"Records screened {_n(counts.screened)}"]
    if counts.awaiting_screening:
        screened.append(f"   Awaiting screening {_n(counts.awaiting_screening)}")
    assessed = [f"Reports assessed for eligibility {_n(counts.assessed)}"]
    if counts.awaiting_assessment:
        assessed.append(f"   Awaiting assessment {_n(counts.awaiting_assessment)}")
    reasons = [f"   {reason} {_n(n)}" for reason, n in counts.excluded_reasons]
    return [
        (
            identified,
            ["Records removed before screening:", f"   Duplicate records {_n(counts.duplicates)}"],
        ),
        (screened, [f"Records excluded {_n(counts.excluded_at_screening)}"]),
        (
            [f"Reports sought for retrieval {_n(counts.sought)}"],
            [f"Reports not retrieved {_n(counts.not_retrieved)}"],
        ),
        (
            assessed,
            [f"Reports excluded {_n(counts.excluded_full_text)}{':' if reasons else ''}", *reasons],
        ),
        ([f"Studies included in review {_n(counts.included)}"], None),
    ]


def _text(box: _Box) -> list[str]:
    out = []
    for number, line in enumerate(box.lines):
        y = box.y + PAD + LINE * number + SIZE
        out.append(
            f'<text x="{box.x + PAD:.1f}" y="{y:.1f}" xml:space="preserve">{escape(line)}</text>'
        )
    return out


def prisma_svg(counts: PrismaCounts, title: str = "") -> str:
    """The flow diagram of PRISMA 2020 for new reviews (databases and registers)."""
    left_x = MARGIN + BAR_W + 12
    right_x = left_x + BOX_W + GAP_X
    width = right_x + BOX_W + MARGIN
    y = MARGIN + (LINE + 6 if title else 0)
    header_y = y
    y += HEADER_H + GAP_Y * 0.6
    rows: list[tuple[_Box, _Box | None]] = []
    for number, (left_lines, right_lines) in enumerate(_rows(counts)):
        left = _Box(left_x, y, _wrap(left_lines))
        right = _Box(right_x, y, _wrap(right_lines)) if right_lines is not None else None
        tallest = max(left.height, right.height if right else 0.0)
        # A phase of one row must still be as tall as its turned label.
        for name, first, last in PHASES:
            if first == last == number:
                tallest = max(tallest, _label_length(name) + 2 * PAD)
        left.lines += [""] * math.ceil((tallest - left.height) / LINE)
        if right is not None:
            right.lines += [""] * math.ceil((tallest - right.height) / LINE)
        tallest = max(left.height, right.height if right else 0.0)
        rows.append((left, right))
        y += tallest + GAP_Y
    height = y - GAP_Y + MARGIN

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" font-size="{SIZE:.0f}">',
        '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker></defs>',
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    if title:
        parts.append(
            f'<text x="{MARGIN:.1f}" y="{MARGIN + SIZE:.1f}" font-weight="bold">'
            f"{escape(title)}</text>"
        )
    parts.append(
        f'<rect x="{left_x:.1f}" y="{header_y:.1f}" width="{width - MARGIN - left_x:.1f}" '
        f'height="{HEADER_H:.1f}" rx="6" fill="#f6c343" stroke="#333333"/>'
    )
    parts.append(
        f'<text x="{(left_x + width - MARGIN) / 2:.1f}" y="{header_y + HEADER_H / 2 + 4.5:.1f}" '
        'text-anchor="middle" font-weight="bold">'
        "Identification of studies via databases and registers</text>"
    )
    for row, (left, right) in enumerate(rows):
        for box in (left, right):
            if box is None:
                continue
            parts.append(
                f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W:.1f}" '
                f'height="{box.height:.1f}" fill="{box.fill}" stroke="#333333"/>'
            )
            parts.extend(_text(box))
        mid = left.y + left.height / 2
        if right is not None:
            parts.append(_arrow(left.x + BOX_W, mid, right.x, mid))
        if row + 1 < len(rows):
            below = rows[row + 1][0]
            centre = left.x + BOX_W / 2
            parts.append(_arrow(centre, left.bottom, centre, below.y))
    for name, first, last in PHASES:
        top = rows[first][0].y
        bottom = rows[last][0].bottom
        parts.append(
            f'<rect x="{MARGIN:.1f}" y="{top:.1f}" width="{BAR_W:.1f}" '
            f'height="{bottom - top:.1f}" rx="6" fill="#a7c7e7" stroke="#333333"/>'
        )
        cx, cy = MARGIN + BAR_W / 2, (top + bottom) / 2
        parts.append(
            f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" dominant-baseline="middle" '
            f'font-weight="bold" transform="rotate(-90 {cx:.1f} {cy:.1f})">{name}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _arrow(x0: float, y0: float, x1: float, y1: float) -> str:
    return (
        f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="#333333" '
        'stroke-width="1.5" marker-end="url(#head)"/>'
    )


def prisma_csv(counts: PrismaCounts) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stage", "what", "n"])
    writer.writerows(counts.rows())
    for note in counts.notes:
        writer.writerow(["note", note, ""])
    return out.getvalue()


def prisma_json(counts: PrismaCounts) -> str:
    data = {
        "identified": counts.identified,
        "sources": dict(counts.sources),
        "duplicates_removed": counts.duplicates,
        "screened": counts.screened,
        "awaiting_screening": counts.awaiting_screening,
        "excluded_at_screening": counts.excluded_at_screening,
        "sought_for_retrieval": counts.sought,
        "not_retrieved": counts.not_retrieved,
        "assessed_for_eligibility": counts.assessed,
        "awaiting_assessment": counts.awaiting_assessment,
        "excluded_with_reasons": dict(counts.excluded_reasons),
        "included": counts.included,
        "notes": list(counts.notes),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_prisma(counts: PrismaCounts, path: Path, title: str = "") -> None:
    """Write .svg, .csv or .json (whole or not at all)."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        text = prisma_svg(counts, title)
    elif suffix == ".csv":
        text = prisma_csv(counts)
    elif suffix == ".json":
        text = prisma_json(counts)
    else:
        raise ValueError(f"cannot write a PRISMA diagram to {path.name}")
    with atomic_target(path) as out:
        out.write(text.encode("utf-8"))
