"""Page text is what a reader sees: nothing hidden, covered, clipped or off the page."""

from __future__ import annotations

from pathlib import Path

from app.pdf.text import extract_pages
from app.pdf.words import page_words
from tests.pdfgen import Page, write_pdf


def _page_text(path: Path, page: Page) -> str:
    write_pdf(path, [page])
    data = path.read_bytes()
    text = extract_pages(data, None, 0, 1)[0].text
    assert page_words(data, None, 0)[0] == text  # the page on screen reads the same
    return text


def test_invisible_text_is_not_page_text(tmp_path: Path) -> None:
    page = Page().text("Visible words.", 72, 100).styled("SECRET keywords", 72, 140, mode=3)
    text = _page_text(tmp_path / "a.pdf", page)
    assert "Visible words." in text
    assert "SECRET" not in text


def test_an_ocr_layer_over_its_scan_stays(tmp_path: Path) -> None:
    # A scanned page: the image first, then its recognised text in the invisible mode.
    page = Page().image(0, 0, 612, 792).styled("Recognised words of the scan", 72, 140, mode=3)
    text = _page_text(tmp_path / "ocr.pdf", page)
    assert "Recognised words of the scan" in text


def test_text_beyond_the_crop_box_is_not_page_text(tmp_path: Path) -> None:
    page = Page().text("Body of the page.", 72, 100).text("CROPMARK outside", 72, 780)
    page.crop = (0, 40, 612, 792)  # the bottom 40 points are cut off
    path = tmp_path / "crop.pdf"
    text = _page_text(path, page)
    assert "Body of the page." in text
    assert "CROPMARK" not in text
    read = extract_pages(path.read_bytes(), None, 0, 1)[0]
    assert read.hidden == 1
    assert read.height == 752  # the visible page


def test_text_under_an_opaque_image_is_not_page_text(tmp_path: Path) -> None:
    page = Page().text("Kept line.", 72, 100).text("COVERED line", 72, 160)
    page.image(60, 140, 300, 30)
    text = _page_text(tmp_path / "cover.pdf", page)
    assert "Kept line." in text
    assert "COVERED" not in text


def test_text_clipped_away_is_not_page_text(tmp_path: Path) -> None:
    page = Page().text("Kept line.", 72, 100)
    page.clipped((72, 180, 40, 20), "CLIPPED words", 300, 195)  # drawn outside its clip
    page.clipped((72, 220, 300, 30), "Shown words", 80, 240)  # drawn inside its clip
    text = _page_text(tmp_path / "clip.pdf", page)
    assert "CLIPPED" not in text
    assert "Shown words" in text
