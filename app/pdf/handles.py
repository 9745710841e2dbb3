"""Opening pdfium documents, and the with-block every pdf function reads them in.

With a project's `DocumentCache` and a key, the parsed document is taken from (or kept in)
that cache, so that rendering and word boxes for the page on screen do not re-parse the file
on every call. Without them the document is opened for one call and closed at once: nothing
here keeps a document of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium

from app.pdf import PDFIUM_LOCK
from app.pdf.cache import DocumentCache
from app.pdf.errors import DamagedPdf, NotAPdf, PasswordRequired, PdfError, WrongPassword

# pdfium's FPDF_GetLastError codes (fpdfview.h).
_ERR_FORMAT = 3
_ERR_PASSWORD = 4
_ERR_SECURITY = 5

# The spec lets the header start anywhere in the first 1024 bytes; real files put junk there.
_HEADER_WINDOW = 1024


def check_header(data: bytes) -> None:
    """Reject what is plainly not a PDF before any parser sees it."""
    if not data:
        raise NotAPdf("empty file (0 bytes)")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise NotAPdf()


def open_document(data: bytes, password: str | None) -> pdfium.PdfDocument:
    """Open with pdfium, translating its failures into PdfError. The caller closes it."""
    check_header(data)
    with PDFIUM_LOCK:
        try:
            # pdfium tries the empty user password by itself, so such files open silently.
            return pdfium.PdfDocument(data, password=password or None)
        except pdfium.PdfiumError as exc:
            raise _translate(exc, password) from exc


def _translate(exc: pdfium.PdfiumError, password: str | None) -> PdfError:
    code = getattr(exc, "err_code", None)
    if code == _ERR_PASSWORD:
        return WrongPassword() if password else PasswordRequired()
    if code == _ERR_SECURITY:
        return PdfError("unsupported encryption")
    if code == _ERR_FORMAT:
        return DamagedPdf("the file structure cannot be read")
    return DamagedPdf(str(exc) or "pdfium could not open it")


@contextmanager
def document(
    data: bytes,
    password: str | None,
    key: str | None = None,
    cache: DocumentCache | None = None,
) -> Iterator[pdfium.PdfDocument]:
    """The opened document, under PDFIUM_LOCK for the whole with-block."""
    if cache is not None and key is not None:
        with cache.document(data, password, key) as doc:
            yield doc
        return
    with PDFIUM_LOCK:
        doc = open_document(data, password)
        try:
            yield doc
        finally:
            doc.close()
