"""A PDF writer for the PDF layer's fixtures: exact glyph advances and rotated pages.

Text is Helvetica (one of the standard 14 fonts, so nothing is embedded) in WinAnsiEncoding,
with explicit /Widths so every viewer lays it out with the same advances as `text_width`.

Coordinates given to and returned by this module follow the Word boxes of app.pdf: points,
origin at the top-left corner of the page as displayed (after /Rotate), y growing downwards.
A line is placed by its left end `x` and its baseline `y`. Text on a rotated page is written
turned so that it reads upright on screen, as scanners and printers do.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from app.pdf.compose import pdf_file

# Helvetica advance widths (Adobe AFM, 1/1000 em) for the printable ASCII range.
_ASCII_WIDTHS = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # sp - /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 - ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ - O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P - _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` - o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p - ~
]  # fmt: skip
_FIRST_CHAR, _LAST_CHAR = 32, 255
# Codes above ASCII (accented letters) get one plausible advance; /Widths says the same.
_OTHER_WIDTH = 556
WIDTHS = {32 + i: w for i, w in enumerate(_ASCII_WIDTHS)}

# Helvetica's ascender and descender (AFM), as fractions of the font size.
ASCENT = 0.718
DESCENT = 0.207


def char_width(code: int) -> int:
    return WIDTHS.get(code, _OTHER_WIDTH)


def text_width(text: str, size: float) -> float:
    """Advance width in points of text set in Helvetica at size."""
    return sum(char_width(b) for b in text.encode("cp1252")) * size / 1000.0


@dataclass(frozen=True)
class Line:
    """One line of text: where it was put, in display coordinates (top-left origin)."""

    page: int
    text: str
    x: float
    y: float  # baseline
    size: float

    @property
    def top(self) -> float:
        return self.y - ASCENT * self.size

    @property
    def bottom(self) -> float:
        return self.y + DESCENT * self.size

    def word_boxes(self) -> list[tuple[str, float, float, float, float]]:
        """(word, x0, top, x1, bottom) of each space-separated word of the line."""
        out = []
        x = self.x
        for i, word in enumerate(self.text.split(" ")):
            if i:
                x += text_width(" ", self.size)
            w = text_width(word, self.size)
            if word:
                out.append((word, x, self.top, x + w, self.bottom))
            x += w
        return out


@dataclass
class Page:
    width: float = 612.0  # as displayed
    height: float = 792.0
    rotate: int = 0
    lines: list[tuple[str, float, float, float]] = field(default_factory=list)  # text,x,y,size
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # x,y,w,h
    # Drawn after the lines, in order: ("image", x, y, w, h) an opaque grey image,
    # ("text", text, x, y, size, font, mode) more text (font "F1" Helvetica, "F2" a TeX-like
    # symbol font without a Unicode map, "F3" a font that writes any Unicode text, "F4" the
    # same named SymbolMT, as word processors write Symbol characters; mode is
    # the text render mode, 3 = invisible), ("clip", x, y, w, h, item) an item clipped to a
    # rectangle.
    extra: list[tuple[object, ...]] = field(default_factory=list)
    crop: tuple[float, float, float, float] | None = None  # CropBox in user space (l, b, r, t)

    def text(self, text: str, x: float, y: float, size: float = 12.0) -> Page:
        self.lines.append((text, x, y, size))
        return self

    def rect(self, x: float, y: float, w: float, h: float) -> Page:
        """A filled grey rectangle, top-left corner at (x, y) in display coordinates."""
        self.rects.append((x, y, w, h))
        return self

    def styled(
        self, text: str, x: float, y: float, size: float = 12.0, font: str = "F1", mode: int = 0
    ) -> Page:
        """Text drawn after the lines, in another font or render mode."""
        self.extra.append(("text", text, x, y, size, font, mode))
        return self

    def image(self, x: float, y: float, w: float, h: float) -> Page:
        """An opaque image over whatever was drawn before it."""
        self.extra.append(("image", x, y, w, h))
        return self

    def clipped(self, clip: tuple[float, float, float, float], text: str, x: float, y: float,
                size: float = 12.0) -> Page:  # fmt: skip
        """Text drawn inside a clipping rectangle (x, y, w, h in display coordinates)."""
        self.extra.append(("clip", *clip, ("text", text, x, y, size, "F1", 0)))
        return self


# Codes of the symbol font F2 and the glyph names its /Differences give them: names that TeX
# fonts use and that have no Unicode value in the standard glyph list of every reader.
TEX_GLYPHS = {2: "epsilon1", 3: "prime", 4: "bardbl", 5: "angbracketleft", 6: "angbracketright",
              7: "zzunknownglyph"}  # fmt: skip


def tex_codes(text: str) -> bytes:
    """Bytes for F2: ASCII as itself, "<e>" for epsilon1 and so on (see TEX_GLYPHS)."""
    names = {"<e>": 2, "<'>": 3, "<||>": 4, "<<>": 5, "<>>": 6, "<?>": 7}
    out = bytearray()
    i = 0
    while i < len(text):
        for token, code in names.items():
            if text.startswith(token, i):
                out.append(code)
                i += len(token)
                break
        else:
            out += text[i].encode("cp1252")
            i += 1
    return bytes(out)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


class _Frame:
    """Display coordinates to PDF user space for a page turned by /Rotate (clockwise)."""

    def __init__(self, page: Page) -> None:
        self.rotate = page.rotate % 360
        self.w, self.h = page.width, page.height  # displayed
        # The MediaBox is the unturned sheet: sideways pages swap its sides.
        self.media_w, self.media_h = (
            (self.h, self.w) if self.rotate in (90, 270) else (self.w, self.h)
        )

    def point(self, x: float, y: float) -> tuple[float, float]:
        # Derived from what a viewer does: it shows the sheet turned `rotate` degrees clockwise.
        if self.rotate == 0:
            return x, self.media_h - y
        if self.rotate == 90:  # the sheet's bottom edge is on the left of the screen
            return y, x
        if self.rotate == 180:
            return self.media_w - x, y
        return self.media_w - y, self.media_h - x  # 270

    def text_matrix(self) -> tuple[int, int, int, int]:
        """Direction of the text's x and y axes in user space, so it reads upright."""
        return {0: (1, 0, 0, 1), 90: (0, 1, -1, 0), 180: (-1, 0, 0, -1), 270: (0, -1, 1, 0)}[
            self.rotate
        ]


