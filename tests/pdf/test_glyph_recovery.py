"""Glyphs without a Unicode map are named from the font, or marked: never silently lost."""

from __future__ import annotations

from pathlib import Path

from app.pdf.glyphs import unicode_for_name
from app.pdf.text import extract_pages
from app.pdf.words import page_words
from tests.pdfgen import Page, write_pdf


def test_tex_math_glyphs_come_back_from_their_names(tmp_path: Path) -> None:
    path = tmp_path / "tex.pdf"
    page = Page().styled("Definition 1 (<e>-differential privacy) f<'>(x) a<||>b <<>x<>>", 72, 100,
                         font="F2")  # fmt: skip
    write_pdf(path, [page])
    data = path.read_bytes()
    read = extract_pages(data, None, 0, 1)[0]
    assert (
        "Definition 1 (\u03f5-differential privacy) f\u2032(x) a\u2225b \u27e8x\u27e9" in read.text
    )
    assert read.unreadable == 0
    assert page_words(data, None, 0)[0] == read.text


def test_a_glyph_nobody_can_name_is_marked_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "unknown.pdf"
    write_pdf(path, [Page().styled("mass <?> of it", 72, 100, font="F2")])
    read = extract_pages(path.read_bytes(), None, 0, 1)[0]
    assert read.text == "mass \ufffd of it"
    assert read.unreadable == 1


def test_glyph_names_of_tex_sizes_and_case_variants() -> None:
    assert unicode_for_name("parenleftbigg") == "("
    assert unicode_for_name("integraltext") == "\u222b"
    assert unicode_for_name("Equal") == "="
    assert unicode_for_name("uni03F5") == "\u03f5"
    assert unicode_for_name("g123") is None


def test_symbol_and_wingdings_private_use_characters_are_read(tmp_path: Path) -> None:
    path = tmp_path / "symbol.pdf"
    # Word writes Symbol's alpha and "less or equal" as U+F061 and U+F0A3.
    page = Page().styled("p \uf0a3 0.05, \uf061 = 0.1 \uf0b7 \ue123", 72, 100, font="F4")
    write_pdf(path, [page])
    read = extract_pages(path.read_bytes(), None, 0, 1)[0]
    assert read.text == "p \u2264 0.05, \u03b1 = 0.1 \u2022 \ufffd"
    assert read.unreadable == 1
