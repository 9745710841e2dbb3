"""Which pages may hold a term: FTS5 expressions that never miss a page with a hit.

The index tokenises text into runs of letters and digits (folding case and accents), so a
term becomes the phrase of its words. It is matched twice: against the text as it is, and
against the text with hyphens taken out, so that "burden" finds a line-end "bur- den", and
"hard-to-reach" a lost hyphen ("hardto-reach"). The pages found are then checked word by
word (`matcher.py`): the index only has to be generous, never exact.
"""

from __future__ import annotations

import re

from app.core.fulltext.query import Term
from app.core.textnorm import normalise_query

# The hyphens migration 0005 takes out of the "joined" columns, with the space a line-end
# hyphen leaves before the rest of its word.
HYPHENS = ("-", "\u2010", "\u2011")
_TOKEN = re.compile(r"[^\W_]+")


def without_hyphens(text: str) -> str:
    for hyphen in HYPHENS:
        text = text.replace(hyphen + " ", "").replace(hyphen, "")
    return text


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _phrase(words: list[str], prefix: bool) -> str:
    body = " + ".join(f'"{word}"' for word in words)
    return f"{body} *" if prefix else body


def term_expression(term: Term, seams: bool = False) -> str | None:
    """An FTS5 expression for the pages (or, with `seams`, the page breaks) where the term
    may occur as a whole word or prefix; None when it has no letter or digit to look for."""
    normal = normalise_query(term.text, ignore_case=True)
    split, joined = tokens(normal), tokens(without_hyphens(normal))
    if not split:
        return None
    as_is, hyphenless = ("seam_split", "seam_joined") if seams else ("split", "joined")
    alternatives = [f"{as_is} : ({_phrase(split, term.prefix)})"]
    alternatives.append(f"{hyphenless} : ({_phrase(joined, term.prefix)})")
    return " OR ".join(f"({alternative})" for alternative in alternatives)