class _Unicode:
    """F3: a Type0 font whose codes are indices into the characters it was asked to write,
    with a /ToUnicode map back to them. Nothing is embedded: readers extract its text from
    the map; glyphs are drawn with whatever font the viewer substitutes."""

    ADVANCE = 600  # 1/1000 em, every glyph

    FONTS: ClassVar[dict[str, str]] = {"F3": "HabitusSans", "F4": "SymbolMT"}  # -> /BaseFont

    def __init__(self) -> None:
        self.tables: dict[str, list[str]] = {name: [] for name in self.FONTS}

    def encode(self, text: str, font: str = "F3") -> bytes:
        chars = self.tables[font]
        codes = []
        for ch in text:
            if ch not in chars:
                chars.append(ch)
            codes.append(chars.index(ch) + 1)
        return b"<" + "".join(f"{c:04X}" for c in codes).encode() + b">"

    def cmap(self, font: str = "F3") -> bytes:
        chars = self.tables[font] or [" "]
        entries = "\n".join(
            f"<{i + 1:04X}> <{''.join(f'{u:04X}' for u in _utf16(ch))}>"
            for i, ch in enumerate(chars)
        )
        return (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Habitus-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{entries}\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end"
        ).encode()


def _utf16(ch: str) -> list[int]:
    raw = ch.encode("utf-16-be")
    return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]


