"""Opening pdfium documents, with a small cache for the pages a reader is looking at.

A key is whatever identifies the PDF bytes to the caller (the core uses the file's sha256).
With a key, the parsed document is kept (least recently used first out), so that rendering and
word boxes for the page on screen do not re-parse the file on every call. Without a key the
document is opened for one call and closed at once.
"""

from __future__ import annotations

import atexit
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium

from app.pdf import PDFIUM_LOCK
from app.pdf.errors import DamagedPdf, NotAPdf, PasswordRequired, PdfError, WrongPassword

CACHE_SIZE = 8

# pdfium's FPDF_GetLastError codes (fpdfview.h).
_ERR_FORMAT = 3
_ERR_PASSWORD = 4
_ERR_SECURITY = 5

# The spec lets the header start anywhere in the first 1024 bytes; real files put junk there.
_HEADER_WINDOW = 1024

_cache: OrderedDict[str, pdfium.PdfDocument] = OrderedDict()


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
def document(data: bytes, password: str | None, key: str | None) -> Iterator[pdfium.PdfDocument]:
    """The opened document, under PDFIUM_LOCK for the whole with-block."""
    with PDFIUM_LOCK:
        if key is None:
            doc = open_document(data, password)
            try:
                yield doc
            finally:
                doc.close()
            return
        doc = _cache.get(key)
        if doc is None:
            doc = open_document(data, password)
            _cache[key] = doc
            while len(_cache) > CACHE_SIZE:
                _, old = _cache.popitem(last=False)
                old.close()
        _cache.move_to_end(key)
        yield doc


def forget(key: str) -> None:
    """Close the cached document for key, e.g. when its study is removed or its PDF replaced."""
    with PDFIUM_LOCK:
        doc = _cache.pop(key, None)
        if doc is not None:
            doc.close()


def clear() -> None:
    """Close every cached document (closing a project)."""
    with PDFIUM_LOCK:
        while _cache:
            _, doc = _cache.popitem()
            doc.close()


def cached_keys() -> list[str]:
    """Keys currently held, least recently used first."""
    with PDFIUM_LOCK:
        return list(_cache)


# Close cached documents before the interpreter tears pdfium down.
atexit.register(clear)
