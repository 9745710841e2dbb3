"""A TrueType font embedded in a composed PDF, for text Helvetica cannot show.

Text is written as two-byte glyph ids (Identity-H) in a Type 0 font whose one descendant is
the TrueType program, cut down to the glyphs used. A ToUnicode map gives each glyph back its
character, so that a reader, and Habitus, read the words the page shows.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont


class FontUnusable(ValueError):
    """The file is not a TrueType font this writer can embed."""


class TrueTypeFont:
    """A font file read once: which characters it has, their glyphs and advances. In a
    collection (.ttc), `number` says which of its fonts."""

    def __init__(self, data: bytes, name: str = "Embedded", number: int = 0):
        try:
            font = TTFont(io.BytesIO(data), fontNumber=number)
            outlines = "glyf" in font
            if not outlines:
                # Fonts with PostScript outlines (CFF) embed differently; they are not used.
                raise FontUnusable("no TrueType outlines")
            glyphs = font.getGlyphOrder()
            cmap = font.getBestCmap()
            metrics = font["hmtx"].metrics
            head, hhea = font["head"], font["hhea"]
        except FontUnusable:
            raise
        except Exception as error:  # a font file is outside input: any fault of its parser
            raise FontUnusable(f"not a font ({error})") from error
        if not cmap:
            raise FontUnusable("no Unicode character map")
        self.data = data
        self.number = number
        self.name = "".join(c for c in name if c.isascii() and c.isalnum()) or "Embedded"
        gids = {glyph: gid for gid, glyph in enumerate(glyphs)}
        self.gid = {code: gids.get(glyph, 0) for code, glyph in cmap.items()}
        em = float(head.unitsPerEm)
        self.widths = [metrics.get(glyph, (0, 0))[0] * 1000.0 / em for glyph in glyphs]
        self.bbox = tuple(
            round(v * 1000.0 / em) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
        )
        self.ascent = round(hhea.ascent * 1000.0 / em)
        self.descent = round(hhea.descent * 1000.0 / em)

    @classmethod
    def from_file(cls, path: Path) -> list[TrueTypeFont]:
        """The fonts of a file: one, or each of a collection's that can be embedded."""
        data = path.read_bytes()
        if not data.startswith(b"ttcf"):
            return [cls(data, path.stem)]
        try:
            count = len(TTCollection(io.BytesIO(data), lazy=True).fonts)
        except Exception as error:  # as above
            raise FontUnusable(f"not a font collection ({error})") from error
        fonts = []
        for number in range(count):
            try:
                fonts.append(cls(data, f"{path.stem}{number}", number))
            except FontUnusable:
                continue
        return fonts

    def covers(self, char: str) -> bool:
        return ord(char) in self.gid and (char.isprintable() or char == " ")

    def coverage(self, chars: Iterable[str]) -> int:
        return sum(1 for char in set(chars) if self.covers(char))


class EmbeddedFont:
    """One document's use of a font: the glyphs its pages show, written once they are known."""

    def __init__(self, font: TrueTypeFont):
        self.font = font
        self._used: dict[int, str] = {}  # glyph id -> the character it stands for

    def covers(self, char: str) -> bool:
        return self.font.covers(char)

    def _gid(self, char: str) -> tuple[int, str]:
        if not self.font.covers(char):
            char = "?"
        return self.font.gid.get(ord(char), 0), char

    def advance(self, char: str, size: float) -> float:
        gid, _ = self._gid(char)
        return self.font.widths[gid] * size / 1000.0

    def encode(self, text: str) -> bytes:
        """The text as a hex string of glyph ids; a character the font lacks is its "?"."""
        out = []
        for char in text:
            gid, shown = self._gid(char)
            self._used.setdefault(gid, shown)
            out.append(b"%04X" % gid)
        return b"<" + b"".join(out) + b">"

    def write(self, add: Callable[[bytes], int]) -> int:
        """Add the font's objects through `add(body) -> object number`; returns the number
        of the font. Called once the pages are composed, so that only their glyphs are kept."""
        font = self.font
        program = self._subset()
        file_ref = add(
            b"<< /Length %d /Length1 %d >>\nstream\n%s\nendstream"
            % (len(program), len(program), program)
        )
        base = b"HABTXT+" + font.name.encode("ascii")
        descriptor = add(
            b"<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [%d %d %d %d] "
            b"/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
            % (base, *font.bbox, font.ascent, font.descent, font.ascent, file_ref)
        )
        glyphs = sorted(self._used)
        widths = b" ".join(b"%d [%d]" % (gid, round(font.widths[gid])) for gid in glyphs)
        descendant = add(
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor %d 0 R /CIDToGIDMap /Identity /W [%s] >>" % (base, descriptor, widths)
        )
        cmap = self._to_unicode(glyphs)
        to_unicode = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
        return add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
            b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (base, descendant, to_unicode)
        )

    def _subset(self) -> bytes:
        try:
            return self._cut_down()
        except Exception as error:  # a font file is outside input: any fault of its parser
            raise FontUnusable(f"could not be cut down to the glyphs used ({error})") from error

    def _cut_down(self) -> bytes:
        options = Options()
        options.retain_gids = True  # the pages already name glyphs by their ids
        options.notdef_outline = True
        options.name_IDs = ["*"]
        # Glyphs are placed one by one: the shaping tables go unread.
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern"]
        font = TTFont(io.BytesIO(self.font.data), fontNumber=self.font.number)
        subsetter = Subsetter(options)
        subsetter.populate(gids=sorted({0, *self._used}))
        # The subsetter names each table it leaves out (a font editor's notes): not news.
        quiet = logging.getLogger("fontTools.subset")
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            subsetter.subset(font)
        finally:
            quiet.setLevel(level)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()

    def _to_unicode(self, glyphs: list[int]) -> bytes:
        lines = [
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
        ]
        for start in range(0, len(glyphs), 100):
            chunk = glyphs[start : start + 100]
            lines.append(b"%d beginbfchar" % len(chunk))
            for gid in chunk:
                unit = self._used[gid].encode("utf-16-be").hex().upper().encode()
                lines.append(b"<%04X> <%s>" % (gid, unit))
            lines.append(b"endbfchar")
        lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
        return b"\n".join(lines)
