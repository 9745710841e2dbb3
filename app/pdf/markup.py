"""Highlights, underlines and notes in a PDF: read from any reader's files, and written as
native annotations every PDF reader shows.

Annotation dictionaries are read and written with pypdf; where they sit on the page is
turned into the displayed frame (points from the top-left, after /Rotate) through the same
page boxes pdfium gives the text layer, so a highlight lands on the words it covers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.pdf.errors import DamagedPdf, PasswordRequired, PdfError, WrongPassword
from app.pdf.frames import PageFrame, Rect, page_frames

MARKUP_KINDS = {"/Highlight": "highlight", "/Underline": "underline", "/Squiggly": "underline"}
HABITUS_FACTORS = "/HabitusFactors"
HABITUS_MEMO = "/HabitusMemo"
HABITUS_NAMES = "/HabitusFactorNames"  # one per line, for a project whose guids differ
# How strongly a highlight tints what is under it (the appearance is multiplied in).
OPACITY = 0.45


@dataclass(frozen=True)
class Markup:
    page: int  # 0-based
    kind: str  # "highlight", "underline" or "note" (a sticky note)
    colour: str | None  # "#rrggbb"
    rects: tuple[Rect, ...]  # one per marked line, displayed frame
    comment: str = ""
    name: str = ""  # the annotation's /NM
    factors: tuple[str, ...] = ()  # factor guids, in annotations Habitus wrote
    memo: str | None = None  # the passage memo, in annotations Habitus wrote
    factor_names: tuple[str, ...] = ()


@dataclass
class NewHighlight:
    page: int
    rects: Sequence[Rect]  # displayed frame, one per line
    colour: str  # "#rrggbb"
    contents: str  # what a reader shows in the note
    name: str  # /NM: unique on the page
    factors: tuple[str, ...] = ()
    factor_names: tuple[str, ...] = ()
    memo: str = ""
    author: str = "Habitus"
    modified: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def _reader(data: bytes, password: str | None) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt(password or "") == 0:
            raise WrongPassword() if password else PasswordRequired()
    except PdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DamagedPdf(f"its annotations cannot be read ({exc})") from exc
    return reader


def _colour(value: Any) -> str | None:
    try:
        parts = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    if len(parts) == 1:
        parts = parts * 3
    elif len(parts) == 4:  # CMYK
        c, m, y, k = parts
        parts = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    if len(parts) != 3:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, p)) * 255):02x}" for p in parts)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _quads(annotation: Any) -> list[tuple[float, float, float, float]]:
    """User-space rectangles (two corners) of each quadrilateral, else of /Rect."""
    raw = annotation.get("/QuadPoints")
    rects = []
    try:
        numbers = [float(v) for v in raw] if raw is not None else []
    except (TypeError, ValueError):
        numbers = []
    for start in range(0, len(numbers) - 7, 8):
        xs = numbers[start : start + 8 : 2]
        ys = numbers[start + 1 : start + 8 : 2]
        rects.append((min(xs), min(ys), max(xs), max(ys)))
    if not rects:
        try:
            x0, y0, x1, y1 = (float(v) for v in annotation.get("/Rect"))
            rects.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        except (TypeError, ValueError):
            pass
    return rects


def read_markup(data: bytes, password: str | None = None) -> list[Markup]:
    """Every highlight, underline and sticky note, in page order."""
    frames = page_frames(data, password)
    reader = _reader(data, password)
    found: list[Markup] = []
    for index, page in enumerate(reader.pages):
        if index >= len(frames):
            break
        try:
            annotations = page.get("/Annots") or []
            annotations = [a.get_object() for a in annotations]
        except Exception:  # one broken page does not cost the others
            continue
        for annotation in annotations:
            if not hasattr(annotation, "get"):
                continue
            subtype = str(annotation.get("/Subtype", ""))
            kind = MARKUP_KINDS.get(subtype, "note" if subtype == "/Text" else "")
            if not kind:
                continue
            frame = frames[index]
            rects = tuple(frame.rect_from_user(r) for r in _quads(annotation))
            factors = tuple(_text(annotation.get(HABITUS_FACTORS)).split())
            memo = annotation.get(HABITUS_MEMO)
            found.append(
                Markup(
                    index,
                    kind,
                    _colour(annotation.get("/C")),
                    rects,
                    _text(annotation.get("/Contents")).replace("\r\n", "\n").replace("\r", "\n"),
                    _text(annotation.get("/NM")),
                    factors,
                    None if memo is None else _text(memo),
                    tuple(n for n in _text(annotation.get(HABITUS_NAMES)).split("\n") if n),
                )
            )
    return found


# --- writing -----------------------------------------------------------------------------------


def _rgb(colour: str) -> list[float]:
    return [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]


def _appearance(writer: Any, quads: list[Rect], bbox: Rect, colour: str) -> Any:
    """A form drawing the highlight, multiplied over the page as readers draw highlights."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        StreamObject,
    )

    r, g, b = _rgb(colour)
    ops = [f"/H gs {r:.4f} {g:.4f} {b:.4f} rg"]
    for left, bottom, right, top in quads:
        ops.append(f"{left:.3f} {bottom:.3f} {right - left:.3f} {top - bottom:.3f} re")
    ops.append("f")
    stream = StreamObject()
    stream.set_data(" ".join(ops).encode("ascii"))
    state = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/ExtGState"),
            NameObject("/BM"): NameObject("/Multiply"),
            NameObject("/ca"): FloatObject(OPACITY),
        }
    )
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/FormType"): NumberObject(1),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in bbox]),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/ExtGState"): DictionaryObject({NameObject("/H"): state})}
            ),
        }
    )
    return writer._add_object(stream)


