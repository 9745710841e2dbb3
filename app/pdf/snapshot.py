"""A picture of one rectangle of a page: what a region passage shows in an export."""

from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c

from app.pdf import PDFIUM_LOCK
from app.pdf.errors import PdfError
from app.pdf.handles import document
from app.pdf.render import MAX_PIXELS, Bitmap

_WHITE = 0xFFFFFFFF


def render_rect(
    data: bytes,
    password: str | None,
    index: int,
    rect: tuple[float, float, float, float],
    scale: float,
    key: str | None = None,
) -> Bitmap:
    """The rectangle (x0, top, x1, bottom; points from the displayed top-left) of a page,
    at `scale` pixels per point, in render.PIXEL_FORMAT. Only that part is drawn."""
    x0, top, x1, bottom = rect
    width, height = max(1, round((x1 - x0) * scale)), max(1, round((bottom - top) * scale))
    if not scale > 0 or width * height > MAX_PIXELS:
        raise PdfError(f"the region on page {index + 1} is too large to draw")
    with document(data, password, key) as doc, PDFIUM_LOCK:
        if not 0 <= index < len(doc):
            raise PdfError(f"no page {index + 1}")
        page = doc[index]
        try:
            pw, ph = page.get_size()
            bitmap = pdfium_c.FPDFBitmap_Create(width, height, 1)
            if not bitmap:
                raise PdfError(f"not enough memory to draw page {index + 1}")
            try:
                pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, _WHITE)
                # The whole page is laid out at this scale, shifted so the rectangle's
                # corner lands on the bitmap's origin; pdfium clips to the bitmap.
                pdfium_c.FPDF_RenderPageBitmap(
                    bitmap,
                    page,
                    -round(x0 * scale),
                    -round(top * scale),
                    max(1, round(pw * scale)),
                    max(1, round(ph * scale)),
                    0,
                    pdfium_c.FPDF_ANNOT,
                )
                stride = pdfium_c.FPDFBitmap_GetStride(bitmap)
                pixels = ctypes.string_at(pdfium_c.FPDFBitmap_GetBuffer(bitmap), stride * height)
            finally:
                pdfium_c.FPDFBitmap_Destroy(bitmap)
        finally:
            page.close()
    return Bitmap(width, height, stride, pixels)


def to_png(bitmap: Bitmap) -> bytes:
    import io

    from PIL import Image

    image = Image.frombuffer(
        "RGB", (bitmap.width, bitmap.height), bitmap.data, "raw", "BGRX", bitmap.stride, 1
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
