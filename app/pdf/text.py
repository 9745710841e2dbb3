"""Page text for an import: every page's text layer (see layer.py), its viewer label, and
the lines in its margins from which running heads and printed page numbers are found.

`page_words` in words.py returns the very same text for the page on screen.
"""

from __future__ import annotations

import ctypes
import io
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium

from app.pdf import PDFIUM_LOCK
from app.pdf.cleaning import clean_text, clean_with_origin
from app.pdf.errors import DamagedPdf
from app.pdf.frame import DisplayFrame
from app.pdf.glyphs import GlyphNames
from app.pdf.handles import check_header, document
from app.pdf.layer import LAYER_VERSION, Layer, open_layer
from app.pdf.status import TEXT_ERROR, TEXT_NONE, TEXT_OK, TEXT_UNUSABLE, text_status

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "TEXT_ERROR",
    "TEXT_NONE",
    "TEXT_OK",
    "TEXT_UNUSABLE",
    "MarginLine",
    "PageText",
    "clean_text",
    "clean_with_origin",
    "extract_pages",
    "page_count",
    "text_status",
]

log = logging.getLogger(__name__)

# Lines whose middle lies this close to an edge of the page (a share of its height or
# width) may be running heads, feet, page numbers or margin notes.
MARGIN_BAND_Y = 0.15
MARGIN_BAND_X = 0.10


@dataclass(frozen=True)
class MarginLine:
    """A line of the page text near an edge: its span in the text and its box as displayed."""

    start: int
    end: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageText:
    index: int
    width: float  # points, as displayed (after /Rotate)
    height: float
    rotation: int  # the page's /Rotate: 0, 90, 180 or 270
    text: str
    status: str  # TEXT_OK, TEXT_NONE, TEXT_UNUSABLE or TEXT_ERROR
    error: str | None = None
    label: str | None = None  # the viewer's page label (/PageLabels), if the PDF has labels
    unreadable: int = 0  # glyphs with no Unicode mapping, each standing as U+FFFD in text
    hidden: int = 0  # text objects left out because a reader cannot see them
    margins: tuple[MarginLine, ...] = ()


# ---------------------------------------------------------------------------------------------
# pdfium


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
    data: bytes,
    password: str | None,
    start: int,
    stop: int,
    key: str | None = None,
    version: int = LAYER_VERSION,
) -> list[PageText]:
    """Pages start..stop-1 (clamped to the document), cleaned, in reading order.

    Raises PdfError only when the document itself cannot be opened; a page that fails comes
    back with status TEXT_ERROR and the reason. When pdfium cannot open the file at all but
    pdfplumber can, the text comes from pdfplumber (Hebrew and other right-to-left text then
    comes out in visual rather than logical order, and nothing will render).
    """
    if start < 0 or stop < start:
        raise ValueError(f"bad page range {start}..{stop}")
    glyphs = GlyphNames(data, password)
    try:
        with document(data, password, key) as doc:
            pages = [
                _pdfium_page(doc, i, version, glyphs) for i in range(start, min(stop, len(doc)))
            ]
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


def _pdfium_page(doc: pdfium.PdfDocument, index: int, version: int, glyphs: GlyphNames) -> PageText:
    with PDFIUM_LOCK:
        width, height = _page_size_by_index(doc, index)
        label = page_label(doc, index)
        try:
            with open_layer(doc, index, version, glyphs) as (textpage, layer, frame):
                margins = _margin_lines(textpage, layer, frame)
                rotation = frame.rotation
        except Exception as exc:  # pdfium gives no detail beyond "failed to load page"
            log.info("page %d unreadable: %s", index + 1, exc)
            return PageText(
                index, width, height, 0, "", TEXT_ERROR, f"page cannot be read: {exc}", label
            )
    width, height = frame.displayed_size
    return PageText(
        index,
        width,
        height,
        rotation,
        layer.text,
        layer.status,
        None,
        label,
        layer.unreadable,
        layer.hidden,
        margins,
    )


def page_label(doc: pdfium.PdfDocument, index: int) -> str | None:
    """The label a PDF viewer shows for the page, when the document defines labels."""
    size = pdfium.raw.FPDF_GetPageLabel(doc.raw, index, None, 0)
    if size <= 2:
        return None
    buffer = (ctypes.c_ubyte * size)()
    pdfium.raw.FPDF_GetPageLabel(doc.raw, index, buffer, size)
    label = bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\x00").strip()
    return label or None


def _margin_lines(
    textpage: pdfium.PdfTextPage, layer: Layer, frame: DisplayFrame
) -> tuple[MarginLine, ...]:
    """Lines of the page text that sit near an edge of the page as displayed."""
    width, height = frame.displayed_size
    if width <= 0 or height <= 0:
        return ()
    rect = pdfium.raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_box = pdfium.raw.FPDFText_GetLooseCharBox
    tp = textpage.raw
    found: list[MarginLine] = []
    text, chars = layer.text, layer.chars
    low_y, high_y = MARGIN_BAND_Y * height, (1 - MARGIN_BAND_Y) * height
    low_x, high_x = MARGIN_BAND_X * width, (1 - MARGIN_BAND_X) * width

    def in_margin(box: tuple[float, float, float, float]) -> bool:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return cy < low_y or cy > high_y or cx < low_x or cx > high_x

    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end < 0 else end
        # The first glyph tells whether a line can be near an edge at all (most lines are
        # not); only those lines are measured whole.
        k = start
        while k < end and (chars[k] < 0 or text[k].isspace()):
            k += 1
        if k < end and get_box(tp, chars[k], rect_ref):
            first = frame((rect.left, rect.bottom, rect.right, rect.top))
            if in_margin(first):
                box = _span_box(tp, rect, frame, chars, text, start, end) or first
                if in_margin(box):
                    found.append(MarginLine(start, end, *box))
        start = end + 1
    return tuple(found)


def _span_box(
    tp: Any,
    rect: Any,
    frame: DisplayFrame,
    chars: list[int],
    text: str,
    start: int,
    end: int,
) -> tuple[float, float, float, float] | None:
    """The displayed box of a line from its first and last glyph."""
    ends = []
    for k in range(start, end):
        if not text[k].isspace() and chars[k] >= 0:
            ends.append(k)
            break
    for k in range(end - 1, start - 1, -1):
        if not text[k].isspace() and chars[k] >= 0:
            ends.append(k)
            break
    boxes = []
    for k in ends:
        if pdfium.raw.FPDFText_GetLooseCharBox(tp, chars[k], ctypes.byref(rect)):
            boxes.append(frame((rect.left, rect.bottom, rect.right, rect.top)))
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


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
