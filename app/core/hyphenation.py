"""Hyphens at line ends: breaking a word, or part of a compound?

A typesetter breaks "burden" as "bur-/den" and "hard-to-reach" as "hard-/to-reach"; the PDF
shows one hyphen glyph either way. A quote must read "burden" in the first case and
"hard-to-reach" in the second. In the stored page text a hyphen that only breaks a word is a
soft hyphen (U+00AD), which quotes and search drop; a compound's hyphen is "-". The choice is
made once per document at import, with the whole document to look at:

- the document spells the compound with a hyphen elsewhere ("self-management"): a hyphen;
- a part is capitalised or a number ("non-/European", "COVID-/19"), or the compound goes on
  with more hyphens ("state-/of-the-art", "hard-/to-reach"): a hyphen;
- otherwise a word break.

Replacing one hyphen by another keeps every offset, so anchors stay where they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SOFT_HYPHEN = "\u00ad"

# A word, a hyphen ending its line, and the word the next line starts with. pdfium marks the
# hyphens it takes for word breaks (stored as soft hyphens) and joins the two lines there.
_BREAK = re.compile(r"([\w-]*\w)(?:(\u00ad)[ \t]*\n?\s*|(-)[ \t]*\n\s*)(\w[\w-]*)")
_COMPOUND = re.compile(r"\w+(?:-\w+)+")


def resolve(texts: Sequence[str]) -> list[str]:
    """The texts of one document's pages, each line-end hyphen decided (same lengths)."""
    compounds = set()
    for text in texts:
        for match in _COMPOUND.finditer(text):
            compounds.add(match.group().casefold())
    return [_resolve_page(text, compounds) for text in texts]


def _resolve_page(text: str, compounds: set[str]) -> str:
    if "\n" not in text and SOFT_HYPHEN not in text:
        return text
    chars: list[str] | None = None
    for match in _BREAK.finditer(text):
        left, right = match.group(1), match.group(4)
        at = match.start(2) if match.group(2) is not None else match.start(3)
        wanted = "-" if keeps_hyphen(left, right, compounds) else SOFT_HYPHEN
        if wanted != text[at]:
            if chars is None:
                chars = list(text)
            chars[at] = wanted
    return text if chars is None else "".join(chars)


def keeps_hyphen(left: str, right: str, compounds: set[str]) -> bool:
    """Whether "left-" at a line end and "right" on the next line make a hyphenated word."""
    if "-" in left or "-" in right:
        return True
    head = left.rsplit("-", 1)[-1]
    tail = right.split("-", 1)[0]
    if f"{head}-{tail}".casefold() in compounds:
        return True
    if right[0].isdigit() or left[-1].isdigit():
        return True
    # "non-/European" is a compound; "INTERNA-/TIONAL" is one word in capitals.
    return right[0].isupper() and not left[-1].isupper()
