"""The grips of the selected passage: its start and end (a text passage) or its four corners
(a region), where a drag changes how much it covers."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.types import Passage

GRIP_PX = 6  # how far from a grip, in pixels, a press still takes it
CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")


@dataclass(frozen=True)
class Handle:
    passage_id: int
    which: str  # "start", "end", or one of CORNERS
    page: int
    x: float  # points on the page
    top: float
    bottom: float  # the same as top for a corner

    @property
    def is_corner(self) -> bool:
        return self.which in CORNERS


def handles_of(passage: Passage) -> list[Handle]:
    if passage.kind == "region" and passage.rect is not None:
        x0, top, x1, bottom = passage.rect
        points = ((x0, top), (x1, top), (x1, bottom), (x0, bottom))
        return [
            Handle(passage.id, name, passage.start_page, x, y, y)
            for name, (x, y) in zip(CORNERS, points, strict=True)
        ]
    if not passage.boxes:
        return []
    first, last = passage.boxes[0], passage.boxes[-1]
    return [
        Handle(passage.id, "start", first.page, first.x0, first.top, first.bottom),
        Handle(passage.id, "end", last.page, last.x1, last.top, last.bottom),
    ]


def opposite(handle: Handle, rect: tuple[float, float, float, float]) -> tuple[float, float]:
    """The corner of a region that stays put while `handle` is dragged."""
    x0, top, x1, bottom = rect
    return {
        "top-left": (x1, bottom),
        "top-right": (x0, bottom),
        "bottom-right": (x0, top),
        "bottom-left": (x1, top),
    }[handle.which]
