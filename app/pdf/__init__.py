"""The PDF layer: page text, word boxes and page images, with no Qt and no domain knowledge."""

from __future__ import annotations

import threading

# pdfium keeps global state and is not thread-safe, and the UI renders from a worker thread:
# every pypdfium2 call in this package (including closing documents) happens under this lock.
# Re-entrant so that helpers may call each other while holding it.
PDFIUM_LOCK = threading.RLock()
