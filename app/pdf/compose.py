"""A small PDF writer for the demo project, test fixtures and typeset text sources.

It places Helvetica text and grey rectangles at given positions (points from the top-left,
as Habitus measures pages) and writes a valid PDF with a cross-reference table. Text that
Helvetica cannot show may be set in a TrueType font found on the computer, embedded.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.pdf.embedded_font import EmbeddedFont, FontUnusable, TrueTypeFont

log = logging.getLogger(__name__)

FONTS = {"regular": "F1", "bold": "F2"}
EMBEDDED = "F3"
# How wide a character is at a size, in points.
Measure = Callable[[str, float], float]
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


def _runs(text: str, font: EmbeddedFont | None) -> list[tuple[bool, str]]:
    """The text in runs of one font: the embedded font (when there is one) wherever it has
    the characters, so that a page reads in one typeface, else Helvetica."""
    runs: list[tuple[bool, str]] = []
    for char in text:
        embedded = font is not None and font.covers(char)
        if runs and runs[-1][0] == embedded:
            runs[-1] = (embedded, runs[-1][1] + char)
        else:
            runs.append((embedded, char))
    return runs or [(False, "")]


@dataclass
class PageComposer:
    width: float
    height: float
    rotate: int = 0
    lines: list[PlacedLine] = field(default_factory=list)
    _ops: list[bytes] = field(default_factory=list)
    font: EmbeddedFont | None = None  # regular text in this font instead of Helvetica

    def text(self, x: float, top: float, text: str, size: float = 11, bold: bool = False) -> float:
        """One line of text whose box starts at `top`; returns the top of the next line."""
        baseline = top + size * 0.8
        y = self.height - baseline
        helvetica = FONTS["bold" if bold else "regular"].encode()
        shows = [b"BT %.2f %.2f Td" % (x, y)]
        for embedded, run in _runs(text, None if bold else self.font):
            if embedded:
                assert self.font is not None
                glyphs = self.font.encode(run)
                shows.append(b"/%s %.2f Tf %s Tj" % (EMBEDDED.encode(), size, glyphs))
            else:
                shows.append(b"/%s %.2f Tf (%s) Tj" % (helvetica, size, _escape(run)))
        shows.append(b"ET")
        self._ops.append(b" ".join(shows))
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
    font: EmbeddedFont | None = None

    def page(self, width: float = 595.0, height: float = 842.0, rotate: int = 0) -> PageComposer:
        page = PageComposer(width, height, rotate, font=self.font)
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
        fonts = b"/F1 %d 0 R /F2 %d 0 R" % (regular, bold)
        if self.font is not None:
            fonts += b" /%s %d 0 R" % (EMBEDDED.encode(), self.font.write(add))
        kids: list[int] = []
        for page in self.pages:
            stream = page.content()
            contents = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
            kids.append(
                add(
                    b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Rotate %d "
                    b"/Resources << /Font << %s >> >> /Contents %d 0 R >>"
                    % (tree, page.width, page.height, page.rotate, fonts, contents)
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


# --- long text over pages --------------------------------------------------------------------

# Helvetica advance widths (Adobe's AFM, 1/1000 em) for printable ASCII; other characters
# are given the width of a digit, close enough to keep lines inside the margins.
_HELVETICA_ASCII = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_OTHER_ADVANCE = 556


def advance(char: str, size: float) -> float:
    code = ord(char)
    width = _HELVETICA_ASCII[code - 32] if 32 <= code < 127 else _OTHER_ADVANCE
    return width * size / 1000.0


@functools.lru_cache(maxsize=4096)
def representable(char: str) -> bool:
    """Whether Helvetica in WinAnsiEncoding can show the character."""
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return char.isprintable() or char == " "


def _left_to_right(char: str) -> bool:
    # Right-to-left letters would have to be set in visual order, and Arabic shaped:
    # they are not typeset in another font.
    return unicodedata.bidirectional(char) not in ("R", "AL", "AN")


def beyond_helvetica(text: str) -> set[str]:
    """The characters of `text` Helvetica cannot show that another font could."""
    return {c for c in set(text) if not c.isspace() and not representable(c) and _left_to_right(c)}


@dataclass
class Typeset:
    """A text typeset into pages, and where each of its characters went.

    `places[i]` is (page, offset) of character i of the text in `page_texts[page]` (its lines
    joined by line feeds), or (-1, -1) for white space that was not placed as such (runs of
    spaces, line breaks, the space where a line was wrapped).
    """

    pdf: bytes
    page_texts: list[str]
    places: list[tuple[int, int]]
    unrepresentable: int  # characters the font cannot show, typeset as "?"
    unshown: frozenset[str] = frozenset()  # which characters those are


_NOT_PLACED = (-1, -1)


def typeset_text(
    text: str,
    width: float = 595.0,
    height: float = 842.0,
    margin: float = 56.0,
    size: float = 10.5,
    font: TrueTypeFont | None = None,
) -> Typeset:
    """Set plain text (a transcript, field notes) in Helvetica, or in `font` (embedded), over
    as many pages as it needs.

    Lines break at the text's own line breaks and wrap at spaces; a word wider than the line
    is cut. A line never ends in a hyphen, which PDF readers take for hyphenation and join.
    """
    embedded = EmbeddedFont(font) if font is not None else None
    measure: Measure = advance
    shows: Callable[[str], bool] = representable
    if embedded is not None:
        other = embedded

        def measure(char: str, size: float) -> float:
            return other.advance(char, size) if other.covers(char) else advance(char, size)

        def shows(char: str) -> bool:
            return representable(char) or (other.covers(char) and _left_to_right(char))

    leading = size * 1.35
    line_width = width - 2 * margin
    places: list[tuple[int, int]] = [_NOT_PLACED] * len(text)
    pages: list[list[list[tuple[int, str]]]] = [[]]  # page -> line -> (source index, char)
    top = margin

    def new_line() -> None:
        nonlocal top
        if top + leading > height - margin and pages[-1]:
            pages.append([])
            top = margin
        top += leading

    for start, stop in _paragraphs(text):
        words = _words(text, start, stop)
        if not words:
            new_line()  # an empty line of the source: vertical space, nothing placed
            continue
        for line in _wrap(words, line_width, size, measure):
            new_line()
            pages[-1].append(line)
    composer = PdfComposer(font=embedded)
    page_texts: list[str] = []
    unrepresentable = 0
    unshown: set[str] = set()
    for page_number, lines in enumerate(pages):
        page = composer.page(width, height)
        offset = 0
        strings: list[str] = []
        for row, line in enumerate(lines):
            shown = []
            for index, char in line:
                if index >= 0:
                    places[index] = (page_number, offset)
                if not shows(char):
                    unrepresentable += 1
                    unshown.add(char)
                    char = "?"
                shown.append(char)
                offset += 1
            strings.append("".join(shown))
            offset += 1  # the line feed between lines
            page.text(margin, margin + row * leading, "".join(shown), size)
        page_texts.append("\n".join(strings))
    try:
        pdf = composer.to_bytes()
    except FontUnusable as error:
        log.warning("typeset in Helvetica alone: font %s %s", font and font.name, error)
        return typeset_text(text, width, height, margin, size)
    return Typeset(pdf, page_texts, places, unrepresentable, frozenset(unshown))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, stop) of each line of the source; CRLF, CR and LF all end a line."""
    spans: list[tuple[int, int]] = []
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in "\r\n":
            spans.append((start, index))
            if char == "\r" and index + 1 < len(text) and text[index + 1] == "\n":
                index += 1
            start = index + 1
        index += 1
    spans.append((start, len(text)))
    return spans


