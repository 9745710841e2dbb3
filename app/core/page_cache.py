"""Pages a project has read lately: size, text, word boxes, and the hash of their PDF.

Page text does not change once imported, and word boxes only go from missing to known, so
the pages a reader is coding are read from the file once, not on every passage. Kept per
project (and per thread safe: the page view's worker reads pages too); forgotten for a
study whenever a change names its studies or pages.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.core.types import PageInfo, Word

PAGES_KEPT = 64


@dataclass(frozen=True)
class PageRecord:
    info: PageInfo
    text: str
    sha256: str  # of the study's PDF
    words: tuple[Word, ...] | None  # None until the page's word boxes are computed
    furniture: tuple[tuple[int, int], ...] = ()  # running heads, feet, page numbers
    layer: int = 2  # the text extractor that made `text` (see app.pdf.layer)


class PageCache:
    def __init__(self, size: int = PAGES_KEPT):
        self.size = size
        self._pages: OrderedDict[tuple[int, int], PageRecord] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, study_id: int, index: int) -> PageRecord | None:
        with self._lock:
            record = self._pages.get((study_id, index))
            if record is not None:
                self._pages.move_to_end((study_id, index))
            return record

    def put(self, record: PageRecord) -> None:
        key = (record.info.study_id, record.info.index)
        with self._lock:
            self._pages[key] = record
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def set_words(self, study_id: int, index: int, words: Iterable[Word]) -> None:
        with self._lock:
            record = self._pages.get((study_id, index))
            if record is not None:
                self._pages[(study_id, index)] = replace(record, words=tuple(words))

    def forget(self, study_ids: Iterable[int] | None = None) -> None:
        """Forget the pages of these studies, or of every study."""
        with self._lock:
            if study_ids is None:
                self._pages.clear()
                return
            gone = set(study_ids)
            for key in [k for k in self._pages if k[0] in gone]:
                del self._pages[key]
