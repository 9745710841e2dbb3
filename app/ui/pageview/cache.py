"""Rendered page images, least recently used first out, bounded by bytes rather than count.

A count would not bound memory: one page at 400 % on a HiDPI screen weighs as much as a
hundred thumbnails. Keys are (study id, page, scale key); images of the same page at another
zoom stand in, scaled, while the sharp one renders.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

DEFAULT_LIMIT = 256 * 1024 * 1024

CacheKey = tuple[int, int, int]  # study id, page index, round(device pixels per point * 1000)


def scale_key(scale: float) -> int:
    return round(scale * 1000)


class ImageCache:
    def __init__(self, limit_bytes: int = DEFAULT_LIMIT):
        self.limit_bytes = limit_bytes
        self._images: OrderedDict[CacheKey, QImage] = OrderedDict()
        self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._images)

    def __contains__(self, key: object) -> bool:
        return key in self._images

    def get(self, key: CacheKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def stand_in(self, study_id: int, page: int) -> QImage | None:
        """Any image of the page at another scale, the sharpest first."""
        found = [(k[2], img) for k, img in self._images.items() if k[:2] == (study_id, page)]
        return max(found, key=lambda item: item[0])[1] if found else None

    def put(self, key: CacheKey, image: QImage) -> bool:
        """Keep an image, evicting the least recently used; False if it alone is too big."""
        size = image.sizeInBytes()
        if size > self.limit_bytes:
            return False
        self.discard(key)
        while self._images and self._bytes + size > self.limit_bytes:
            _, old = self._images.popitem(last=False)
            self._bytes -= old.sizeInBytes()
        self._images[key] = image
        self._bytes += size
        return True

    def discard(self, key: CacheKey) -> None:
        old = self._images.pop(key, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()

    def drop_study(self, study_id: int) -> None:
        for key in [k for k in self._images if k[0] == study_id]:
            self.discard(key)

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0
