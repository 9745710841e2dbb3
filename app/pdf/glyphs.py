"""Characters for glyphs that pdfium could not map to Unicode, from their glyph names.

TeX and other typesetters name their math glyphs ("epsilon1", "prime", "bardbl") in the
font's /Encoding /Differences or in the embedded font program's own encoding, and give no
/ToUnicode map. pdfium knows only the standard glyph list, so it drops such glyphs or hands
back the raw character code. Here the name of each such glyph is looked up (the PDF's
/Differences first, then the font program read with fontTools) and turned into Unicode
through the Adobe Glyph List, plus the TeX names it lacks. What still cannot be named comes
back as None, and the caller marks it as unreadable instead of losing it.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
from typing import Any

import pypdfium2.raw as pdfium_c

log = logging.getLogger(__name__)

# Glyph names of TeX's math fonts (cmmi, cmsy, cmex, Latin Modern) that the Adobe Glyph List
# does not have, with the characters TeX users mean by them.
TEX_GLYPHS = {
    "epsilon1": "\u03f5",
    "theta1": "\u03d1",
    "phi1": "\u03d5",
    "rho1": "\u03f1",
    "sigma1": "\u03c2",
    "omega1": "\u03d6",
    "prime": "\u2032",
    "bardbl": "\u2225",
    "angbracketleft": "\u27e8",
    "angbracketright": "\u27e9",
    "negationslash": "\u0338",
    "turnstileleft": "\u22a2",
    "turnstileright": "\u22a3",
    "floorleft": "\u230a",
    "floorright": "\u230b",
    "ceilingleft": "\u2308",
    "ceilingright": "\u2309",
    "minusplus": "\u2213",
    "circlemultiply": "\u2297",
    "circleplus": "\u2295",
    "circledot": "\u2299",
    "circleminus": "\u2296",
    "lessmuch": "\u226a",
    "greatermuch": "\u226b",
    "precedes": "\u227a",
    "follows": "\u227b",
    "precedesequal": "\u2aaf",
    "followsequal": "\u2ab0",
    "similarequal": "\u2243",
    "equivasymptotic": "\u224d",
    "reflexsubset": "\u2286",
    "reflexsuperset": "\u2287",
    "unionsq": "\u2294",
    "intersectionsq": "\u2293",
    "unionmulti": "\u228e",
    "wreathproduct": "\u2240",
    "latticetop": "\u22a4",
    "perpendicular": "\u22a5",
    "arrownortheast": "\u2197",
    "arrowsoutheast": "\u2198",
    "arrownorthwest": "\u2196",
    "arrowsouthwest": "\u2199",
    "dotlessj": "\u0237",
    "mapsto": "\u21a6",
    "triangleleft": "\u25c1",
    "triangleright": "\u25b7",
    "star": "\u22c6",
    "diamondmath": "\u22c4",
    "latticebot": "\u22a5",
    "backslash": "\\",
    "vector": "\u20d7",
    "tie": "\u2040",
}

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
# TeX's extension fonts name the sizes of one symbol "parenleftbigg", "integraltext",
# "summationdisplay": the character is that of the name without its size.
_TEX_SIZE = re.compile(r"^(.+?)(?:big|Big|bigg|Bigg|text|display)$")


def unicode_for_name(name: str) -> str | None:
    """The text a glyph name stands for, or None."""
    if not name or name == ".notdef":
        return None
    for candidate in _candidates(name):
        tex = TEX_GLYPHS.get(candidate)
        if tex is not None:
            return tex
        text = _agl(candidate)
        if text is not None:
            return text
    return None


def _candidates(name: str) -> list[str]:
    names = [name]
    sized = _TEX_SIZE.match(name)
    if sized:
        names.append(sized.group(1))
    names.extend(n.lower() for n in list(names) if n != n.lower())  # "Equal" -> "equal"
    return names


def _agl(name: str) -> str | None:
    from fontTools import agl

    text = agl.toUnicode(name)
    if text and not any(ord(ch) < 32 or 0xE000 <= ord(ch) <= 0xF8FF for ch in text):
        return text
    return None


def base_name(name: str) -> str:
    """A font's name without the subset tag ("IJJCKI+LMMathItalic10-Regular")."""
    return _SUBSET_TAG.sub("", name.lstrip("/"))


