"""A small PDF writer for the demo project and for test fixtures.

It places Helvetica text and grey rectangles at given positions (points from the top-left,
as Habitus measures pages) and writes a valid PDF with a cross-reference table. Only what
the demo needs: no images, no embedded fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

FONTS = {"regular": "F1", "bold": "F2"}
# Helvetica's average advance is close to half the font size; wrapping uses a little more
# so that lines never run past the margin.
_AVERAGE_ADVANCE = 0.53


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines that fit `width` points at `size`."""
    limit = max(8, int(width / (size * _AVERAGE_ADVANCE)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) > limit and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def pdf_file(objects: Sequence[bytes], root: int) -> bytes:
    """A whole PDF from its objects (numbered from 1 in order) and the catalog's number."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


@dataclass
class PlacedLine:
    """Where a line of text went: its left x, the top of its line box, and the baseline."""

    text: str
    x: float
    top: float
    baseline: float
    size: float


@dataclass
class PageComposer:
    width: float
    height: float
    rotate: int = 0
    lines: list[PlacedLine] = field(default_factory=list)
    _ops: list[bytes] = field(default_factory=list)

    def text(self, x: float, top: float, text: str, size: float = 11, bold: bool = False) -> float:
        """One line of text whose box starts at `top`; returns the top of the next line."""
        baseline = top + size * 0.8
        font = FONTS["bold" if bold else "regular"]
        y = self.height - baseline
        self._ops.append(
            b"BT /%s %.2f Tf %.2f %.2f Td (%s) Tj ET" % (font.encode(), size, x, y, _escape(text))
        )
        self.lines.append(PlacedLine(text, x, top, baseline, size))
        return top + size * 1.35

    def paragraph(
        self,
        x: float,
        top: float,
        width: float,
        text: str,
        size: float = 11,
        bold: bool = False,
    ) -> float:
        for line in wrap(text, width, size):
            top = self.text(x, top, line, size, bold)
        return top + size * 0.5

    def rect(self, x: float, top: float, width: float, height: float, grey: float = 0.6) -> None:
        """A filled rectangle: stands in for a scanned image, with no text behind it."""
        y = self.height - top - height
        self._ops.append(b"q %.2f g %.2f %.2f %.2f %.2f re f Q" % (grey, x, y, width, height))

    def content(self) -> bytes:
        return b"\n".join(self._ops)


@dataclass
class PdfComposer:
    pages: list[PageComposer] = field(default_factory=list)

    def page(self, width: float = 595.0, height: float = 842.0, rotate: int = 0) -> PageComposer:
        page = PageComposer(width, height, rotate)
        self.pages.append(page)
        return page

    def to_bytes(self) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog = add(b"")  # filled in once the page tree exists
        tree = add(b"")
        regular = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
        bold = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
            b"/Encoding /WinAnsiEncoding >>"
        )
        kids: list[int] = []
        for page in self.pages:
            stream = page.content()
            contents = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
            kids.append(
                add(
                    b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Rotate %d "
                    b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
                    % (tree, page.width, page.height, page.rotate, regular, bold, contents)
                )
            )
        objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
        objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % kid for kid in kids),
            len(kids),
        )
        return pdf_file(objects, catalog)

    def save(self, path: Path) -> Path:
        path.write_bytes(self.to_bytes())
        return path
