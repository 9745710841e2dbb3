"""Text as searched and text as quoted.

The stored page text stays faithful to the PDF (ligatures, curly quotes, line-end hyphens).
Search runs on a normalised form that keeps a map back to offsets in the stored text, so a
hit lands on the real words of the page. The normalised form equates what a reader takes
for the same text:

- ligatures and other compatibility forms (NFKC: "ﬁ" is "fi"), and case when asked;
- curly and straight quotes; hyphens, dashes and the minus sign;
- a hyphen at a line end, whichever way it is spelled in the query: "bur-den",
  "bur- den" (as a PDF viewer pastes it) and "burden" all find "bur-/den", and
  "hard-to-reach" finds "hard-/to-reach";
- runs of white space.

Matching is by whole words unless asked otherwise, so "race" does not find "trace".
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
import unicodedata
from collections.abc import Iterator, Sequence

# Bumped whenever `searchable` changes what it produces, so that anything built from it
# (a search index) knows to rebuild.
NORMALISER_VERSION = 2

SOFT_HYPHEN = "\u00ad"
# Stands in the normalised text for a hyphen at a line end: it matches a hyphen, nothing,
# or a hyphen and a space in a query.
LINE_BREAK_HYPHEN = "\x00"

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
_FOLD = {**_QUOTES, **_DASHES}

# Runs that need more than a 1:1 copy: a hyphen ending a line (soft, or a hyphen between a
# word and the next line's word), other soft hyphens, white space, and non-ASCII characters.
_SPECIAL = re.compile(
    r"(?P<brk>(?<=\w)(?:\u00ad[ \t]*\n?\s*|[-\u2010\u2011][ \t]*\n\s*)(?=\w))"
    r"|\u00ad"
    # Runs of white space fold to one space. A single ASCII white space character (a line
    # end, mostly) and a backtick are replaced 1:1 in the text between runs, by _PLAIN.
    r"|\s\s+"
    r"|[^\x00-\x7f]"
)
# Where a match of _SPECIAL can begin, but for a plain space: a scan for these alone runs
# several times faster than _SPECIAL's own scan over a page. A line end counts only beside
# other white space; on its own it is replaced 1:1, and a page has dozens.
_TRIGGER = re.compile("[\t\x0b\x0c\r\x1c-\x1f\\-\x80-\U0010ffff]")
_LINE_END_TRIGGER = re.compile(r"\n(?:(?=\s)|(?<= \n))")
_PLAIN = str.maketrans(
    {**{chr(c): " " for c in range(128) if chr(c).isspace() and c != 32}, "`": _FOLD["`"]}
)
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def searchable(text: str, ignore_case: bool = False) -> tuple[str, list[int]]:
    """The normalised text and, per normalised character, its offset in `text`.

    The map has one extra entry at the end: `len(text)`, so `offsets[end]` is valid for an
    exclusive end.
    """
    offsets: list[int] = []
    return _normalise(text, ignore_case, offsets), offsets


def searchable_text(text: str, ignore_case: bool = False) -> str:
    """The normalised text alone, as `searchable` gives it (indexing needs no offsets)."""
    return _normalise(text, ignore_case, None)


def _specials(text: str) -> Iterator[re.Match[str]]:
    """What `_SPECIAL.finditer(text)` finds, trying only where a match can start.

    A match holds a trigger character (a hyphen, a soft hyphen, white space other than a
    plain space, anything non-ASCII) or is a run of plain spaces. Without two spaces in a
    row, it starts at a trigger or at the one space before one."""
    if "  " in text:
        yield from _SPECIAL.finditer(text)
        return
    end = 0
    starts = heapq.merge(
        (m.start() for m in _TRIGGER.finditer(text)),
        (m.start() for m in _LINE_END_TRIGGER.finditer(text)),
    )
    for at in starts:
        if at < end:
            continue
        match = None
        if at > end and text[at - 1] == " ":
            match = _SPECIAL.match(text, at - 1)
        if match is None:
            match = _SPECIAL.match(text, at)
        if match is not None:
            yield match
            end = match.end()


class OffsetMap:
    """Where each character of a normalised text came from, kept as stretches: a stretch
    copied 1:1, or the characters that stand for one special run (all from its start)."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # where each stretch starts in the normalised text
        self.sources: list[int] = []  # and in the stored text
        self.copied: list[bool] = []

    def add(self, start: int, source: int, copied: bool) -> None:
        self.starts.append(start)
        self.sources.append(source)
        self.copied.append(copied)

    def __getitem__(self, index: int) -> int:
        k = bisect.bisect_right(self.starts, index) - 1
        return self.sources[k] + (index - self.starts[k]) if self.copied[k] else self.sources[k]


