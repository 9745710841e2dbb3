from __future__ import annotations

from pathlib import Path

import pytest

from app.pdf.errors import NotAPdf, PdfError
from app.pdf.render import Bitmap, render_page
from app.pdf.words import page_words
from tests.pdfgen import Page, image_only_page, simple_pdf, write_pdf


def _pixel(bm: Bitmap, x: int, y: int) -> tuple[int, int, int, int]:
    """(r, g, b, a) at x, y of a BGRA bitmap."""
    i = y * bm.stride + 4 * x
    b, g, r, a = bm.data[i : i + 4]
    return r, g, b, a


def _dark_in(bm: Bitmap, x0: float, y0: float, x1: float, y1: float, scale: float) -> int:
    count = 0
    for y in range(int(y0 * scale), int(y1 * scale) + 1):
        for x in range(int(x0 * scale), int(x1 * scale) + 1):
            if 0 <= x < bm.width and 0 <= y < bm.height and sum(_pixel(bm, x, y)[:3]) < 300:
                count += 1
    return count


def test_white_page_of_expected_size_with_ink_where_text_is(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    lines = simple_pdf(path, [["Dark words on white paper"]], size=20.0)
    data = path.read_bytes()
    scale = 1.5
    bm = render_page(data, None, 0, scale)
    assert (bm.width, bm.height) == (918, 1188)  # 612 x 792 pt at 1.5
    assert bm.stride >= 4 * bm.width
    assert len(bm.data) == bm.stride * bm.height
    assert _pixel(bm, 5, 5) == (255, 255, 255, 255)
    assert _pixel(bm, bm.width - 1, bm.height - 1) == (255, 255, 255, 255)
    (line,) = lines
    assert _dark_in(bm, line.x, line.top, line.x + 200, line.bottom, scale) > 200
    # Nothing drawn well below the line.
    assert _dark_in(bm, 0, 300, 612, 792, scale) == 0
    # Every pixel is opaque, as the Qt format needs.
    assert set(bm.data[3::4]) == {255}


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotation_applied_and_word_boxes_land_on_ink(tmp_path: Path, rotate: int) -> None:
    path = tmp_path / "r.pdf"
    page = Page(792.0, 612.0, rotate)
    page.text("Sideways sheet", 60.0, 80.0, 24.0)
    write_pdf(path, [page])
    data = path.read_bytes()
    scale = 1.0
    bm = render_page(data, None, 0, scale)
    assert (bm.width, bm.height) == (792, 612)
    _, words = page_words(data, None, 0)
    assert len(words) == 2
    for w in words:
        assert _dark_in(bm, w.x0, w.top, w.x1, w.bottom, scale) > 50
    # The same boxes turned the wrong way would sit on blank paper.
    w = words[0]
    assert _dark_in(bm, 792 - w.x1, 612 - w.bottom, 792 - w.x0, 612 - w.top, scale) == 0


def test_image_only_page_renders_its_drawing(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    image_only_page(path)
    bm = render_page(path.read_bytes(), None, 0, 0.5)
    r, g, b, _ = _pixel(bm, 125, 150)  # inside the grey rectangle at (100,100)-(400,500) pt
    assert r == g == b and 100 < r < 200


def test_errors(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["one"]])
    data = path.read_bytes()
    with pytest.raises(NotAPdf):
        render_page(b"", None, 0, 1.0)
    with pytest.raises(PdfError, match="no page 3"):
        render_page(data, None, 2, 1.0)
    with pytest.raises(PdfError, match="too large"):
        render_page(data, None, 0, 500.0)
    with pytest.raises(ValueError):
        render_page(data, None, 0, 0.0)
