"""Right-to-left lines: from the order glyphs were drawn in to the order they are read in.

A PDF draws Hebrew and Arabic glyphs left to right as they appear (visual order), mirrored
brackets included. pdfium turns each right-to-left word around but keeps the words of a
mixed line in their drawn order and leaves brackets as drawn, so "15(ב)(4)" reads
"15)ב()4(" and two Arabic words inside English come out swapped. Running the Unicode
bidirectional algorithm over the line's glyphs in drawn order undoes both: the runs it
resolves as right-to-left are turned around and their brackets mirrored back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def base_is_rtl(text: str) -> bool:
    """Whether a line reads right to left: most of its strong characters do."""
    rtl = ltr = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return rtl > ltr


def logical_order(drawn: Sequence[str]) -> list[tuple[int, str]]:
    """For characters in drawn (left to right) order, the reading order: each entry is the
    index of a drawn character and the character it stands for (a bracket drawn mirrored
    inside a right-to-left run comes back as its partner)."""
    from bidi.algorithm import (
        apply_mirroring,
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
    # The drawn order of a right-to-left line starts with its last word, so the first strong
    # character (the algorithm's rule) says little; the majority does.
    storage["base_level"] = 1 if base_is_rtl(text) else 0
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["drawn"] = index
    explicit_embed_and_overrides(storage)
    resolve_weak_types(storage)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    reorder_resolved_levels(storage, False)
    apply_mirroring(storage, False)
    return [(char["drawn"], char["ch"]) for char in storage["chars"]]