def _normalise(
    text: str, ignore_case: bool, offsets: list[int] | None, stretches: OffsetMap | None = None
) -> str:
    out: list[str] = []
    position = 0
    length = 0  # of the normalised text so far

    def copy_plain(start: int, stop: int) -> None:
        nonlocal length
        if stop > start:
            chunk = text[start:stop].translate(_PLAIN)
            out.append(chunk.lower() if ignore_case else chunk)
            if offsets is not None:
                offsets.extend(range(start, stop))
            if stretches is not None:
                stretches.add(length, start, True)
            length += stop - start

    for match in _specials(text):
        copy_plain(position, match.start())
        piece = match.group()
        if match.group("brk") is not None:
            normal = LINE_BREAK_HYPHEN
        elif piece == SOFT_HYPHEN:
            normal = ""  # a hyphenation point inside a word: invisible
        elif piece.isspace():
            normal = " "
        else:
            folded = _FOLD.get(piece)
            normal = folded if folded is not None else unicodedata.normalize("NFKC", piece)
            if ignore_case:
                normal = normal.casefold()
        out.append(normal)
        if offsets is not None:
            offsets.extend([match.start()] * len(normal))
        if stretches is not None and normal:
            stretches.add(length, match.start(), False)
        length += len(normal)
        position = match.end()
    copy_plain(position, len(text))
    if offsets is not None:
        offsets.append(len(text))
    return "".join(out)


def normalise_query(phrase: str, ignore_case: bool = False) -> str:
    normal, _ = searchable(phrase.strip(), ignore_case)
    return normal


@functools.lru_cache(maxsize=64)
def _pattern(phrase: str, ignore_case: bool, whole_words: bool) -> re.Pattern[str] | None:
    needle = normalise_query(phrase, ignore_case).replace(LINE_BREAK_HYPHEN, "-")
    if not needle.strip():
        return None
    parts: list[str] = []
    i = 0
    while i < len(needle):
        ch = needle[i]
        if ch == "-":
            # A hyphen in the query finds a hyphen, or a hyphen ending a line.
            parts.append(f"(?:-|{LINE_BREAK_HYPHEN})")
            if i + 1 < len(needle) and needle[i + 1] == " ":
                parts[-1] = f"(?:- ?|{LINE_BREAK_HYPHEN})"  # "bur- den", as a viewer pastes
                i += 1
        else:
            parts.append(re.escape(ch))
        if i + 1 < len(needle) and ch.isalnum() and needle[i + 1].isalnum():
            parts.append(f"{LINE_BREAK_HYPHEN}?")  # "burden" finds "bur-/den"
        i += 1
    body = "".join(parts)
    if whole_words:
        if _word_char(needle[0]):
            body = rf"(?<![\w{LINE_BREAK_HYPHEN}])" + body
        if _word_char(needle[-1]):
            body += rf"(?![\w{LINE_BREAK_HYPHEN}])"
    return re.compile(body)


def _word_char(ch: str) -> bool:
    # Chinese and Japanese have no spaces between words: a boundary means nothing there.
    return (ch.isalnum() or ch == "_") and not _CJK.match(ch)


@functools.lru_cache(maxsize=4)
def _searchable_again(text: str, ignore_case: bool) -> tuple[str, OffsetMap]:
    """`searchable` with its offsets as stretches (a page has a few dozen, not thousands
    of offsets), kept for the last few texts: a query of several terms looks for each in
    the same page."""
    stretches = OffsetMap()
    return _normalise(text, ignore_case, None, stretches), stretches


def find_spans(
    text: str, phrase: str, ignore_case: bool = False, whole_words: bool = True
) -> list[tuple[int, int]]:
    """Every occurrence of `phrase` in `text`, as (start, end) offsets of the stored text."""
    pattern = _pattern(phrase, ignore_case, whole_words)
    if pattern is None:
        return []
    haystack, offsets = _searchable_again(text, ignore_case)
    return [
        (offsets[m.start()], offsets[m.end() - 1] + 1)
        for m in pattern.finditer(haystack)
        if m.end() > m.start()
    ]


def find_in_pages(
    texts: Sequence[str], phrase: str, ignore_case: bool = False, whole_words: bool = True
) -> list[tuple[int, int, int, int]]:
    """Occurrences across consecutive pages (a phrase may run over a page break), as
    (start page, start offset, end page, end offset); pages are indices into `texts`."""
    joined = "\n".join(texts)
    starts: list[int] = []
    at = 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1

    def locate(offset: int) -> tuple[int, int]:
        page = bisect.bisect_right(starts, offset) - 1
        return page, offset - starts[page]

    hits = []
    for start, end in find_spans(joined, phrase, ignore_case, whole_words):
        first, a = locate(start)
        last, b = locate(end - 1)
        hits.append((first, a, last, b + 1))
    return hits


_SOFT_BREAK = re.compile(r"\u00ad\s*")
_COMPOUND_BREAK = re.compile(r"(?<=\w)([-\u2010\u2011])[ \t]*\n\s*(?=\w)")


def display_quote(text: str) -> str:
    """A quote ready to paste: word breaks at line ends joined, a compound's hyphen kept,
    lines run together."""
    # Most quotes are one line of printable text, single-spaced: nothing to do (an export
    # of 50,000 passages asks twice for each).
    if text.isprintable() and "  " not in text and "\u00ad" not in text and text == text.strip():
        return text
    joined = _SOFT_BREAK.sub("", text) if "\u00ad" in text else text
    if "-" in joined or "\u2010" in joined or "\u2011" in joined:
        joined = _COMPOUND_BREAK.sub(r"\1", joined)
    # Splitting on white space folds runs of it as `\s+` does, several times faster.
    return " ".join(joined.split())
