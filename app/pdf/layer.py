"""A page's text layer: the text a reader sees, in reading order, with each character's
place among pdfium's characters.

Import (text only) and the page on screen (word boxes) both build the text here, so the
offsets the core stores into it always line up with the boxes.

Most pages take pdfium's own text as it comes (the fast path). A page needs more work when
pdfium could not map some glyph to Unicode, when it holds right-to-left script, Chinese or
Japanese next to digits or Latin letters, or when it is turned by /Rotate: only those pages
pay for looking at characters one by one.

`LAYER_VERSION` names what this module produces. Text stored by an earlier version is read
back the way it was made (version 1: pdfium's text, cleaned), so passages coded on it keep
their place until the study's text layer is brought up to date.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.pdf.bidi_order import RTL_CHARS, base_is_rtl, logical_order, mirror_of
from app.pdf.cleaning import clean_with_origin
from app.pdf.frame import Box, DisplayFrame
from app.pdf.glyphs import GlyphNames, font_name
from app.pdf.status import text_status
from app.pdf.symbol_fonts import from_private_use
from app.pdf.visible import Hidden, hide_unseen

LAYER_VERSION = 2
LEGACY_VERSION = 1

UNREADABLE = "\ufffd"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_GAP = re.compile(f"[{_CJK}] | [{_CJK}]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@dataclass(frozen=True)
class Layer:
    """The cleaned page text and, per code point, the index of its pdfium character (-1 for
    what was put in between, such as the space joining two segments of a turned page)."""

    text: str
    chars: list[int]
    status: str  # TEXT_OK, TEXT_NONE or TEXT_UNUSABLE
    hidden: int = 0  # text objects a reader cannot see, left out

    @property
    def unreadable(self) -> int:
        return self.text.count(UNREADABLE)


@contextmanager
def open_layer(
    doc: pdfium.PdfDocument,
    index: int,
    version: int = LAYER_VERSION,
    glyphs: GlyphNames | None = None,
) -> Iterator[tuple[pdfium.PdfTextPage, Layer, DisplayFrame]]:
    """Load page `index`, build its layer, and keep the text page open for boxes.
    The caller holds PDFIUM_LOCK; raises whatever pdfium raises for a page it cannot read."""
    page = doc[index]
    hidden = Hidden()
    textpage = None
    try:
        frame = DisplayFrame(page.get_bbox(), page.get_rotation())
        if version >= LAYER_VERSION:
            hidden = hide_unseen(page.raw, page.get_bbox())
        textpage = page.get_textpage()
        if version >= LAYER_VERSION:
            layer = _build(textpage, frame, index, glyphs, hidden.count)
        else:
            layer = _legacy(textpage)
        yield textpage, layer, frame
    finally:
        if textpage is not None:
            textpage.close()
        hidden.destroy()
        page.close()


def _legacy(textpage: pdfium.PdfTextPage) -> Layer:
    raw = textpage.get_text_range()
    text, origin = clean_with_origin(raw)
    raw_chars = _raw_char_indices(textpage, raw)
    return Layer(text, [raw_chars[o] for o in origin], text_status(raw))


def _raw_char_indices(textpage: pdfium.PdfTextPage, raw: str) -> list[int]:
    """pdfium's character index of each code point of its text range."""
    if len(raw) == textpage.count_chars() and not _ASTRAL.search(raw):
        return list(range(len(raw)))
    # pdfium's text indices count UTF-16 units and can differ from its char list (chars it
    # leaves out of the text); translate through its own map.
    first = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, 0)
    unit = max(first, 0)
    out = []
    for ch in raw:
        out.append(pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, unit))
        unit += 2 if ord(ch) > 0xFFFF else 1
    return out


def _build(
    textpage: pdfium.PdfTextPage,
    frame: DisplayFrame,
    page_index: int,
    glyphs: GlyphNames | None,
    hidden: int,
) -> Layer:
    raw = textpage.get_text_range()
    n_chars = textpage.count_chars()
    raw_chars = _raw_char_indices(textpage, raw)
    missing = (
        len(raw) < n_chars
        if raw_chars[-1:] == [len(raw) - 1]
        else (len({ci for ci in raw_chars if ci >= 0}) < n_chars)
    )
    needs_glyphs = missing or bool(_CONTROL.search(raw)) or bool(_PRIVATE_USE.search(raw))
    needs_cjk = bool(_CJK_GAP.search(raw))
    needs_bidi = bool(RTL_CHARS.search(raw))
    turned = frame.rotation != 0
    if not (needs_glyphs or needs_cjk or needs_bidi or turned):
        text, origin = clean_with_origin(raw)
        return Layer(text, [raw_chars[o] for o in origin], text_status(raw), hidden)
    units = [(ch, ci) for ch, ci in zip(raw, raw_chars, strict=True)]
    if needs_glyphs:
        units = _recover_glyphs(textpage, units, n_chars, page_index, glyphs)
        units = _map_private_use(textpage, units)
    status = text_status("".join(ch for ch, _ in units))
    if needs_cjk:
        units = _drop_generated_spaces(textpage, units)
    boxes = _Boxes(textpage, frame)
    if needs_bidi:
        units = _reorder_rtl(units, boxes)
    if turned:
        units = _reorder_turned(units, boxes)
    text, origin = clean_with_origin("".join(ch for ch, _ in units))
    return Layer(text, [units[o][1] for o in origin], status, hidden)


