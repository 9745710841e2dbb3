"""Page images for the reader.

Pixel format: 4 bytes a pixel in memory order B, G, R, A, every pixel opaque (alpha 255).
On a little-endian machine that is QImage.Format_ARGB32 (0xAARRGGBB words); as all pixels are
opaque, Format_ARGB32_Premultiplied describes the same bytes and paints faster. Rows are
`stride` bytes apart (pdfium may pad them).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.pdf import PDFIUM_LOCK
from app.pdf.cache import DocumentCache
from app.pdf.errors import PdfError
from app.pdf.handles import document

PIXEL_FORMAT = "BGRA8888"  # see the module docstring for the Qt format it maps to

# A bitmap beyond this many pixels (about 400 MB) is a scale the caller did not mean.
MAX_PIXELS = 100_000_000

_WHITE = 0xFFFFFFFF
# Annotations on (highlights, stamps, links' appearance), and no LCD sub-pixel text: the
# image gets scaled and overdrawn with highlight boxes, where coloured fringes would show.
_FLAGS = pdfium_c.FPDF_ANNOT


@dataclass
class Bitmap:
    width: int
    height: int
    stride: int
    data: bytes  # PIXEL_FORMAT, height rows of stride bytes


def render_page(
    data: bytes,
    password: str | None,
    index: int,
    scale: float,
    key: str | None = None,
    cache: DocumentCache | None = None,
) -> Bitmap:
    """The page as displayed (its /Rotate applied) at scale pixels per point, on white.

    With a project's `cache`, the document is kept open there under `key`.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, not {scale}")
    with document(data, password, key, cache) as doc:
        if not 0 <= index < len(doc):
            raise PdfError(f"no page {index + 1}")
        with PDFIUM_LOCK:
            return _render(doc, index, scale)


def _render(doc: pdfium.PdfDocument, index: int, scale: float) -> Bitmap:
    try:
        page = doc[index]
    except Exception as exc:
        raise PdfError(f"page {index + 1} cannot be read") from exc
    try:
        # get_size is already the displayed size: pdfium swaps it for /Rotate 90 and 270.
        pw, ph = page.get_size()
        width, height = max(1, round(pw * scale)), max(1, round(ph * scale))
        if width * height > MAX_PIXELS:
            raise PdfError(f"page {index + 1} is too large to draw at this zoom")
        bitmap = pdfium_c.FPDFBitmap_Create(width, height, 1)
        if not bitmap:
            raise PdfError(f"not enough memory to draw page {index + 1}")
        try:
            pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, _WHITE)
            # rotate=0 means "as the page says": pdfium applies /Rotate itself.
            pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, _FLAGS)
            stride = pdfium_c.FPDFBitmap_GetStride(bitmap)
            buffer = pdfium_c.FPDFBitmap_GetBuffer(bitmap)
            pixels = ctypes.string_at(buffer, stride * height)
        finally:
            pdfium_c.FPDFBitmap_Destroy(bitmap)
    finally:
        page.close()
    return Bitmap(width, height, stride, pixels)


def drawing_problem(data: bytes, password: str | None) -> str | None:
    """Why the document's pages cannot be drawn (pdfium cannot open it, or not even its
    first page), or None when they can. The text may still come from the fallback parser."""
    try:
        with document(data, password) as doc:
            if len(doc) == 0:
                return None
            page = doc[0]
            page.close()
    except PdfError as error:
        detail = getattr(error, "detail", None) or str(error)
        return f"the renderer cannot open the file ({detail})"
    except Exception as error:  # pdfium's own failure to load a page
        return f"the renderer cannot read its pages ({error})"
    return None