def _pdf_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def write_highlights(
    data: bytes, password: str | None, highlights: Sequence[NewHighlight]
) -> bytes:
    """The PDF with the highlights added as /Highlight annotations (others kept). A PDF
    that opened with a password is saved with the same password."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    frames = page_frames(data, password)
    reader = _reader(data, password)
    try:
        writer = PdfWriter(clone_from=reader)
    except Exception as exc:
        raise DamagedPdf(f"it cannot be rewritten ({exc})") from exc
    for mark in highlights:
        if not 0 <= mark.page < min(len(frames), len(writer.pages)) or not mark.rects:
            continue
        frame: PageFrame = frames[mark.page]
        quads = [frame.rect_to_user(r) for r in mark.rects]
        bbox = (
            min(q[0] for q in quads),
            min(q[1] for q in quads),
            max(q[2] for q in quads),
            max(q[3] for q in quads),
        )
        points: list[float] = []
        for left, bottom, right, top in quads:
            # Top-left, top-right, bottom-left, bottom-right: the order readers expect.
            points += [left, top, right, top, left, bottom, right, bottom]
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Highlight"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in bbox]),
                NameObject("/QuadPoints"): ArrayObject([FloatObject(v) for v in points]),
                NameObject("/C"): ArrayObject([FloatObject(v) for v in _rgb(mark.colour)]),
                NameObject("/CA"): FloatObject(1),
                NameObject("/F"): NumberObject(4),  # print it too
                NameObject("/Contents"): TextStringObject(mark.contents),
                NameObject("/T"): TextStringObject(mark.author),
                NameObject("/NM"): TextStringObject(mark.name),
                NameObject("/M"): TextStringObject(_pdf_date(mark.modified)),
                NameObject(HABITUS_FACTORS): TextStringObject(" ".join(mark.factors)),
                NameObject(HABITUS_MEMO): TextStringObject(mark.memo),
                NameObject(HABITUS_NAMES): TextStringObject("\n".join(mark.factor_names)),
            }
        )
        annotation[NameObject("/AP")] = DictionaryObject(
            {NameObject("/N"): _appearance(writer, quads, bbox, mark.colour)}
        )
        writer.add_annotation(page_number=mark.page, annotation=annotation)
    if password:
        writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
