"""Right-to-left lines: from the order glyphs were drawn in to the order they are read in.

A PDF draws Hebrew and Arabic glyphs left to right as they appear (visual order); each
glyph's /ToUnicode value is the character the writer typed, so a bracket drawn mirrored in a
right-to-left run still maps to the bracket that was meant. pdfium splits each line into
runs of its own reckoning, turns the right-to-left ones around and mirrors their brackets
once more, so "15(ב)(4)" reads "15)ב()4(", and two Arabic words inside English come out
swapped. Here the brackets pdfium mirrored are put back (the caller finds them: they stand
against the flow of their neighbours) and the line's characters, taken in drawn order, are
put in reading order by the Unicode bidirectional algorithm, without mirroring.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def mirror_of(ch: str) -> str | None:
    """The bracket (or other mirrored character) that `ch` is drawn as in a right-to-left
    run, or None."""
    from bidi.mirror import MIRRORED

    partner: str | None = MIRRORED.get(ch)
    return partner


def base_is_rtl(text: str) -> bool:
    """Whether a line in reading order reads right to left: its first strong character does
    (the bidi algorithm's rule for a paragraph's direction)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def logical_order(drawn: Sequence[str], rtl: bool) -> list[tuple[int, str]]:
    """For characters (their /ToUnicode values) in drawn, left-to-right order, the reading
    order: each entry is the index of a drawn character and the character. `rtl` is the
    line's direction, which the drawn order cannot tell (it starts with a right-to-left
    line's last word)."""
    from bidi.algorithm import (
        explicit_embed_and_overrides,
        get_embedding_levels,
        get_empty_storage,
        reorder_resolved_levels,
        resolve_implicit_levels,
        resolve_neutral_types,
        resolve_weak_types,
    )

    text = "".join(drawn)
    if not text:
        return []
    storage = get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["drawn"] = index
    explicit_embed_and_overrides(storage)
    resolve_weak_types(storage)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    reorder_resolved_levels(storage, False)
    return [(char["drawn"], char["ch"]) for char in storage["chars"]]
