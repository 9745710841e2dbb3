"""What a reader cannot see: text objects that are taken off a page before its text is read.

A page's text should be the text a reader sees on it. PDFs carry more: printer's marks
outside the visible box, text in the invisible render mode (hidden keywords, stamps), text
that a later opaque image covers, text clipped away. Each such text object is removed from
the loaded page (only in memory: the PDF is never rewritten) before pdfium builds the text
page, so pdfium's own fast text path sees only what is visible.

One exception keeps scans with an OCR layer codable: invisible text lying over an image is
the recognised text of that image, which the reader does see, so it stays.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c

Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF user space

_INVISIBLE_MODES = {pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP}
# A text object whose box lies inside an image by this share counts as under it; an image
# covers text when the text's box lies inside the image's box (with this much slack, points).
_OVER_IMAGE_SHARE = 0.5
_COVER_SLACK = 0.5


@dataclass
class _Item:
    handle: Any
    parent: Any | None  # the form object holding it, or None for the page itself
    kind: int
    box: Rect
    order: int  # drawing order on the page, nested forms included
    mode: int = 0
    clip: Rect | None = None
    opaque: bool = True


@dataclass
class Hidden:
    """The text objects taken off a page and why; `destroy` frees them once the text page
    built without them is closed."""

    handles: list[Any] = field(default_factory=list)
    outside: int = 0
    invisible: int = 0
    covered: int = 0
    clipped: int = 0

    @property
    def count(self) -> int:
        return len(self.handles)

    def destroy(self) -> None:
        for handle in self.handles:
            pdfium_c.FPDFPageObj_Destroy(handle)
        self.handles.clear()


def hide_unseen(page_handle: Any, visible: Rect) -> Hidden:
    """Take every text object a reader cannot see off the loaded page. PDFIUM_LOCK held."""
    items = _collect(page_handle)
    hidden = Hidden()
    texts = [item for item in items if item.kind == pdfium_c.FPDF_PAGEOBJ_TEXT]
    if not texts:
        return hidden
    images = [item for item in items if item.kind == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    for item in texts:
        reason = _why_unseen(item, images, visible)
        if reason is None:
            continue
        if item.parent is None:
            removed = pdfium_c.FPDFPage_RemoveObject(page_handle, item.handle)
        else:
            removed = pdfium_c.FPDFFormObj_RemoveObject(item.parent, item.handle)
        if removed:
            hidden.handles.append(item.handle)
            setattr(hidden, reason, getattr(hidden, reason) + 1)
    return hidden


def _why_unseen(item: _Item, images: list[_Item], visible: Rect) -> str | None:
    if not _intersects(_centre_box(item.box), visible):
        return "outside"
    if item.clip is not None and not _intersects(item.box, item.clip):
        return "clipped"
    if item.mode in _INVISIBLE_MODES:
        if any(_inside_share(item.box, image.box) >= _OVER_IMAGE_SHARE for image in images):
            return None  # an OCR layer over its scan
        return "invisible"
    for image in images:
        if image.order > item.order and image.opaque and _contains(image.box, item.box):
            return "covered"
    return None


# ---------------------------------------------------------------------------------------------
# Walking the page's objects, forms included


def _collect(page_handle: Any) -> list[_Item]:
    items: list[_Item] = []
    _walk(
        pdfium_c.FPDFPage_CountObjects,
        pdfium_c.FPDFPage_GetObject,
        page_handle,
        None,
        None,
        items,
        {},
    )
    return items


Matrix = tuple[float, float, float, float, float, float]

_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM


def _walk(
    count: Callable[[Any], int],
    get: Callable[[Any, int], Any],
    owner: Any,
    form: Any | None,
    matrix: Matrix | None,
    items: list[_Item],
    clips: dict[int, Rect | None],
) -> None:
    # A page can hold thousands of objects: pdfium's functions are bound locally and each
    # clipping path, which objects share, is measured once.
    get_type = pdfium_c.FPDFPageObj_GetType
    get_bounds = pdfium_c.FPDFPageObj_GetBounds
    get_mode = pdfium_c.FPDFTextObj_GetTextRenderMode
    get_clip = pdfium_c.FPDFPageObj_GetClipPath
    address = ctypes.addressof
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(count(owner)):
        handle = get(owner, i)
        if not handle:
            continue
        kind = get_type(handle)
        if kind == _FORM:
            inner = _form_matrix(handle)
            _walk(
                pdfium_c.FPDFFormObj_CountObjects,
                pdfium_c.FPDFFormObj_GetObject,
                handle,
                handle,
                inner if matrix is None else _compose(inner, matrix),
                items,
                clips,
            )
            continue
        if kind != _TEXT and kind != _IMAGE:
            continue
        if not get_bounds(handle, left, bottom, right, top):
            continue
        box = (left.value, bottom.value, right.value, top.value)
        if matrix is not None:
            box = _transform_box(box, matrix)
        item = _Item(handle, form, kind, box, len(items))
        if kind == _TEXT:
            item.mode = get_mode(handle)
            clip = get_clip(handle)
            if clip:
                key = address(clip.contents)
                if key not in clips:
                    clips[key] = _clip_box(clip)
                box_of_clip = clips[key]
                if box_of_clip is not None and matrix is not None:
                    box_of_clip = _transform_box(box_of_clip, matrix)
                item.clip = box_of_clip
        else:
            item.opaque = not pdfium_c.FPDFPageObj_HasTransparency(handle)
        items.append(item)


def _form_matrix(handle: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(handle, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _transform_box(box: Rect, m: Matrix) -> Rect:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _clip_box(clip: Any) -> Rect | None:
    """The bounding box of a clipping path, or None when it has no paths."""
    xs: list[float] = []
    ys: list[float] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        for s in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, p)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, p, s)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


# ---------------------------------------------------------------------------------------------
# Rectangles


def _centre_box(box: Rect) -> Rect:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return (cx, cy, cx, cy)


def _intersects(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _contains(outer: Rect, inner: Rect) -> bool:
    s = _COVER_SLACK
    return (
        outer[0] - s <= inner[0]
        and outer[1] - s <= inner[1]
        and inner[2] <= outer[2] + s
        and inner[3] <= outer[3] + s
    )


def _inside_share(box: Rect, other: Rect) -> float:
    area = (box[2] - box[0]) * (box[3] - box[1])
    if area <= 0:  # a space or a flat glyph: where its middle is
        return 1.0 if _intersects(_centre_box(box), other) else 0.0
    w = min(box[2], other[2]) - max(box[0], other[0])
    h = min(box[3], other[3]) - max(box[1], other[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / area