def _words(text: str, start: int, stop: int) -> list[list[tuple[int, str]]]:
    words: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for index in range(start, stop):
        char = text[index]
        if char.isspace():
            if current:
                words.append(current)
                current = []
        else:
            current.append((index, char))
    if current:
        words.append(current)
    return words


def _wrap(
    words: list[list[tuple[int, str]]], line_width: float, size: float, measure: Measure = advance
) -> list[list[tuple[int, str]]]:
    space = measure(" ", size)
    lines: list[list[tuple[int, str]]] = []
    line: list[tuple[int, str]] = []
    used = 0.0
    for whole in words:
        pieces = _cut(whole, line_width, size, measure)
        for piece in pieces[:-1]:
            if line:
                lines.append(line)
                line, used = [], 0.0
            lines.append(piece)
        word = pieces[-1]
        wide = sum(measure(c, size) for _, c in word)
        if line and used + space + wide > line_width:
            lines.append(line)
            line, used = [], 0.0
        if line:
            line.append((-1, " "))
            used += space
        line.extend(word)
        used += wide
    if line:
        lines.append(line)
    return _no_trailing_hyphens(lines)


def _cut(
    word: list[tuple[int, str]], line_width: float, size: float, measure: Measure = advance
) -> list[list[tuple[int, str]]]:
    """An overlong word (a URL) in pieces that each fit a line, none ending in a hyphen."""
    pieces: list[list[tuple[int, str]]] = []
    rest = word
    while sum(measure(c, size) for _, c in rest) > line_width and len(rest) > 1:
        cut, taken = 0, 0.0
        while cut < len(rest) and taken + measure(rest[cut][1], size) <= line_width:
            taken += measure(rest[cut][1], size)
            cut += 1
        cut = max(cut, 1)
        while cut > 1 and rest[cut - 1][1] == "-":
            cut -= 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _no_trailing_hyphens(lines: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    """Move a line's last word to the next line when it ends in a hyphen."""
    for row in range(len(lines) - 1):
        line = lines[row]
        if not line or line[-1][1] != "-":
            continue
        cut = max(
            (i for i, (source, c) in enumerate(line) if c == " " and source == -1), default=-1
        )
        if cut <= 0:
            continue
        moved = line[cut + 1 :]
        lines[row] = line[:cut]
        lines[row + 1] = [*moved, (-1, " "), *lines[row + 1]]
    return lines