def _text_op(frame: _Frame, unicode: _Unicode, item: tuple[object, ...]) -> bytes:
    _, text, x, y, size, font, mode = item
    assert isinstance(text, str) and isinstance(font, str)
    a, b, c, d = frame.text_matrix()
    ux, uy = frame.point(float(x), float(y))  # type: ignore[arg-type]
    if font == "F2":
        body = (
            b"("
            + tex_codes(text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            + b")"
        )
    elif font in _Unicode.FONTS:
        body = unicode.encode(text, font)
    else:
        body = b"(" + _escape(text) + b")"
    place = f"{a} {b} {c} {d} {_fmt(ux)} {_fmt(uy)} Tm "
    size_text = _fmt(float(size))  # type: ignore[arg-type]
    return f"BT 0 g {mode} Tr /{font} {size_text} Tf {place}".encode() + body + b" Tj ET"


def _rect_in_user_space(frame: _Frame, x: float, y: float, w: float, h: float) -> tuple[float, ...]:
    ax, ay = frame.point(x, y)
    bx, by = frame.point(x + w, y + h)
    return min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay)


def _extra_op(frame: _Frame, unicode: _Unicode, item: tuple[object, ...]) -> bytes:
    kind = item[0]
    if kind == "text":
        return _text_op(frame, unicode, item)
    if kind == "image":
        rx, ry, rw, rh = _rect_in_user_space(frame, *item[1:5])  # type: ignore[arg-type]
        return f"q {_fmt(rw)} 0 0 {_fmt(rh)} {_fmt(rx)} {_fmt(ry)} cm /Im1 Do Q".encode()
    if kind == "clip":
        rx, ry, rw, rh = _rect_in_user_space(frame, *item[1:5])  # type: ignore[arg-type]
        inner = _extra_op(frame, unicode, item[5])  # type: ignore[arg-type]
        return f"q {_fmt(rx)} {_fmt(ry)} {_fmt(rw)} {_fmt(rh)} re W n ".encode() + inner + b" Q"
    raise ValueError(f"unknown item {kind!r}")


def _content(page: Page, unicode: _Unicode | None = None) -> bytes:
    frame = _Frame(page)
    unicode = unicode or _Unicode()
    ops: list[bytes] = []
    for x, y, w, h in page.rects:
        ax, ay = frame.point(x, y)
        bx, by = frame.point(x + w, y + h)
        rx, ry = min(ax, bx), min(ay, by)
        ops.append(
            f"0.6 g {_fmt(rx)} {_fmt(ry)} {_fmt(abs(bx - ax))} {_fmt(abs(by - ay))} re f".encode()
        )
    if page.lines:
        a, b, c, d = frame.text_matrix()
        ops.append(b"BT 0 g")
        for text, x, y, size in page.lines:
            ux, uy = frame.point(x, y)
            ops.append(f"/F1 {_fmt(size)} Tf {a} {b} {c} {d} {_fmt(ux)} {_fmt(uy)} Tm".encode())
            ops.append(b"(" + _escape(text) + b") Tj")
        ops.append(b"ET")
    ops.extend(_extra_op(frame, unicode, item) for item in page.extra)
    return b"\n".join(ops) + b"\n"


