"""From PDF user space to the page as a reader sees it: top-left origin, after /Rotate."""

from __future__ import annotations

Box = tuple[float, float, float, float]  # two opposite corners: x0, y0, x1, y1


class DisplayFrame:
    """Maps points and boxes of PDF user space (bottom-left origin, unrotated) into the
    displayed top-left frame, for a page whose visible box is bbox (l, b, r, t)."""

    __slots__ = ("bottom", "height", "left", "right", "rotation", "top", "width")

    def __init__(self, bbox: tuple[float, float, float, float], rotation: int) -> None:
        self.left, self.bottom, self.right, self.top = bbox
        self.width = self.right - self.left
        self.height = self.top - self.bottom
        self.rotation = rotation % 360

    def point(self, x: float, y: float) -> tuple[float, float]:
        # Unrotated page with the origin at its top-left corner...
        u, v = x - self.left, self.top - y
        # ...then turned clockwise, as a viewer shows a page with /Rotate.
        if self.rotation == 90:
            return self.height - v, u
        if self.rotation == 180:
            return self.width - u, self.height - v
        if self.rotation == 270:
            return v, self.width - u
        return u, v

    def __call__(self, box: Box) -> Box:
        ax, ay = self.point(box[0], box[1])
        bx, by = self.point(box[2], box[3])
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))

    @property
    def displayed_size(self) -> tuple[float, float]:
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height