class GlyphNames:
    """Looks up unmapped glyphs of one document. Create one per opened document; pdfium
    calls happen under PDFIUM_LOCK, which the caller holds."""

    def __init__(self, data: bytes, password: str | None) -> None:
        self._data = data
        self._password = password
        self._reader: Any | None = None
        self._reader_failed = False
        # pdfium hands out one font handle per font of a document: its encoding is read once.
        self._fonts: dict[int, tuple[dict[int, str], dict[int, str] | None]] = {}
        self._differences: dict[int, dict[str, list[dict[int, str]]]] = {}

    def text_for(self, page_index: int, font: Any, code: int) -> str | None:
        """The character(s) for `code` of `font` (an FPDF_FONT) on a page, or None."""
        if not font:
            return None
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self._fonts:
            self._fonts[key] = (self._pdf_names(page_index, font), self._program_names(font))
        differences, program = self._fonts[key]
        name = differences.get(code)
        if name is None and program is not None:
            name = program.get(code)
        return unicode_for_name(name) if name else None

    # --- names from the PDF's font dictionaries ----------------------------------------------

    def _pdf_names(self, page_index: int, font: Any) -> dict[int, str]:
        name = font_name(font)
        candidates = self._page_differences(page_index).get(name, [])
        distinct = {tuple(sorted(d.items())) for d in candidates}
        # Two fonts of one name but different encodings on a page: no way to tell which.
        return dict(next(iter(distinct))) if len(distinct) == 1 else {}

    def _page_differences(self, page_index: int) -> dict[str, list[dict[int, str]]]:
        if page_index not in self._differences:
            found: dict[str, list[dict[int, str]]] = {}
            reader = self._open()
            if reader is not None:
                try:
                    resources = reader.pages[page_index].get("/Resources")
                    _fonts_in(resources, found, depth=0)
                except Exception as exc:  # a damaged resource tree: no names from it
                    log.info("font dictionaries of page %d unreadable: %s", page_index + 1, exc)
            self._differences[page_index] = found
        return self._differences[page_index]

    def _open(self) -> Any | None:
        if self._reader is None and not self._reader_failed:
            try:
                import pypdf

                reader = pypdf.PdfReader(io.BytesIO(self._data))
                if reader.is_encrypted:
                    reader.decrypt(self._password or "")
                self._reader = reader
            except Exception as exc:
                log.info("font dictionaries unreadable: %s", exc)
                self._reader_failed = True
        return self._reader

    # --- names from the embedded font program ------------------------------------------------

    def _program_names(self, font: Any) -> dict[int, str] | None:
        data = _font_data(font)
        if not data:
            return None
        try:
            return _encoding_of_program(data)
        except Exception as exc:  # a font program fontTools cannot read
            log.info("font program of %s unreadable: %s", font_name(font), exc)
            return None


def font_name(font: Any) -> str:
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return base_name(buffer.value.decode("latin-1"))


def _font_data(font: Any) -> bytes:
    size = ctypes.c_ulong()
    if not pdfium_c.FPDFFont_GetFontData(font, None, 0, ctypes.byref(size)) or not size.value:
        return b""
    buffer = (ctypes.c_ubyte * size.value)()
    if not pdfium_c.FPDFFont_GetFontData(font, buffer, size.value, ctypes.byref(size)):
        return b""
    return bytes(buffer)


def _fonts_in(resources: Any, found: dict[str, list[dict[int, str]]], depth: int) -> None:
    """Every font of a resource dictionary and of the forms it draws, with its Differences."""
    if resources is None or depth > 8:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            font = ref.get_object()
            names = _differences(font.get("/Encoding"))
            found.setdefault(base_name(str(font.get("/BaseFont", ""))), []).append(names)
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                _fonts_in(xobject.get("/Resources"), found, depth + 1)


def _differences(encoding: Any) -> dict[int, str]:
    names: dict[int, str] = {}
    if encoding is None:
        return names
    encoding = encoding.get_object()
    if not hasattr(encoding, "get"):
        return names
    code = 0
    for entry in encoding.get("/Differences", []) or []:
        entry = entry.get_object() if hasattr(entry, "get_object") else entry
        if isinstance(entry, int):
            code = entry
        else:
            names[code] = str(entry).lstrip("/")
            code += 1
    return names


def _encoding_of_program(data: bytes) -> dict[int, str] | None:
    """Code -> glyph name from a CFF or TrueType font program's own encoding."""
    if data[:1] == b"\x01" and len(data) > 4:  # bare CFF (FontFile3 /Type1C)
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        top = cff[cff.fontNames[0]]
        encoding = getattr(top, "Encoding", None)
        if isinstance(encoding, list):
            return {code: name for code, name in enumerate(encoding) if name != ".notdef"}
        return None
    if data[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), lazy=True)
        cmap = font.get("cmap")
        if cmap is None:
            return None
        out: dict[int, str] = {}
        for table in cmap.tables:
            if (table.platformID, table.platEncID) in ((3, 0), (1, 0)):
                for code, name in table.cmap.items():
                    out.setdefault(code & 0xFF if code >= 0xF000 else code, name)
        return out or None
    return None
