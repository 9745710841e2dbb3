"""Where a page's coordinates start: the displayed frame Habitus measures in (points from
the top-left of the visible box, after /Rotate) and PDF user space (bottom-left origin,
unrotated), which annotations and REFI-QDA selections use.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.pdf import PDFIUM_LOCK
from app.pdf.errors import PdfError
from app.pdf.handles import document

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom in the displayed frame


@dataclass(frozen=True)
class PageFrame:
    box: Rect  # the visible box in user space: left, bottom, right, top
    media: Rect  # the media box in user space: left, bottom, right, top
    rotation: int  # 0, 90, 180 or 270

    @property
    def width(self) -> float:
        """Displayed width (after /Rotate)."""
        w, h = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return h if self.rotation in (90, 270) else w

    @property
    def height(self) -> float:
        w, h = self.box[2] - self.box[0], self.box[3] - self.box[1]
        return w if self.rotation in (90, 270) else h

    def to_user(self, x: float, y: float) -> tuple[float, float]:
        """A displayed point (top-left origin) in PDF user space."""
        left, bottom, right, top = self.box
        w, h = right - left, top - bottom
        # Undo the clockwise turn a viewer gives /Rotate, back to the unrotated page...
        if self.rotation == 90:
            u, v = y, h - x
        elif self.rotation == 180:
            u, v = w - x, h - y
        elif self.rotation == 270:
            u, v = w - y, x
        else:
            u, v = x, y
        # ...whose origin is its top-left corner; user space counts up from the bottom.
        return left + u, top - v

    def from_user(self, x: float, y: float) -> tuple[float, float]:
        left, bottom, right, top = self.box
        w, h = right - left, top - bottom
        u, v = x - left, top - y
        if self.rotation == 90:
            return h - v, u
        if self.rotation == 180:
            return w - u, h - v
        if self.rotation == 270:
            return v, w - u
        return u, v

    def rect_to_user(self, rect: Rect) -> Rect:
        """A displayed rectangle as (left, bottom, right, top) in user space."""
        ax, ay = self.to_user(rect[0], rect[1])
        bx, by = self.to_user(rect[2], rect[3])
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def rect_from_user(self, rect: Rect) -> Rect:
        """A user-space rectangle (two opposite corners) as x0, top, x1, bottom displayed."""
        ax, ay = self.from_user(rect[0], rect[1])
        bx, by = self.from_user(rect[2], rect[3])
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def page_frames(data: bytes, password: str | None, key: str | None = None) -> list[PageFrame]:
    """The frame of every page; raises PdfError when the document cannot be opened."""
    frames: list[PageFrame] = []
    with document(data, password, key) as doc, PDFIUM_LOCK:
        for index in range(len(doc)):
            try:
                page = doc[index]
            except Exception as exc:
                raise PdfError(f"page {index + 1} cannot be read") from exc
            try:
                box = tuple(float(v) for v in page.get_bbox())
                media = tuple(float(v) for v in page.get_mediabox())
                frames.append(PageFrame(box, media, page.get_rotation() % 360))  # type: ignore[arg-type]
            finally:
                page.close()
    return frames
