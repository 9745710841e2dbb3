"""Text as searched and text as quoted.

The stored page text stays faithful to the PDF (ligatures, soft hyphens at line ends).
Search runs on a normalised form (NFKC, optional case folding, line-end hyphenation joined,
white space collapsed) that keeps a map back to offsets in the stored text, so a hit lands
on the real words of the page.
"""

from __future__ import annotations

import re
import unicodedata

# Bumped whenever `searchable` changes what it produces, so that anything built from it
# (a search index) knows to rebuild.
NORMALISER_VERSION = 1

SOFT_HYPHEN = "\u00ad"
# Runs that need more than a 1:1 copy: white space, soft hyphens (with the line break
# after them), and any non-ASCII character.
_SPECIAL = re.compile(r"\u00ad\s*|\s+|[^\x00-\x7f]")


def searchable(text: str, ignore_case: bool = False) -> tuple[str, list[int]]:
    """The normalised text and, per normalised character, its offset in `text`.

    The map has one extra entry at the end: `len(text)`, so `offsets[end]` is valid for an
    exclusive end.
    """
    out: list[str] = []
    offsets: list[int] = []
    position = 0

    def copy_plain(start: int, stop: int) -> None:
        if stop > start:
            chunk = text[start:stop]
            out.append(chunk.lower() if ignore_case else chunk)
            offsets.extend(range(start, stop))

    for match in _SPECIAL.finditer(text):
        copy_plain(position, match.start())
        piece = match.group()
        if piece[0] == SOFT_HYPHEN:
            pass  # "inequal-\nity" is searched as "inequality"
        elif piece.isspace():
            out.append(" ")
            offsets.append(match.start())
        else:
            normal = unicodedata.normalize("NFKC", piece)
            if ignore_case:
                normal = normal.casefold()
            out.append(normal)
            offsets.extend([match.start()] * len(normal))
        position = match.end()
    copy_plain(position, len(text))
    offsets.append(len(text))
    return "".join(out), offsets


def normalise_query(phrase: str, ignore_case: bool = False) -> str:
    normal, _ = searchable(phrase.strip(), ignore_case)
    return normal


def find_spans(text: str, phrase: str, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Every occurrence of `phrase` in `text`, as (start, end) offsets of the stored text."""
    needle = normalise_query(phrase, ignore_case)
    if not needle:
        return []
    haystack, offsets = searchable(text, ignore_case)
    spans: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        spans.append((offsets[start], offsets[end - 1] + 1))
        start = haystack.find(needle, end)
    return spans


def display_quote(text: str) -> str:
    """A quote ready to paste: hyphenation at line ends joined, lines run together."""
    joined = re.sub(r"\u00ad\s*", "", text)
    return re.sub(r"\s+", " ", joined).strip()
