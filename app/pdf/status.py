"""Whether a page's text can be used: none (a scan), unusable (unmapped glyphs), ok."""

from __future__ import annotations

import re

# Same values as app.core.types; duplicated because the PDF layer must not import the core.
TEXT_OK = "ok"
TEXT_NONE = "none"
TEXT_UNUSABLE = "unusable"
TEXT_ERROR = "error"

# A page is "unusable" when at least this share of its glyphs decode to control characters:
# fonts without a usable Unicode mapping come out of pdfium as runs of \x04\x05... (about 85%
# on such pages), while ordinary pages carry a handful (a stray symbol glyph, well under 5%).
UNUSABLE_SHARE = 0.25


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
_NOT_GLYPH = re.compile("[\\s\x00-\x1f\x7f-\x9f\ufffd\ufffe]+")
_CID = re.compile(r"\(cid:\d+\)")


def text_status(raw: str) -> str:
    """TEXT_OK, TEXT_NONE or TEXT_UNUSABLE for a page's raw extracted text."""
    # pdfium ends lines with \r\n; a bare \n or \t is a glyph code leaking through a font
    # that has no Unicode mapping.
    bad = len(_CONTROL.findall(raw)) + raw.count("\n") + raw.count("\t") - 2 * raw.count("\r\n")
    good = len(_NOT_GLYPH.sub("", raw))
    cids = _CID.findall(raw)
    if cids:  # pdfplumber's spelling of an unmapped glyph
        bad += len(cids)
        good -= sum(len(c) for c in cids)
    if good <= 0 and bad <= 0:
        return TEXT_NONE
    return TEXT_UNUSABLE if bad >= UNUSABLE_SHARE * (bad + good) else TEXT_OK
