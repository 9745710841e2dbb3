"""Cleaning pdfium's raw page text into the stored form.

Offsets the core stores (passage anchors, word spans) are code points into the cleaned text,
so the cleaning below is part of the file format: change it and every stored anchor shifts.
"""

from __future__ import annotations

import re
import unicodedata

# Spacing accents that TeX-made PDFs emit as a separate glyph before the letter ("na¨ıve"),
# mapped to the combining mark that composes with the letter.
_SPACING_TO_COMBINING = {
    "\u00a8": "\u0308",  # diaeresis
    "\u00b4": "\u0301",  # acute
    "\u02c6": "\u0302",  # circumflex
    "\u02dc": "\u0303",  # tilde
    "\u02da": "\u030a",  # ring
    "\u00b8": "\u0327",  # cedilla
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
    "\u00af": "\u0304",  # macron
    "\u02dd": "\u030b",  # double acute
    "\u02d9": "\u0307",  # dot above
    "\u02db": "\u0328",  # ogonek
    "`": "\u0300",  # grave; ASCII, so only composed inside a word (see _compose)
}
_DOTLESS = {"\u0131": "i", "\u0237": "j"}
_ACCENTS = "".join(_SPACING_TO_COMBINING)

_SPECIAL = re.compile(
    "\r\n"
    f"|[{re.escape(_ACCENTS)}][^\\W\\d_]"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f]+"  # controls other than \t and \n (a lone \r included)
    "|\ufffe"  # pdfium's mark for a hyphen it judged to be end-of-line hyphenation
)
_SOFT_HYPHEN = "\u00ad"


def _compose(raw: str, at: int) -> str | None:
    """The precomposed letter for the accent at raw[at] and the letter after it, if any."""
    accent, base = raw[at], raw[at + 1]
    if accent == "`" and not (at > 0 and raw[at - 1].isalpha()):
        # A backtick before a word is more likely code or a TeX quote than an accent.
        return None
    letter = _DOTLESS.get(base, base)
    composed = unicodedata.normalize("NFC", letter + _SPACING_TO_COMBINING[accent])
    return composed if len(composed) == 1 else None


def _clean(raw: str, want_map: bool) -> tuple[str, list[int] | None]:
    """Cleaned text and, if asked, for each cleaned code point the index of its raw one."""
    pieces: list[str] = []
    origin: list[int] | None = [] if want_map else None
    pos = 0
    for m in _SPECIAL.finditer(raw):
        s = m.start()
        if s > pos:
            pieces.append(raw[pos:s])
            if origin is not None:
                origin.extend(range(pos, s))
        token = m.group()
        if token == "\r\n":
            out, src = "\n", s + 1
        elif token == "\ufffe":
            out, src = _SOFT_HYPHEN, s
        elif token[0] in _SPACING_TO_COMBINING and len(token) == 2:
            composed = _compose(raw, s)
            if composed is None:
                pieces.append(token)
                if origin is not None:
                    origin.extend((s, s + 1))
                pos = m.end()
                continue
            # The letter's box stands for the pair: the accent sits above it anyway.
            out, src = composed, s + 1
        else:
            pos = m.end()
            continue
        pieces.append(out)
        if origin is not None:
            origin.append(src)
        pos = m.end()
    if pos == 0 and not pieces:
        return raw, (list(range(len(raw))) if want_map else None)
    pieces.append(raw[pos:])
    if origin is not None:
        origin.extend(range(pos, len(raw)))
    return "".join(pieces), origin


def clean_text(raw: str) -> str:
    """The stored form of pdfium's page text. Deterministic; no NFKC (ligatures stay)."""
    return _clean(raw, False)[0]


def clean_with_origin(raw: str) -> tuple[str, list[int]]:
    """clean_text, plus for each code point of the result the index of its source in raw."""
    text, origin = _clean(raw, True)
    assert origin is not None
    return text, origin
