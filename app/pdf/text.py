"""Page text in reading order, through pdfium's text-only path (the fast one).

Offsets the core stores (passage anchors, word spans) are code points into the cleaned text
this module returns, so the cleaning below is part of the file format: change it and every
stored anchor shifts. `page_words` in words.py returns the very same text.
"""

from __future__ import annotations

import ctypes
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium

from app.pdf import PDFIUM_LOCK
from app.pdf.errors import DamagedPdf
from app.pdf.handles import check_header, document

if TYPE_CHECKING:
    from collections.abc import Sequence

# Same values as app.core.types; duplicated because the PDF layer must not import the core.
TEXT_OK = "ok"
TEXT_NONE = "none"
TEXT_UNUSABLE = "unusable"
TEXT_ERROR = "error"

# A page is "unusable" when at least this share of its glyphs decode to control characters:
# fonts without a usable Unicode mapping come out of pdfium as runs of \x04\x05... (about 85%
# on such pages), while ordinary pages carry a handful (a stray symbol glyph, well under 5%).
UNUSABLE_SHARE = 0.25


@dataclass(frozen=True)
class PageText:
    index: int
    width: float  # points, as displayed (after /Rotate)
    height: float
    rotation: int  # the page's /Rotate: 0, 90, 180 or 270
    text: str
    status: str  # TEXT_OK, TEXT_NONE, TEXT_UNUSABLE or TEXT_ERROR
    error: str | None = None


# ---------------------------------------------------------------------------------------------
# Cleaning

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


# ---------------------------------------------------------------------------------------------
# Status

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


# ---------------------------------------------------------------------------------------------
# pdfium


def pdfium_raw_text(page: pdfium.PdfPage) -> tuple[str, pdfium.PdfTextPage]:
    """The page's raw text and its open text page (the caller closes it). Lock held."""
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range(), textpage
    except BaseException:
        textpage.close()
        raise


def page_count(data: bytes, password: str | None = None) -> int:
    """Number of pages; raises a PdfError subclass when the file cannot be opened."""
    try:
        with document(data, password, None) as doc:
            return len(doc)
    except DamagedPdf as exc:
        pages = _plumber_page_count(data, password)
        if pages is None:
            raise exc from None
        return pages


def extract_pages(
    data: bytes, password: str | None, start: int, stop: int, key: str | None = None
) -> list[PageText]:
    """Pages start..stop-1 (clamped to the document), cleaned, in reading order.

    Raises PdfError only when the document itself cannot be opened; a page that fails comes
    back with status TEXT_ERROR and the reason. When pdfium cannot open the file at all but
    pdfplumber can, the text comes from pdfplumber (Hebrew and other right-to-left text then
    comes out in visual rather than logical order, and nothing will render).
    """
    if start < 0 or stop < start:
        raise ValueError(f"bad page range {start}..{stop}")
    try:
        with document(data, password, key) as doc:
            pages = [_pdfium_page(doc, i) for i in range(start, min(stop, len(doc)))]
    except DamagedPdf as exc:
        fallback = _plumber_pages(data, password, start, stop)
        if fallback is None:
            raise exc from None
        return fallback
    failed = [p.index for p in pages if p.status == TEXT_ERROR]
    if failed:
        rescued = {p.index: p for p in _plumber_pages(data, password, failed) or []}
        pages = [rescued.get(p.index, p) if p.status == TEXT_ERROR else p for p in pages]
    return pages


def _pdfium_page(doc: pdfium.PdfDocument, index: int) -> PageText:
    with PDFIUM_LOCK:
        try:
            page = doc[index]
        except Exception as exc:  # pdfium gives no detail beyond "failed to load page"
            width, height = _page_size_by_index(doc, index)
            return PageText(index, width, height, 0, "", TEXT_ERROR, f"page cannot be read: {exc}")
        try:
            width, height = page.get_size()
            rotation = page.get_rotation()
            try:
                raw, textpage = pdfium_raw_text(page)
                textpage.close()
            except Exception as exc:
                return PageText(
                    index, width, height, rotation, "", TEXT_ERROR, f"text cannot be read: {exc}"
                )
        finally:
            page.close()
    return PageText(index, width, height, rotation, clean_text(raw), text_status(raw))


def _page_size_by_index(doc: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    # Readable from the page tree even when the page itself will not load.
    size = pdfium.raw.FS_SIZEF()
    if pdfium.raw.FPDF_GetPageSizeByIndexF(doc, index, ctypes.byref(size)):
        return float(size.width), float(size.height)
    return 0.0, 0.0


# ---------------------------------------------------------------------------------------------
# pdfplumber fallback (imported only when needed: it is slow to import and to run)


@dataclass(frozen=True)
class PlumberChar:
    x0: float
    top: float
    x1: float
    bottom: float


def plumber_open(data: bytes, password: str | None) -> Any | None:
    try:
        check_header(data)
        import pdfplumber

        return pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception:
        return None


def _plumber_page_count(data: bytes, password: str | None) -> int | None:
    pdf = plumber_open(data, password)
    if pdf is None:
        return None
    try:
        return len(pdf.pages)
    except Exception:
        return None
    finally:
        pdf.close()


def plumber_raw_page(pdf: Any, index: int) -> tuple[PageText, str, list[PlumberChar | None]]:
    """A page through pdfplumber: its PageText, raw text and each raw character's box (or None).

    pdfplumber already reports page size and character boxes in the displayed frame (after
    /Rotate, top-left origin), which is what Word boxes use.
    """
    page = pdf.pages[index]
    width, height = float(page.width), float(page.height)
    rotation = int(page.rotation or 0) % 360
    try:
        textmap = page.get_textmap()
        raw = "".join(ch for ch, _ in textmap.tuples)
        boxes = [
            None if obj is None else PlumberChar(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
            for _, obj in textmap.tuples
        ]
    except Exception as exc:
        error = f"text cannot be read: {exc}"
        return PageText(index, width, height, rotation, "", TEXT_ERROR, error), "", []
    return PageText(index, width, height, rotation, clean_text(raw), text_status(raw)), raw, boxes


def _plumber_pages(
    data: bytes, password: str | None, start: int | Sequence[int], stop: int | None = None
) -> list[PageText] | None:
    """Pages through pdfplumber, or None when it cannot open the file either."""
    pdf = plumber_open(data, password)
    if pdf is None:
        return None
    try:
        n = len(pdf.pages)
        if isinstance(start, int):
            indices: Sequence[int] = range(start, min(stop if stop is not None else n, n))
        else:
            indices = [i for i in start if i < n]
        out = []
        for i in indices:
            try:
                out.append(plumber_raw_page(pdf, i)[0])
            except Exception as exc:
                out.append(PageText(i, 0.0, 0.0, 0, "", TEXT_ERROR, f"page cannot be read: {exc}"))
        return out
    except Exception:
        return None
    finally:
        pdf.close()
