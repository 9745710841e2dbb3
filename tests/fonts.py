"""A small TrueType font made for a test: a box for each character asked for."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

PRINTABLE_ASCII = "".join(chr(code) for code in range(32, 127))


def _box(pen: TTGlyphPen | T2CharStringPen) -> None:
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()


def make_font(path: Path, chars: str, family: str = "Test Sans", postscript: bool = False) -> Path:
    """TrueType outlines, or with `postscript` CFF ones (an .otf font)."""
    names = [".notdef"] + [f"uni{ord(c):04X}" for c in sorted(set(chars))]
    builder = FontBuilder(1000, isTTF=not postscript)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in set(chars)})
    if postscript:
        strings = {}
        for name in names:
            cff_pen = T2CharStringPen(500, None)
            if name != "uni0020":
                _box(cff_pen)
            strings[name] = cff_pen.getCharString()
        builder.setupCFF(family.replace(" ", ""), {"FullName": family}, strings, {})
    else:
        glyphs = {}
        for name in names:
            pen = TTGlyphPen(None)
            if name != "uni0020":
                _box(pen)
            glyphs[name] = pen.glyph()
        builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (500, 50) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


def make_collection(path: Path, fonts: list[Path]) -> Path:
    """A font collection (.ttc) of the given fonts, in order."""
    collection = TTCollection()
    collection.fonts = [TTFont(str(font)) for font in fonts]
    collection.save(str(path))
    return path
