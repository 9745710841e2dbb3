"""The open PDFs of one project, so that the page on screen is not re-parsed on every call.

A project owns one cache and closes it when it closes: no document outlives the project
that opened it, and two projects never share one. A key is whatever identifies the PDF bytes
to the caller (core uses the file's SHA-256); least recently used documents close first.
Opening, using and closing documents happens under PDFIUM_LOCK, as every pdfium call does.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from app.pdf import PDFIUM_LOCK

if TYPE_CHECKING:
    import pypdfium2 as pdfium

CACHE_SIZE = 8


class DocumentCache:
    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._docs: OrderedDict[str, pdfium.PdfDocument] = OrderedDict()
        self._closed = False

    @contextmanager
    def document(self, data: bytes, password: str | None, key: str) -> Iterator[pdfium.PdfDocument]:
        """The document for key, opened from `data` if it is not held; lock held throughout.

        Once the cache is closed (its project closing under a last task) a document is
        opened for the one call and closed after it.
        """
        from app.pdf.handles import open_document

        with PDFIUM_LOCK:
            if self._closed:
                doc = open_document(data, password)
                try:
                    yield doc
                finally:
                    doc.close()
                return
            doc = self._docs.get(key)
            if doc is None:
                doc = open_document(data, password)
                self._docs[key] = doc
                while len(self._docs) > self.size:
                    _, old = self._docs.popitem(last=False)
                    old.close()
            self._docs.move_to_end(key)
            yield doc

    def forget(self, key: str) -> None:
        """Close the document for key, e.g. when its study is removed or its PDF replaced."""
        with PDFIUM_LOCK:
            doc = self._docs.pop(key, None)
            if doc is not None:
                doc.close()

    def keys(self) -> list[str]:
        """Keys currently held, least recently used first."""
        with PDFIUM_LOCK:
            return list(self._docs)

    def close(self) -> None:
        """Close every document; the cache holds none from now on."""
        with PDFIUM_LOCK:
            self._closed = True
            while self._docs:
                _, doc = self._docs.popitem()
                doc.close()

    @property
    def closed(self) -> bool:
        return self._closed