def write_pdf(
    path: str | Path,
    pages: list[Page],
    compress: bool = True,
    labels: dict[int, str] | None = None,
) -> list[Line]:
    """Write the pages to path; return every text line placed, in display coordinates.

    `labels` becomes the catalog's /PageLabels number tree: {page index: label dictionary
    body}, e.g. {0: "/S /r", 4: "/S /D /St 1"} for roman front matter then 1, 2, 3...
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, head: str = "") -> int:
        if compress:
            data = zlib.compress(data)
            head += " /Filter /FlateDecode"
        return add(f"<< /Length {len(data)}{head} >>".encode() + b"\nstream\n" + data
                   + b"\nendstream")  # fmt: skip

    catalog = add(b"")  # filled in once the page tree number is known
    pages_obj = add(b"")
    widths = " ".join(str(char_width(c)) for c in range(_FIRST_CHAR, _LAST_CHAR + 1))
    font = add(
        (
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
            f"/FirstChar {_FIRST_CHAR} /LastChar {_LAST_CHAR} /Widths [{widths}] >>"
        ).encode()
    )
    differences = " ".join(f"{code} /{name}" for code, name in TEX_GLYPHS.items())
    tex_widths = " ".join(str(char_width(c)) for c in range(1, _LAST_CHAR + 1))
    tex = add(
        (
            "<< /Type /Font /Subtype /Type1 /BaseFont /LMMathItalic10-Regular "
            f"/FirstChar 1 /LastChar {_LAST_CHAR} /Widths [{tex_widths}] "
            f"/Encoding << /Type /Encoding /Differences [{differences}] >> >>"
        ).encode()
    )
    unicode = _Unicode()
    contents = [_content(page, unicode) for page in pages]  # fills unicode's table first
    type0: dict[str, int] = {}
    for name, base in _Unicode.FONTS.items():
        to_unicode = stream(unicode.cmap(name))
        cid_font = add(
            (
                f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{base} "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                f"/FontDescriptor << /Type /FontDescriptor /FontName /{base} /Flags 32 "
                "/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 800 /Descent -200 "
                f"/CapHeight 700 /StemV 80 >> /DW {_Unicode.ADVANCE} >>"
            ).encode()
        )
        type0[name] = add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode()
        )
    image = stream(
        b"\x80",
        " /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
        "/BitsPerComponent 8",
    )
    kids = []
    placed: list[Line] = []
    for n, (page, content_bytes) in enumerate(zip(pages, contents, strict=True)):
        frame = _Frame(page)
        content = stream(content_bytes)
        rotate = f" /Rotate {page.rotate}" if page.rotate else ""
        crop = f" /CropBox [{' '.join(_fmt(v) for v in page.crop)}]" if page.crop else ""
        kids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_obj} 0 R "
                    f"/MediaBox [0 0 {_fmt(frame.media_w)} {_fmt(frame.media_h)}]{crop}{rotate} "
                    f"/Resources << /Font << /F1 {font} 0 R /F2 {tex} 0 R "
                    f"/F3 {type0['F3']} 0 R /F4 {type0['F4']} 0 R >> "
                    f"/XObject << /Im1 {image} 0 R >> >> /Contents {content} 0 R >>"
                ).encode()
            )
        )
        placed.extend(Line(n, t, x, y, s) for t, x, y, s in page.lines)
    page_labels = ""
    if labels:
        nums = " ".join(f"{index} << {body} >>" for index, body in sorted(labels.items()))
        page_labels = f" /PageLabels << /Nums [{nums}] >>"
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R{page_labels} >>".encode()
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode()

    Path(path).write_bytes(pdf_file(objects, catalog))
    return placed


def simple_pdf(
    path: str | Path, pages: list[list[str]], size: float = 12.0, rotate: int = 0
) -> list[Line]:
    """One column of lines per page, 72 pt from the left, 16 pt apart, starting 90 pt down."""
    spec = []
    for lines in pages:
        width, height = (792.0, 612.0) if rotate in (90, 270) else (612.0, 792.0)
        page = Page(width, height, rotate)
        for i, text in enumerate(lines):
            page.text(text, 72.0, 90.0 + 16.0 * i, size)
        spec.append(page)
    return write_pdf(path, spec)


COLUMN_LINES = 12
LEFT_X, RIGHT_X = 60.0, 320.0


def two_column_article(path: str | Path) -> list[Line]:
    """Two pages of a two-column article.

    Left-column lines start with "Left", right-column lines with "Right", and every line is
    distinct ("Left p1 l3 ..."); the columns are written one after the other, as typesetters
    do, and share baselines so that a reader going across the page would mix them.
    """
    spec = []
    for p in range(2):
        page = Page(612.0, 792.0)
        page.text(f"A Study of Capital, page {p + 1}", 60.0, 60.0, 16.0)
        for col, x in (("Left", LEFT_X), ("Right", RIGHT_X)):
            for i in range(COLUMN_LINES):
                page.text(f"{col} p{p + 1} l{i + 1} cultural capital (shapes) access.", x,
                          100.0 + 14.0 * i, 10.0)  # fmt: skip
        spec.append(page)
    return write_pdf(path, spec)


def image_only_page(path: str | Path) -> None:
    """One page with drawn content but no text at all, like a scan."""
    write_pdf(path, [Page().rect(100.0, 100.0, 300.0, 400.0)])
