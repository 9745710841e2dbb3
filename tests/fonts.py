"""A small TrueType font made for a test: a box for each character asked for."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

PRINTABLE_ASCII = "".join(chr(code) for code in range(32, 127))


def make_font(path: Path, chars: str, family: str = "Test Sans") -> Path:
    names = [".notdef"] + [f"uni{ord(c):04X}" for c in sorted(set(chars))]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in set(chars)})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != "uni0020":
            pen.moveTo((50, 0))
            pen.lineTo((50, 700))
            pen.lineTo((450, 700))
            pen.lineTo((450, 0))
            pen.closePath()
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
