"""The standard's conventions, and how the tools that write .qdpx files depart from them.

REFI-QDA 1.5, section 10.3: PDF coordinates are whole points from the bottom-left corner of
the media box. Section 10.2: text positions are 0-based Unicode code points, end exclusive.
Pages are numbered from 1. Files in the wild differ by the tool that wrote them (the
project's `origin` attribute): ATLAS.ti numbers pages from 0 and counts CRLF as one
character; NVivo counts UTF-16 code units; QualCoder measures areas from the top-left.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass

from app.pdf.frames import PageFrame

# Guids Habitus derives (for a study's case, a passage's text selection...) are stable
# from one export to the next: name-based UUIDs under this namespace.
NAMESPACE = uuid.UUID("5b0f6c1e-2f47-4c7a-9a55-3f1d0c9e7a41")


_NAMESPACE_BYTES = NAMESPACE.bytes


def derived_guid(*parts: str) -> str:
    """`uuid.uuid5(NAMESPACE, "/".join(parts))` as text, made without building UUID objects
    (an export derives one for each of tens of thousands of passages)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "/".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def whole_points(
    frame: PageFrame, rect: tuple[float, float, float, float]
) -> tuple[int, int, int, int]:
    """A displayed rectangle as REFI-QDA coordinates: left, bottom, right, top in whole
    points from the media box's bottom-left corner, rounded outwards so that it still
    covers what it covered."""
    left, bottom, right, top = frame.rect_to_user(rect)
    mx, my = frame.media[0], frame.media[1]
    return (
        math.floor(left - mx + 1e-6),
        math.floor(bottom - my + 1e-6),
        math.ceil(right - mx - 1e-6),
        math.ceil(top - my - 1e-6),
    )


@dataclass(frozen=True)
class Dialect:
    """How one file's numbers are to be read."""

    pages_from_zero: bool = False
    top_left_origin: bool = False
    positions: str = "codepoints"  # or "utf16", or "lf" (CRLF counted once)

    def page_index(self, page: int) -> int:
        return page if self.pages_from_zero else page - 1

    def rect(
        self, frame: PageFrame, first: tuple[int, int], second: tuple[int, int]
    ) -> tuple[float, float, float, float]:
        """The selection's corners as a displayed rectangle (x0, top, x1, bottom)."""
        xs = sorted((first[0], second[0]))
        ys = sorted((first[1], second[1]))
        mx, my = frame.media[0], frame.media[1]
        if self.top_left_origin:
            # Measured down from the top of the visible page, as displayed.
            return (float(xs[0]), float(ys[0]), float(xs[1]), float(ys[1]))
        return frame.rect_from_user((xs[0] + mx, ys[0] + my, xs[1] + mx, ys[1] + my))


def dialect_of(origin: str, pages: list[int]) -> Dialect:
    """The conventions of the tool named in `origin`; a page numbered 0 means pages count
    from 0 whoever wrote the file."""
    name = origin.casefold()
    zero = "atlas" in name or (bool(pages) and min(pages) == 0)
    if "atlas" in name:
        return Dialect(pages_from_zero=zero, positions="lf")
    if "nvivo" in name:
        return Dialect(pages_from_zero=zero, positions="utf16")
    if "qualcoder" in name:
        return Dialect(pages_from_zero=zero, top_left_origin=True)
    return Dialect(pages_from_zero=zero)


def position_map(text: str, convention: str) -> list[int]:
    """For each position as the file counts it, the code point index in `text` (one extra
    entry at the end), so that positions from any tool index the same string."""
    if convention == "utf16":
        out: list[int] = []
        for index, char in enumerate(text):
            out.append(index)
            if ord(char) > 0xFFFF:
                out.append(index)
        out.append(len(text))
        return out
    if convention == "lf":
        out = []
        index = 0
        while index < len(text):
            out.append(index)
            index += 2 if text.startswith("\r\n", index) else 1
        out.append(len(text))
        return out
    return list(range(len(text) + 1))
