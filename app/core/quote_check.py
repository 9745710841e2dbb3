"""Whether a quote can be printed as it stands: what a reader of the export must be told."""

from __future__ import annotations

# A glyph the text layer could not map to a character stands in the page text as U+FFFD,
# so that a quote over it says so instead of silently losing the symbol.
UNREADABLE = "\ufffd"

# The stored check of a passage that a new version of its PDF (or a new reading of the same
# one) could not place: its page and offsets are those of the earlier text, so it cites no
# page until the researcher places it by hand.
UNPLACED = "not found in the new version of the PDF: place it by hand"


def is_unplaced(stored: str) -> bool:
    """Whether a passage with this stored check waits to be placed by hand."""
    return stored == UNPLACED


def unreadable_count(text: str) -> int:
    return text.count(UNREADABLE)


def quote_check(quote: str, stored: str = "", kind: str = "text") -> str:
    """Empty when the quote is faithful; else what is wrong with it, in a short phrase.

    `stored` is what the last check against the page found (see `habitus verify`).
    """
    problems: list[str] = []
    missing = unreadable_count(quote) if kind == "text" else 0
    if missing:
        symbols = "symbol" if missing == 1 else "symbols"
        problems.append(f"{missing} {symbols} unreadable in the PDF (shown as {UNREADABLE})")
    if stored:
        problems.append(stored)
    return "; ".join(problems)
