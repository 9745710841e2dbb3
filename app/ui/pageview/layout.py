"""Where each page sits in the continuous scroll: pure arithmetic, no widgets.

Scene units are logical pixels at the current zoom, so a rendered image is drawn 1:1 and
stays sharp; a page's points map to the scene by one scale and one offset.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

# 100 % shows a page at its printed size on a 96-dpi logical screen.
POINT_PX = 96.0 / 72.0
GAP = 12.0  # between pages and around them, in logical pixels
STRIPE_MARGIN = 140.0  # left of the pages, for coding stripes and their labels
RIGHT_MARGIN = 2 * GAP  # the right side needs only breathing room
SIDES = STRIPE_MARGIN + RIGHT_MARGIN
MIN_ZOOM = 0.2
MAX_ZOOM = 6.0


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


class PageLayout:
    """Pages of given sizes (points) stacked top to bottom and centred, at one zoom."""

    def __init__(self, sizes: Sequence[tuple[float, float]], zoom: float):
        self.sizes = tuple(sizes)
        self.zoom = zoom
        self.scale = zoom * POINT_PX  # logical pixels per point
        widest = max((w for w, _ in self.sizes), default=0.0) * self.scale
        self.width = widest + SIDES
        self.tops: list[float] = []
        self.lefts: list[float] = []
        y = GAP
        for w, h in self.sizes:
            self.tops.append(y)
            self.lefts.append(STRIPE_MARGIN + (widest - w * self.scale) / 2)
            y += h * self.scale + GAP
        self.height = y

    def __len__(self) -> int:
        return len(self.sizes)

    def page_rect(self, page: int) -> tuple[float, float, float, float]:
        """Scene rectangle of a page: x, y, width, height."""
        w, h = self.sizes[page]
        return self.lefts[page], self.tops[page], w * self.scale, h * self.scale

    def page_at(self, y: float) -> int:
        """The page under a scene y, or the nearest one when y falls in a gap."""
        if not self.sizes:
            raise IndexError("no pages")
        index = max(0, bisect_right(self.tops, y) - 1)
        bottom = self.tops[index] + self.sizes[index][1] * self.scale
        # In the gap below a page: whichever edge is closer.
        if y > bottom and index + 1 < len(self.sizes) and self.tops[index + 1] - y < y - bottom:
            index += 1
        return index

    def to_scene(self, page: int, x: float, y: float) -> tuple[float, float]:
        return self.lefts[page] + x * self.scale, self.tops[page] + y * self.scale

    def from_scene(self, sx: float, sy: float, page: int | None = None) -> tuple[int, float, float]:
        """The page (nearest, unless given) and the point on it, in points; not clamped."""
        if page is None:
            page = self.page_at(sy)
        return page, (sx - self.lefts[page]) / self.scale, (sy - self.tops[page]) / self.scale

    def visible(self, top: float, bottom: float) -> range:
        """Pages that intersect the scene band [top, bottom]."""
        if not self.sizes:
            return range(0)
        first = max(0, bisect_right(self.tops, top) - 1)
        if self.tops[first] + self.sizes[first][1] * self.scale < top:
            first += 1
        last = max(first, bisect_right(self.tops, bottom) - 1)
        return range(first, min(last, len(self.sizes) - 1) + 1)


def fit_width_zoom(sizes: Sequence[tuple[float, float]], viewport_width: float) -> float:
    """The zoom at which the widest page and its margins fill the viewport's width."""
    widest = max((w for w, _ in sizes), default=0.0)
    if widest <= 0:
        return 1.0
    return clamp_zoom((viewport_width - SIDES) / (widest * POINT_PX))


def fit_page_zoom(size: tuple[float, float], viewport: tuple[float, float]) -> float:
    """The zoom at which one whole page (with a gap above and below) fits the viewport."""
    w, h = size
    if w <= 0 or h <= 0:
        return 1.0
    by_width = (viewport[0] - SIDES) / (w * POINT_PX)
    by_height = (viewport[1] - 2 * GAP) / (h * POINT_PX)
    return clamp_zoom(min(by_width, by_height))
