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

# Where a line ends in a hyphen: a soft hyphen (pdfium marks the hyphens it takes for word
# breaks that way and joins the two lines there) or a hyphen before a line break.
_BREAK_AT = re.compile(r"\u00ad[ \t]*\n?\s*|-[ \t]*\n\s*")
_WORD_BEFORE = re.compile(r"[\w-]*\w$")
_WORD_AFTER = re.compile(r"\w[\w-]*")
_EDGES = "\"'()[]{}<>.,;:!?\u201c\u201d\u2018\u2019"


def resolve(texts: Sequence[str]) -> list[str]:
    """The texts of one document's pages, each line-end hyphen decided (same lengths)."""
    compounds = set()
    for text in texts:
        if "-" not in text:
            continue
        for token in text.split():
            if "-" in token:
                word = token.strip(_EDGES)
                if "-" in word.strip("-"):
                    compounds.add(word.casefold())
    return [_resolve_page(text, compounds) for text in texts]


def _resolve_page(text: str, compounds: set[str]) -> str:
    if SOFT_HYPHEN not in text and "-\n" not in text and "-" not in text:
        return text
    chars: list[str] | None = None
    for match in _BREAK_AT.finditer(text):
        at = match.start()
        before = _WORD_BEFORE.search(text, max(0, at - 80), at)
        after = _WORD_AFTER.match(text, match.end())
        if before is None or after is None:
            continue
        wanted = "-" if keeps_hyphen(before.group(), after.group(), compounds) else SOFT_HYPHEN
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
