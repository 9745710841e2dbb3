"""Words of one page with their boxes, for the page on screen (about 10 ms a page).

Boxes are in points with the origin at the top-left of the page as displayed, i.e. after
/Rotate, so a box scaled by the render scale lands on the word in the rendered image.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.pdf import PDFIUM_LOCK
from app.pdf.cache import DocumentCache
from app.pdf.cleaning import clean_with_origin
from app.pdf.errors import DamagedPdf, PdfError
from app.pdf.frame import Box, DisplayFrame
from app.pdf.glyphs import GlyphNames
from app.pdf.handles import document
from app.pdf.layer import LAYER_VERSION, open_layer
from app.pdf.status import TEXT_ERROR
from app.pdf.text import PlumberChar, plumber_open, plumber_raw_page


@dataclass(frozen=True)
class Word:
    """Same fields as app.core.types.Word: span in the page text, box from the top-left."""

    start: int
    end: int
    x0: float
    top: float
    x1: float
    bottom: float


# A word is a run of non-whitespace (Python's notion: NBSP and the other Unicode spaces count
# as whitespace too). Chinese and Japanese are written without spaces, so each ideograph or
# kana is a word of its own: otherwise a whole line would select as one word.
_IDEOGRAPHIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_WORD = re.compile(f"[{_IDEOGRAPHIC}]|[^\\s{_IDEOGRAPHIC}]+")

# Consecutive glyphs of one word further apart than this many glyph sizes are on different
# lines: a word hyphenated across a line break ("dif\u00ad" / "ferential") gets a box per line
# instead of one box spanning both lines and everything between them.
_LINE_JUMP = 1.5


def page_words(
    data: bytes,
    password: str | None,
    index: int,
    key: str | None = None,
    spans: Sequence[tuple[int, int]] | None = None,
    version: int = LAYER_VERSION,
    cache: DocumentCache | None = None,
) -> tuple[str, list[Word]]:
    """The page's cleaned text (identical to extract_pages') and its words with boxes.

    A word is a maximal run of non-whitespace, split only where it continues on another line.
    With `spans` (offsets into that text), only the parts of words inside them are boxed:
    a few glyphs instead of the whole page, the quick way to place search hits on a page
    that has not been shown yet. `version` is the text layer the caller's text was made by.
    With a project's `cache`, the document is kept open there under `key`.
    Raises PdfError if the document or the page cannot be read.
    """
    try:
        with document(data, password, key, cache) as doc:
            if not 0 <= index < len(doc):
                raise PdfError(f"no page {index + 1}")
            return _pdfium_words(doc, index, spans, version, GlyphNames(data, password))
    except DamagedPdf as exc:
        found = _plumber_words(data, password, index)
        if found is None:
            raise exc from None
        return found


def _pdfium_words(
    doc: pdfium.PdfDocument,
    index: int,
    spans: Sequence[tuple[int, int]] | None,
    version: int,
    glyphs: GlyphNames,
) -> tuple[str, list[Word]]:
    with PDFIUM_LOCK:
        try:
            with open_layer(doc, index, version, glyphs) as (textpage, layer, frame):
                pieces = _pieces(layer.text, spans)
                boxes = _char_boxes(textpage, layer.chars, pieces)
        except PdfError:
            raise
        except Exception as exc:
            raise PdfError(f"page {index + 1} cannot be read") from exc
    return layer.text, _words(boxes, frame, pieces)


def _pieces(text: str, spans: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """The stretches of text to box: every word, or the parts of words inside `spans`."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if spans is None:
        return words
    pieces: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        for start, end in words:
            if end > lo and start < hi:
                pieces.append((max(start, lo), min(end, hi)))
    return sorted(set(pieces))


def _char_boxes(
    textpage: pdfium.PdfTextPage,
    chars: list[int],
    pieces: Sequence[tuple[int, int]],
) -> list[Box | None]:
    """Box in PDF user space (x0, y0, x1, y1) of each code point of the text inside a word."""
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    tp = textpage.raw
    boxes: list[Box | None] = [None] * len(chars)
    for first, last in pieces:
        for k in range(first, last):
            ci = chars[k]
            if ci < 0 or not get_box(tp, ci, rect_ref):
                continue
            left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
            if left == right and top == bottom:
                continue  # pdfium-generated character without a glyph
            boxes[k] = (left, bottom, right, top)
    return boxes


def _words(
    boxes: list[Box | None],
    to_display: Callable[[Box], Box] | None,
    pieces: Sequence[tuple[int, int]],
) -> list[Word]:
    """Words from per-code-point boxes (any axis-aligned frame; to_display maps a word's box).

    Splitting on a jump between glyphs works in any frame turned by a multiple of 90 degrees,
    so it runs on the raw boxes and only each word's box gets transformed.
    """
    words: list[Word] = []

    def emit(start: int, end: int, box: Box) -> None:
        x0, y0, x1, y1 = to_display(box) if to_display is not None else box
        words.append(Word(start, end, x0, y0, x1, y1))

    for first, last in pieces:
        start = first
        cur: Box | None = None
        px0 = py0 = px1 = py1 = 0.0
        for k in range(first, last):
            b = boxes[k]
            if b is None:
                continue
            x0, y0, x1, y1 = b
            if cur is not None:
                glyph = max(px1 - px0, py1 - py0, x1 - x0, y1 - y0)
                gap = max(x0 - px1, px0 - x1, y0 - py1, py0 - y1)
                if gap > _LINE_JUMP * glyph:
                    emit(start, k, cur)
                    start, cur = k, None
            if cur is None:
                cur = b
            else:
                cx0, cy0, cx1, cy1 = cur
                cur = (
                    x0 if x0 < cx0 else cx0,
                    y0 if y0 < cy0 else cy0,
                    x1 if x1 > cx1 else cx1,
                    y1 if y1 > cy1 else cy1,
                )
            px0, py0, px1, py1 = x0, y0, x1, y1
        if cur is not None:
            emit(start, last, cur)
    return words


def display_transform(bbox: tuple[float, float, float, float], rotation: int) -> DisplayFrame:
    """Map for boxes from a page whose visible box is bbox (l, b, r, t) and /Rotate rotation."""
    return DisplayFrame(bbox, rotation)


# ---------------------------------------------------------------------------------------------
# pdfplumber fallback, for files pdfium cannot open


def _plumber_words(data: bytes, password: str | None, index: int) -> tuple[str, list[Word]] | None:
    pdf = plumber_open(data, password)
    if pdf is None:
        return None
    try:
        if not 0 <= index < len(pdf.pages):
            raise PdfError(f"no page {index + 1}")
        page, raw_text, raw_boxes = plumber_raw_page(pdf, index)
    except PdfError:
        raise
    except Exception:
        return None
    finally:
        pdf.close()
    if page.status == TEXT_ERROR:
        raise PdfError(page.error or f"text of page {index + 1} cannot be read")
    text, origin = clean_with_origin(raw_text)
    assert text == page.text
    boxes: list[Box | None] = []
    for r in origin:
        c: PlumberChar | None = raw_boxes[r]
        boxes.append(None if c is None else (c.x0, c.top, c.x1, c.bottom))
    return text, _words(boxes, None, _pieces(text, None))
