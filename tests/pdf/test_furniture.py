"""Printed page numbers and running heads, found across a document's pages."""

from __future__ import annotations

from pathlib import Path

from app.pdf.furniture import detect, roman_value, to_roman
from app.pdf.text import extract_pages
from tests.journal import FIRST_PRINTED, PAGES, journal_article
from tests.pdfgen import Page, write_pdf


def test_the_number_printed_in_the_running_head_is_found(tmp_path: Path) -> None:
    path = journal_article(tmp_path / "article.pdf")
    pages = extract_pages(path.read_bytes(), None, 0, PAGES)
    found = detect(pages)
    assert [f.printed for f in found] == [str(FIRST_PRINTED + i) for i in range(PAGES)]


def test_running_heads_numbers_and_margin_marks_are_furniture(tmp_path: Path) -> None:
    path = journal_article(tmp_path / "article.pdf")
    pages = extract_pages(path.read_bytes(), None, 0, PAGES)
    found = detect(pages)
    for page, furniture in zip(pages, found, strict=True):
        marked = {page.text[a:b] for a, b in furniture.spans}
        head = (
            f"ER 29,2 {FIRST_PRINTED + page.index}"
            if page.index % 2 == 0
            else f"Shift work interventions {FIRST_PRINTED + page.index}"
        )
        assert head in marked
        assert "Downloaded by a university library on 1 May 2024" in marked
        assert not any("Body line" in text for text in marked)


def test_viewer_labels_are_read_roman_front_matter_included(tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    write_pdf(
        path,
        [Page().text(f"page {i}", 72, 300) for i in range(5)],
        labels={0: "/S /r", 2: "/S /D /St 1"},
    )
    pages = extract_pages(path.read_bytes(), None, 0, 5)
    assert [p.label for p in pages] == ["i", "ii", "1", "2", "3"]


def test_front_matter_in_roman_then_the_body_in_arabic(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    spec = []
    for index in range(8):
        page = Page().text(f"Text of page {index}.", 72, 300)
        if 1 <= index <= 3:
            page.text(to_roman(index), 300, 760, 9)  # i, ii, iii at the foot
        elif index >= 5:
            page.text(str(index - 3), 300, 760, 9)  # 2, 3, 4; page 4 opens a chapter bare
        spec.append(page)
    write_pdf(path, spec)
    found = detect(extract_pages(path.read_bytes(), None, 0, 8))
    assert [f.printed for f in found] == [None, "i", "ii", "iii", "1", "2", "3", "4"]


def test_numbers_that_do_not_step_with_the_pages_are_not_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "dated.pdf"
    write_pdf(path, [Page().text("Annual report 2018", 72, 40, 9).text("x", 72, 300)] * 4)
    assert [f.printed for f in detect(extract_pages(path.read_bytes(), None, 0, 4))] == [None] * 4


def test_roman_numerals() -> None:
    assert [roman_value(t) for t in ("i", "iv", "xii", "XL", "mcmxc")] == [1, 4, 12, 40, 1990]
    assert roman_value("iiii") is None and roman_value("vx") is None


def test_a_page_that_shows_its_own_number_keeps_it(tmp_path: Path) -> None:
    # Pages 49, 50, 52, 53, 54 of a book (51 left out); the heads' words differ a little
    # from page to page, as an OCR layer reads them.
    path = tmp_path / "sample.pdf"
    heads = ["THE SIEGE OF VICKSBURG. 49", "50 THE SIEGE OF VICKSBUEG.",
             "52 THE SIEGE OF VICKSBURG.", "THE SIEGE OP VICKSBURG. 53",
             "54 THE SIEGE OF VICKSBURG."]  # fmt: skip
    write_pdf(path, [Page().text(h, 72, 40, 9).text("Body of the page.", 72, 300) for h in heads])
    pages = extract_pages(path.read_bytes(), None, 0, 5)
    found = detect(pages)
    assert [f.printed for f in found] == ["49", "50", "52", "53", "54"]
    for page, furniture in zip(pages, found, strict=True):
        assert [page.text[a:b] for a, b in furniture.spans] == [heads[page.index]]
