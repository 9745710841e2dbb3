"""Right-to-left lines, Chinese beside digits, and turned pages come out in reading order."""

from __future__ import annotations

from pathlib import Path

import pytest
from bidi import get_display

from app.pdf.text import extract_pages
from app.pdf.words import page_words
from tests.pdfgen import Page, write_pdf


def _read(path: Path, pages: list[Page]) -> list[str]:
    write_pdf(path, pages)
    data = path.read_bytes()
    texts = [p.text for p in extract_pages(data, None, 0, len(pages))]
    for index, text in enumerate(texts):
        assert page_words(data, None, index)[0] == text
    return texts


@pytest.mark.parametrize(
    "line",
    [
        "לפי סעיף 15(ב)(4) לחוק המדינה",
        "The words كلمة عربية here (and more)",
        "see (שלום עולם) here",
    ],
)
def test_right_to_left_text_is_stored_as_read(tmp_path: Path, line: str) -> None:
    # A PDF draws the glyphs in the order they stand on the line, each mapped to the
    # character typed (a bracket drawn mirrored still maps to the bracket meant): the bidi
    # algorithm's display order, without mirroring.
    drawn = get_display(line)
    [text] = _read(tmp_path / "rtl.pdf", [Page().styled(drawn, 72, 100, font="F3")])
    assert text == line


def test_no_space_is_invented_between_chinese_and_digits(tmp_path: Path) -> None:
    page = Page()
    page.styled("公司", 72, 100, font="F3")
    page.styled("2018", 72 + 2 * 7.2 + 4, 100, font="F3")  # set apart by a few points
    page.styled("年报告", 72 + 6 * 7.2 + 8, 100, font="F3")
    [text] = _read(tmp_path / "cjk.pdf", [page])
    assert text == "公司2018年报告"


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_turned_page_reads_in_its_rows(tmp_path: Path, rotate: int) -> None:
    width, height = (792.0, 612.0)
    page = Page(width, height, rotate)
    # Written a column at a time, as the table generators behind such pages do: the order of
    # the content stream is not the order a reader goes in.
    for column in range(3):
        for row in range(3):
            page.text(f"cell{row}{column}", 72 + 150 * column, 100 + 30 * row)
    [text] = _read(tmp_path / f"turned{rotate}.pdf", [page])
    rows = [line.split() for line in text.splitlines()]
    assert rows == [[f"cell{r}{c}" for c in range(3)] for r in range(3)]