Unit = tuple[str, int]  # a code point of the text, and its pdfium character index (or -1)


# ---------------------------------------------------------------------------------------------
# Glyphs without Unicode


def _recover_glyphs(
    textpage: pdfium.PdfTextPage,
    units: list[Unit],
    n_chars: int,
    page_index: int,
    glyphs: GlyphNames | None,
) -> list[Unit]:
    """Put back, as text, the glyphs pdfium could not map: named by the font where possible,
    else marked with U+FFFD. pdfium leaves some of them out of its text altogether and shows
    others as control characters."""
    tp = textpage.raw
    present = {ci for _, ci in units if ci >= 0}

    def unmapped(ci: int) -> str | None:
        if not pdfium_c.FPDFText_HasUnicodeMapError(tp, ci):
            return None
        code = pdfium_c.FPDFText_GetUnicode(tp, ci)
        font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(tp, ci))
        found = glyphs.text_for(page_index, font, code) if glyphs is not None else None
        return found or UNREADABLE

    # Characters pdfium left out, placed after the character before them.
    inserted: dict[int, str] = {}
    for ci in range(n_chars):
        if ci not in present:
            text = unmapped(ci)
            if text is not None:
                inserted[ci] = text
    pending = sorted(inserted)
    out: list[Unit] = []
    k = 0
    for ch, ci in units:
        while k < len(pending) and ci >= 0 and pending[k] < ci:
            out.extend((c, pending[k]) for c in inserted[pending[k]])
            k += 1
        if ci >= 0 and _CONTROL.match(ch):
            text = unmapped(ci)
            if text is not None:
                out.extend((c, ci) for c in text)
                continue
        out.append((ch, ci))
    for ci in pending[k:]:
        out.extend((c, ci) for c in inserted[ci])
    return out


def _map_private_use(textpage: pdfium.PdfTextPage, units: list[Unit]) -> list[Unit]:
    """Symbol and Wingdings characters (U+F0xx) as what they show; other private-use code
    points, which mean nothing outside their font, marked unreadable."""
    out: list[Unit] = []
    names: dict[int, str] = {}
    for ch, ci in units:
        if ci >= 0 and _PRIVATE_USE.match(ch):
            font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(textpage.raw, ci))
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if key not in names:
                names[key] = font_name(font) if font else ""
            ch = from_private_use(ch, names[key]) or UNREADABLE
        out.append((ch, ci))
    return out


# ---------------------------------------------------------------------------------------------
# Chinese and Japanese


def _drop_generated_spaces(textpage: pdfium.PdfTextPage, units: list[Unit]) -> list[Unit]:
    """pdfium puts a space wherever glyphs stand apart; next to Chinese or Japanese, which
    is written without spaces, such a space ("公司 2018") is not in the text."""
    out: list[Unit] = []
    for i, (ch, ci) in enumerate(units):
        if ch == " " and ci >= 0 and 0 < i < len(units) - 1:
            before, after = units[i - 1][0], units[i + 1][0]
            beside_cjk = bool(_CJK_CHAR.match(before) or _CJK_CHAR.match(after))
            if (
                beside_cjk
                and not before.isspace()
                and not after.isspace()
                and pdfium_c.FPDFText_IsGenerated(textpage.raw, ci) == 1
            ):
                continue
        out.append((ch, ci))
    return out


# ---------------------------------------------------------------------------------------------
# Lines in reading order


class _Boxes:
    """Character boxes in the displayed frame, looked up on demand."""

    def __init__(self, textpage: pdfium.PdfTextPage, frame: DisplayFrame) -> None:
        self._tp = textpage.raw
        self._frame = frame
        self._rect = pdfium_c.FS_RECTF()

    def __call__(self, ci: int) -> Box | None:
        if ci < 0 or not pdfium_c.FPDFText_GetLooseCharBox(self._tp, ci, ctypes.byref(self._rect)):
            return None
        r = self._rect
        if r.left == r.right and r.top == r.bottom:
            return None  # a character pdfium made up, without a glyph
        return self._frame((r.left, r.bottom, r.right, r.top))


def _lines(units: list[Unit]) -> Iterator[tuple[list[Unit], list[Unit]]]:
    """Each line's units and the line break that ends it."""
    start = 0
    for i, (ch, _) in enumerate(units):
        if ch == "\n":
            end = i - 1 if i > 0 and units[i - 1][0] == "\r" else i
            yield units[start:end], units[end : i + 1]
            start = i + 1
    if start < len(units):
        yield units[start:], []


