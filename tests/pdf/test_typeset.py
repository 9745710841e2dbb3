"""Long plain text typeset over pages, with each character's place recorded."""

from __future__ import annotations

import random
from pathlib import Path

from app.pdf.compose import beyond_helvetica, typeset_text
from app.pdf.embedded_font import TrueTypeFont
from app.pdf.text import extract_pages
from app.pdf.text_fonts import font_for
from tests.fonts import PRINTABLE_ASCII, make_collection, make_font

GREEK = "ΕΑελπίδα"


def test_long_text_wraps_over_pages_and_each_character_is_where_it_was_put() -> None:
    paragraph = "Parents with a university degree negotiated their plans, self-managed. " * 12
    text = "\r\n\r\n".join([paragraph] * 25) + "\nhttp://example.org/" + "x" * 300
    typeset = typeset_text(text)
    pages = extract_pages(typeset.pdf, None, 0, 100)
    assert len(pages) == len(typeset.page_texts) >= 5
    for laid, page in zip(typeset.page_texts, pages, strict=True):
        # A PDF reader gives back the same characters (white space aside).
        assert laid.split() == page.text.split()
        for line in laid.split("\n"):
            assert not line.endswith("-")
    for index, char in enumerate(text):
        page, offset = typeset.places[index]
        if char.isspace():
            continue
        assert typeset.page_texts[page][offset] == char
    assert typeset.unrepresentable == 0


def test_characters_helvetica_cannot_show_are_counted() -> None:
    typeset = typeset_text("Ελπίδα and hope")
    assert typeset.unrepresentable == 6
    assert typeset.page_texts == ["?????? and hope"]


def test_a_font_that_has_them_shows_them_and_the_page_reads_back_the_same(
    tmp_path: Path,
) -> None:
    # The font lacks "«»" and Chinese: Helvetica shows the first, nothing the second.
    (font,) = TrueTypeFont.from_file(make_font(tmp_path / "greek.ttf", PRINTABLE_ASCII + GREEK))
    text = "Ελπίδα and hope: «ελπίδα» 中"
    typeset = typeset_text(text, font=font)
    assert (typeset.unrepresentable, typeset.unshown) == (1, {"中"})
    (page,) = extract_pages(typeset.pdf, None, 0, 1)
    assert page.text == typeset.page_texts[0] == "Ελπίδα and hope: «ελπίδα» ?"
    # Each character is where the record of places says.
    for index, char in enumerate(text[:-1]):
        _, offset = typeset.places[index]
        if not char.isspace():
            assert page.text[offset] == char


def test_only_the_characters_beyond_helvetica_ask_for_a_font(tmp_path: Path) -> None:
    assert beyond_helvetica("Café “naïve” – ok") == set()
    # Hebrew is left out: right-to-left text would have to be set in visual order.
    assert beyond_helvetica("Łódź שלום ελπίδα") == {"Ł", "ź", "ε", "λ", "π", "ί", "δ", "α"}
    plain = make_font(tmp_path / "plain.ttf", PRINTABLE_ASCII)
    greek = make_font(tmp_path / "greek.ttf", PRINTABLE_ASCII + GREEK)
    chosen = font_for({"ε", "λ"}, [tmp_path / "missing.ttf", plain, greek])
    assert chosen is not None and chosen.covers("ε")
    assert font_for({"ε"}, [plain]) is None
    (tmp_path / "broken.ttf").write_bytes(b"not a font")
    assert font_for({"ε"}, [tmp_path / "broken.ttf"]) is None
    # PostScript outlines are not embedded: such a font is passed over for the next.
    otf = make_font(tmp_path / "greek.otf", PRINTABLE_ASCII + GREEK, postscript=True)
    assert font_for({"ε"}, [otf]) is None
    found = font_for({"ε"}, [otf, greek])
    assert found is not None and found.name == "greek"


def test_chinese_in_the_second_font_of_a_collection_reads_back_the_same(tmp_path: Path) -> None:
    latin = make_font(tmp_path / "latin.ttf", PRINTABLE_ASCII, family="Latin")
    chinese = make_font(tmp_path / "han.ttf", PRINTABLE_ASCII + "公司年报告", family="Han")
    collection = make_collection(tmp_path / "both.ttc", [latin, chinese])
    font = font_for({"公"}, [collection])  # the second of its fonts: the first has none
    assert font is not None and font.number == 1
    text = "公司2018年报告 for the board"
    typeset = typeset_text(text, font=font)
    assert typeset.unrepresentable == 0
    (page,) = extract_pages(typeset.pdf, None, 0, 1)
    assert page.text == typeset.page_texts[0] == text


def test_a_font_that_cannot_be_embedded_leaves_helvetica_and_question_marks(
    tmp_path: Path,
) -> None:
    (font,) = TrueTypeFont.from_file(make_font(tmp_path / "greek.ttf", PRINTABLE_ASCII + GREEK))
    font.data = b"damaged after it was read"
    typeset = typeset_text("Ελπίδα and hope", font=font)
    assert typeset.unrepresentable == 6
    assert typeset.page_texts == ["?????? and hope"]
    (page,) = extract_pages(typeset.pdf, None, 0, 1)
    assert page.text == "?????? and hope"


def test_damaged_font_files_are_passed_over_and_never_stop_the_typesetting(
    tmp_path: Path,
) -> None:
    good = make_font(tmp_path / "greek.ttf", PRINTABLE_ASCII + GREEK).read_bytes()
    rng = random.Random(5)
    for number in range(150):
        damaged = bytearray(good)
        for _ in range(rng.choice((1, 4, 16))):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"damaged{number}.ttf"
        path.write_bytes(bytes(damaged))
        font = font_for({"ε"}, [path])
        typeset = typeset_text("Ελπίδα and hope", font=font)
        assert typeset.page_texts[0].endswith(" and hope")
