"""Colours for factors: distinct hues that stay readable as translucent highlights on text."""

from __future__ import annotations

from collections.abc import Collection

# Mid-saturation hues, each legible at about 35% opacity over black text on white.
PALETTE: tuple[str, ...] = (
    "#f2c14e",  # amber
    "#5fa8d3",  # sky
    "#e07a5f",  # terracotta
    "#81b29a",  # sage
    "#b388eb",  # lavender
    "#f28482",  # coral
    "#4ecdc4",  # teal
    "#c9a227",  # ochre
    "#9ad1d4",  # pale cyan
    "#e5989b",  # rose
    "#84a59d",  # grey-green
    "#ffb4a2",  # peach
    "#8d99ae",  # slate
    "#a3c4f3",  # periwinkle
    "#cdb4db",  # lilac
    "#bde0a8",  # pistachio
)


def next_colour(used: Collection[str]) -> str:
    """The first palette colour not in use; once all are used, cycle by count."""
    taken = {colour.lower() for colour in used}
    for colour in PALETTE:
        if colour not in taken:
            return colour
    return PALETTE[len(used) % len(PALETTE)]


def is_colour(value: str) -> bool:
    return (
        len(value) == 7
        and value.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )
