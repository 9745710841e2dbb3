"""Where a term occurs on a page: exact spans of the stored text.

Matching itself is textnorm's (`find_spans`: ligatures, line-end hyphenation, case); this
module adds what a term asks beyond a plain phrase: whole words, and a prefix that runs to
the end of its word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.fulltext.query import Term
from app.core.textnorm import SOFT_HYPHEN, find_spans, searchable

Span = tuple[int, int]


@dataclass(frozen=True)
class MatchOptions:
    ignore_case: bool = True
    whole_words: bool = True  # off: a term may sit inside a longer word ("race" in "trace")


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _continues_before(text: str, start: int) -> bool:
    """Whether the word at `start` carries on before it: a letter, or a line-end
    hyphenation ("inequal\u00ad\nity") that the search reads as one word."""
    if start <= 0:
        return False
    before = text[start - 1]
    if _is_word_char(before) or before == SOFT_HYPHEN:
        return True
    if before.isspace():
        head = text[:start].rstrip()
        return head.endswith(SOFT_HYPHEN)
    return False


def _continues_after(text: str, end: int) -> bool:
    if end >= len(text):
        return False
    after = text[end]
    return _is_word_char(after) or after == SOFT_HYPHEN


def _word_end(text: str, end: int) -> int:
    """The end of the word a prefix hit stops inside, across line-end hyphenation."""
    while end < len(text):
        if _is_word_char(text[end]):
            end += 1
            continue
        if text[end] == SOFT_HYPHEN:
            after = end + 1
            while after < len(text) and text[after].isspace():
                after += 1
            if after < len(text) and _is_word_char(text[after]):
                end = after
                continue
        break
    return end


def term_spans(text: str, term: Term, options: MatchOptions) -> list[Span]:
    """Every occurrence of a term in a page's stored text."""
    # Word boundaries are judged below (prefixes too), so every occurrence is wanted here.
    spans = find_spans(text, term.text, options.ignore_case, whole_words=False)
    if not spans:
        return []
    first, last = term.text[0], term.text[-1]
    out: list[Span] = []
    for start, end in spans:
        if term.prefix:
            if _is_word_char(first) and _continues_before(text, start):
                continue
            out.append((start, _word_end(text, end)))
            continue
        if options.whole_words and (
            (_is_word_char(first) and _continues_before(text, start))
            or (_is_word_char(last) and _continues_after(text, end))
        ):
            continue
        out.append((start, end))
    return out


def regex_spans(text: str, pattern: re.Pattern[str]) -> list[Span]:
    """Spans of a regular expression run over the page's searchable text (ligatures
    resolved, line-end hyphenation joined, white space as single spaces), mapped back to
    the stored text."""
    haystack, offsets = searchable(text, ignore_case=False)
    out: list[Span] = []
    for match in pattern.finditer(haystack):
        if match.end() == match.start():
            continue  # an empty match marks nothing a reader could see
        out.append((offsets[match.start()], offsets[match.end() - 1] + 1))
    return out