def _reorder_rtl(units: list[Unit], boxes: _Boxes) -> list[Unit]:
    out: list[Unit] = []
    for line, brk in _lines(units):
        if not RTL_CHARS.search("".join(ch for ch, _ in line)):
            out.extend(line + brk)
            continue
        out.extend(_rtl_line(line, boxes))
        out.extend(brk)
    return out


def _rtl_line(units: list[Unit], boxes: _Boxes) -> list[Unit]:
    """The line's units in reading order, from the order their glyphs stand on the page."""
    # White space at either end of the line stays there: where a writer drew a trailing
    # space says nothing about reading order.
    first = 0
    while first < len(units) and units[first][0].isspace():
        first += 1
    last = len(units)
    while last > first and units[last - 1][0].isspace():
        last -= 1
    line = units[first:last]
    xs: list[float | None] = []
    for _, ci in line:
        box = boxes(ci)
        xs.append(None if box is None else (box[0] + box[2]) / 2)
    # pdfium turned around the runs it took for right-to-left and mirrored the brackets in
    # them; a bracket standing against the flow of its neighbours was one of those, and the
    # character the PDF gives for it is the other bracket.
    chars = [ch for ch, _ in line]
    for i, ch in enumerate(chars):
        partner = mirror_of(ch)
        x = xs[i]
        if partner is None or x is None:
            continue
        before = next((xs[j] for j in range(i - 1, -1, -1) if xs[j] is not None), None)
        after = next((xs[j] for j in range(i + 1, len(xs)) if xs[j] is not None), None)
        if (before is not None and before > x) or (after is not None and after < x):
            chars[i] = partner
    # pdfium already put the line's words roughly in reading order: its first strong
    # character tells the line's direction.
    rtl = base_is_rtl("".join(chars))
    # Characters without a glyph (spaces pdfium inserted) stand between their neighbours.
    for i, x in enumerate(xs):
        if x is not None:
            continue
        left = next((xs[j] for j in range(i - 1, -1, -1) if xs[j] is not None), None)
        right = next((xs[j] for j in range(i + 1, len(xs)) if xs[j] is not None), None)
        known = [v for v in (left, right) if v is not None]
        xs[i] = sum(known) / len(known) if known else 0.0
    drawn = sorted(range(len(line)), key=lambda i: xs[i] or 0.0)
    order = logical_order([chars[i] for i in drawn], rtl)
    ordered = [(ch, line[drawn[d]][1]) for d, ch in order]
    return units[:first] + ordered + units[last:]


def _reorder_turned(units: list[Unit], boxes: _Boxes) -> list[Unit]:
    """On a page turned by /Rotate, pdfium reads lines as they run on the unturned sheet: a
    table's rows come out as columns, or bottom up. Segments that run across the turned page
    are put back into the rows a reader sees, top to bottom and left to right."""
    segments: list[tuple[list[Unit], Box | None]] = []
    for line, _ in _lines(units):
        if not line:
            continue
        found = [b for b in (boxes(ci) for _, ci in line) if b is not None]
        box = None
        if found:
            box = (
                min(b[0] for b in found),
                min(b[1] for b in found),
                max(b[2] for b in found),
                max(b[3] for b in found),
            )
        segments.append((line, box))
    placed = [(line, box) for line, box in segments if box is not None]
    if not placed:
        return units
    across = sum(1 for _, b in placed if b[2] - b[0] >= b[3] - b[1])
    if across * 2 < len(placed):
        return units  # the text runs sideways on the turned page too: leave pdfium's order
    rows: list[tuple[Box, list[tuple[list[Unit], Box]]]] = []
    for line, box in sorted(placed, key=lambda item: (item[1][1], item[1][0])):
        for r, (row_box, members) in enumerate(rows):
            overlap = min(row_box[3], box[3]) - max(row_box[1], box[1])
            height = min(row_box[3] - row_box[1], box[3] - box[1])
            if height > 0 and overlap >= 0.5 * height:
                members.append((line, box))
                rows[r] = (
                    (
                        min(row_box[0], box[0]),
                        min(row_box[1], box[1]),
                        max(row_box[2], box[2]),
                        max(row_box[3], box[3]),
                    ),
                    members,
                )
                break
        else:
            rows.append((box, [(line, box)]))
    out: list[Unit] = []
    unplaced = [line for line, box in segments if box is None]
    for r, (_, members) in enumerate(sorted(rows, key=lambda row: row[0][1])):
        if r:
            out.extend([("\r", -1), ("\n", -1)])
        for m, (line, _) in enumerate(sorted(members, key=lambda item: item[1][0])):
            if m:
                out.append((" ", -1))
            out.extend(line)
    for line in unplaced:
        out.extend([("\r", -1), ("\n", -1), *line])
    return out
