"""Long plain text typeset over pages, with each character's place recorded."""

from __future__ import annotations

from app.pdf.compose import typeset_text
from app.pdf.text import extract_pages


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
