from __future__ import annotations

from pathlib import Path

import pytest

from app.pdf.errors import PdfError
from app.pdf.text import extract_pages
from app.pdf.words import Word, page_words
from tests.pdfgen import Line, Page, simple_pdf, two_column_article, write_pdf

TOL = 1.0  # points


def _assert_box(word: Word, line: Line, x0: float, x1: float) -> None:
    assert word.x0 == pytest.approx(x0, abs=TOL)
    assert word.x1 == pytest.approx(x1, abs=TOL)
    # The box spans the glyphs: from above the x-height down to the descender.
    assert line.y - 1.1 * line.size <= word.top <= line.top + TOL
    assert line.y <= word.bottom <= line.bottom + 2 * TOL


def test_spans_slice_the_text_and_match_extract_pages(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    two_column_article(path)
    data = path.read_bytes()
    pages = extract_pages(data, None, 0, 2)
    for page in pages:
        text, words = page_words(data, None, page.index)
        assert text == page.text
        assert [text[w.start : w.end] for w in words] == text.split()
        assert all(w.x0 < w.x1 and w.top < w.bottom for w in words)


def test_word_boxes_where_the_text_was_put(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    lines = two_column_article(path)
    data = path.read_bytes()
    for index in (0, 1):
        text, words = page_words(data, None, index)
        expected = [b for ln in lines if ln.page == index for b in ln.word_boxes()]
        by_line = [ln for ln in lines if ln.page == index for _ in ln.word_boxes()]
        assert len(words) == len(expected)
        for word, (label, x0, _, x1, _), line in zip(words, expected, by_line, strict=True):
            assert text[word.start : word.end] == label
            _assert_box(word, line, x0, x1)


def test_columns_do_not_overlap(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    two_column_article(path)
    text, words = page_words(path.read_bytes(), None, 0)
    left_end = text.index("Right")
    left = [w for w in words if w.start < left_end and w.top > 80]
    right = [w for w in words if w.start >= left_end]
    assert max(w.x1 for w in left) < min(w.x0 for w in right)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_rotated_pages_in_display_frame(tmp_path: Path, rotate: int) -> None:
    path = tmp_path / f"rot{rotate}.pdf"
    page = Page(792.0, 612.0, rotate)
    page.text("Top left words", 40.0, 50.0, 14.0)
    page.text("Bottom right", 600.0, 580.0, 14.0)
    lines = write_pdf(path, [page])
    text, words = page_words(path.read_bytes(), None, 0)
    assert text == "Top left words\nBottom right"
    expected = [(ln, b) for ln in lines for b in ln.word_boxes()]
    assert len(words) == len(expected)
    for word, (line, (label, x0, _, x1, _)) in zip(words, expected, strict=True):
        assert text[word.start : word.end] == label
        _assert_box(word, line, x0, x1)


def test_rotations_agree(tmp_path: Path) -> None:
    path = tmp_path / "all4.pdf"
    pages = []
    for rotate in (0, 90, 180, 270):
        page = Page(842.0, 595.0, rotate)
        for r in range(3):
            page.text(f"cell[{r}][0] cell[{r}][1]", 120.0, 80.0 + 40.0 * r, 12.0)
        pages.append(page)
    write_pdf(path, pages)
    data = path.read_bytes()
    results = [page_words(data, None, i) for i in range(4)]
    first_text, first_words = results[0]
    for text, words in results[1:]:
        assert text == first_text
        assert len(words) == len(first_words) == 6
        for a, b in zip(words, first_words, strict=True):
            assert (a.start, a.end) == (b.start, b.end)
            assert (a.x0, a.top, a.x1, a.bottom) == pytest.approx(
                (b.x0, b.top, b.x1, b.bottom), abs=0.01
            )


def test_hyphenated_word_gets_a_box_per_line(tmp_path: Path) -> None:
    path = tmp_path / "h.pdf"
    simple_pdf(path, [["capital is the accumu-", "lation of labour in its forms"]])
    data = path.read_bytes()
    text, words = page_words(data, None, 0)
    assert text == extract_pages(data, None, 0, 1)[0].text
    # pdfium joins a word hyphenated at the line end; the stored text keeps a soft hyphen.
    assert "accumu\u00adlation" in text
    pieces = [w for w in words if text[w.start : w.end].startswith(("accumu", "lation"))]
    assert [text[w.start : w.end] for w in pieces] == ["accumu\u00ad", "lation"]
    # One box per line, not one spanning both lines and everything between.
    assert pieces[0].end == pieces[1].start
    assert pieces[0].bottom <= pieces[1].top + 1.0
    assert pieces[1].x0 < pieces[0].x0


def test_page_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["one"]])
    with pytest.raises(PdfError, match="no page 2"):
        page_words(path.read_bytes(), None, 1)


def test_words_through_pdfplumber_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.pdf"
    lines = two_column_article(path)
    data = path.read_bytes()
    from app.pdf.errors import DamagedPdf

    def refuse(data: bytes, password: str | None) -> object:
        raise DamagedPdf("the file structure cannot be read")

    monkeypatch.setattr("app.pdf.handles.open_document", refuse)
    (page,) = extract_pages(data, None, 0, 1)
    text, words = page_words(data, None, 0)
    assert text == page.text
    assert [text[w.start : w.end] for w in words] == text.split()
    first = next(ln for ln in lines if ln.page == 0 and ln.text.startswith("Left"))
    word = next(w for w in words if text[w.start : w.end] == "Left")
    assert word.x0 == pytest.approx(first.x, abs=TOL)
    assert first.y - first.size <= word.top <= first.y <= word.bottom <= first.y + first.size


def test_chinese_and_japanese_select_one_character_at_a_time() -> None:
    from app.pdf.words import _WORD

    assert _WORD.findall("季度报告 Q1 report") == ["季", "度", "报", "告", "Q1", "report"]
