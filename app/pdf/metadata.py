"""What a PDF says about itself: its Info dictionary, and the largest type on its first page.

Both feed guesses at a study's record (title, authors) before the researcher has one; the
core decides what to believe.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.pdf import PDFIUM_LOCK
from app.pdf.errors import PdfError
from app.pdf.handles import document

# Type within this share of the largest size on the page counts as the title's.
_TITLE_SHARE = 0.92
# The title sits in the upper part of the first page.
_TOP_SHARE = 0.5
_MAX_TITLE = 400
_STANDS_OUT = 1.2


@dataclass(frozen=True)
class PdfFacts:
    info: dict[str, str]  # the Info dictionary: Title, Author, Subject, Keywords...
    heading: str  # the run of largest type near the top of the first page
    after_heading: list[str]  # the few lines of text that follow it (often the authors)


def _heading(page: pdfium.PdfPage) -> tuple[str, list[str]]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        height = page.get_height()
        chars: list[str] = []
        sizes: list[float] = []
        for index in range(count):
            chars.append(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)))
            _, bottom, _, top = textpage.get_charbox(index, loose=True)
            upper = top >= height * (1 - _TOP_SHARE)
            sizes.append(top - bottom if upper and not chars[-1].isspace() else 0.0)
    finally:
        textpage.close()
    largest = max(sizes, default=0.0)
    glyphs = sorted(size for size in sizes if size > 0)
    # A title stands out from the text around it; a page set in one size has none.
    if largest <= 0 or largest < glyphs[len(glyphs) // 2] * _STANDS_OUT:
        return "", []
    big = [size >= largest * _TITLE_SHARE for size in sizes]
    start = big.index(True)
    end = start
    for index in range(start, len(chars)):
        if big[index]:
            end = index + 1
        elif not chars[index].isspace():
            break
    heading = " ".join("".join(chars[start:end]).split())[:_MAX_TITLE]
    rest = "".join(chars[end:]).replace("\r\n", "\n").split("\n")
    following = [" ".join(line.split()) for line in rest if line.strip()][:3]
    return heading, following


def pdf_facts(data: bytes, password: str | None) -> PdfFacts:
    """Info dictionary and first-page heading; empty facts for a PDF that will not say."""
    try:
        with document(data, password, None) as doc, PDFIUM_LOCK:
            info = {k: " ".join(str(v).split()) for k, v in doc.get_metadata_dict().items() if v}
            if len(doc) == 0:
                return PdfFacts(info, "", [])
            page = doc[0]
            try:
                heading, following = _heading(page)
            finally:
                page.close()
            return PdfFacts(info, heading, following)
    except (PdfError, pdfium.PdfiumError):
        return PdfFacts({}, "", [])
