from __future__ import annotations

from pathlib import Path

import pytest

from app.pdf import text as text_mod
from app.pdf.errors import DamagedPdf, NotAPdf, PasswordRequired, PdfError, WrongPassword
from app.pdf.text import (
    TEXT_ERROR,
    TEXT_NONE,
    TEXT_OK,
    TEXT_UNUSABLE,
    clean_text,
    clean_with_origin,
    extract_pages,
    page_count,
    text_status,
)
from tests.pdfgen import (
    Page,
    image_only_page,
    simple_pdf,
    two_column_article,
    write_pdf,
)


def _encrypt(src: Path, dst: Path, user: str, owner: str = "owner-secret") -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(src))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="RC4-128")
    with dst.open("wb") as fh:
        writer.write(fh)
    return dst.read_bytes()


def test_two_column_reading_order(tmp_path: Path) -> None:
    path = tmp_path / "article.pdf"
    lines = two_column_article(path)
    pages = extract_pages(path.read_bytes(), None, 0, 10)
    assert [p.index for p in pages] == [0, 1]
    for page in pages:
        assert page.status == TEXT_OK
        text = page.text
        left = [ln.text for ln in lines if ln.page == page.index and ln.text.startswith("Left")]
        right = [ln.text for ln in lines if ln.page == page.index and ln.text.startswith("Right")]
        assert len(left) == len(right) == 12
        positions = [text.index(s) for s in left + right]
        # Every line is there, the left column in order, then the right column in order.
        assert positions == sorted(positions)
        assert max(text.index(s) for s in left) < min(text.index(s) for s in right)


def test_page_geometry_and_ranges(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    write_pdf(
        path, [Page(612, 792).text("upright", 72, 100), Page(792, 612, 90).text("x", 72, 100)]
    )
    data = path.read_bytes()
    assert page_count(data) == 2
    first, second = extract_pages(data, None, 0, 2)
    assert (first.width, first.height, first.rotation) == (612, 792, 0)
    # Sizes are as displayed: the sideways sheet shows landscape.
    assert (second.width, second.height, second.rotation) == (792, 612, 90)
    assert [p.index for p in extract_pages(data, None, 1, 99)] == [1]
    assert extract_pages(data, None, 2, 5) == []
    with pytest.raises(ValueError):
        extract_pages(data, None, 1, 0)


def test_lines_joined_with_newline_not_crlf(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["first line here", "second line (with parens) and back\\slash"]])
    (page,) = extract_pages(path.read_bytes(), None, 0, 1)
    assert page.text == "first line here\nsecond line (with parens) and back\\slash"
    assert "\r" not in page.text


def test_image_only_page_has_status_none(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    image_only_page(path)
    (page,) = extract_pages(path.read_bytes(), None, 0, 1)
    assert page.status == TEXT_NONE
    assert page.text == ""
    assert page.error is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb", "a\nb"),
        ("dif\ufffeferential", "dif\u00adferential"),
        ("na\u00a8\u0131ve", "na\u00efve"),  # TeX's diaeresis before a dotless i
        ("\u00b4Etienne", "\u00c9tienne"),
        ("Cr`eme", "Cr\u00e8me"),
        ("`code`", "`code`"),  # a backtick before a word is not an accent
        ("Del \u00b4\r\nGiorno", "Del \u00b4\nGiorno"),  # nothing to compose with
        ("x\u00a8\u03a9", "x\u00a8\u03a9"),  # no precomposed letter exists: left alone
        ("a\x00b\x05c\td\x7f\x9fe", "abc\tde"),
        ("\ufb01nd", "\ufb01nd"),  # ligatures stay: no NFKC
        ("plain", "plain"),
    ],
)
def test_cleaning(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    text, origin = clean_with_origin(raw)
    assert text == clean
    assert len(origin) == len(text)
    assert origin == sorted(origin)
    assert all(0 <= i < len(raw) for i in origin)


def test_status_heuristics() -> None:
    assert text_status("") == TEXT_NONE
    assert text_status(" \r\n ") == TEXT_NONE
    assert text_status("An ordinary sentence.\r\nAnother one with \x06 a symbol.") == TEXT_OK
    garbage = "\x04\x05\x06\x04\x07\x08\t\n\x08\x0b\x0c\x04\x08\r\x04\x0e" * 20
    assert text_status("Abstract\r\n" + garbage) == TEXT_UNUSABLE
    assert text_status("(cid:12)(cid:7)(cid:99) (cid:3)") == TEXT_UNUSABLE


def test_zero_bytes() -> None:
    with pytest.raises(NotAPdf, match=r"empty file \(0 bytes\)"):
        page_count(b"")
    with pytest.raises(NotAPdf):
        extract_pages(b"", None, 0, 1)


def test_not_a_pdf() -> None:
    with pytest.raises(NotAPdf) as info:
        page_count(b"PK\x03\x04 this is a zip archive, not a PDF")
    assert str(info.value) == "not a PDF file"


def test_truncated_file_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    simple_pdf(path, [["some text"]])
    data = path.read_bytes()[:40]
    with pytest.raises(DamagedPdf) as info:
        page_count(data)
    assert str(info.value).startswith("damaged PDF: ")
    with pytest.raises(PdfError):
        extract_pages(data, None, 0, 1)


def test_empty_user_password_opens_without_asking(tmp_path: Path) -> None:
    src = tmp_path / "plain.pdf"
    simple_pdf(src, [["open sesame"]])
    data = _encrypt(src, tmp_path / "enc.pdf", user="")
    assert b"/Encrypt" in data
    assert page_count(data) == 1
    (page,) = extract_pages(data, None, 0, 1)
    assert page.text == "open sesame"


def test_password_protected(tmp_path: Path) -> None:
    src = tmp_path / "plain.pdf"
    simple_pdf(src, [["behind a password"], ["second page"]])
    data = _encrypt(src, tmp_path / "enc.pdf", user="s3cret")
    with pytest.raises(PasswordRequired) as required:
        page_count(data)
    assert str(required.value) == "password required"
    with pytest.raises(PasswordRequired):
        extract_pages(data, "", 0, 1)
    with pytest.raises(WrongPassword) as wrong:
        page_count(data, "guess")
    assert str(wrong.value) == "wrong password"
    assert page_count(data, "s3cret") == 2
    pages = extract_pages(data, "s3cret", 0, 2)
    assert [p.text for p in pages] == ["behind a password", "second page"]


def test_pdfplumber_fallback_when_pdfium_cannot_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["rescued by the other parser"], ["page two"]])
    data = path.read_bytes()

    def refuse(data: bytes, password: str | None) -> object:
        raise DamagedPdf("the file structure cannot be read")

    monkeypatch.setattr("app.pdf.handles.open_document", refuse)
    assert page_count(data) == 2
    pages = extract_pages(data, None, 0, 2)
    assert [p.text for p in pages] == ["rescued by the other parser", "page two"]
    assert all(p.status == TEXT_OK for p in pages)
    assert (pages[0].width, pages[0].height) == (612, 792)


def test_failed_page_does_not_fail_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["page one"], ["page two"], ["page three"]])
    data = path.read_bytes()
    real = text_mod.open_layer
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("boom")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(text_mod, "open_layer", flaky)
    # pdfplumber rescues the page pdfium failed on...
    pages = extract_pages(data, None, 0, 3)
    assert [p.text for p in pages] == ["page one", "page two", "page three"]
    # ...and when it cannot either, that page alone carries the error.
    calls["n"] = 0
    monkeypatch.setattr(text_mod, "_plumber_pages", lambda *a, **k: None)
    pages = extract_pages(data, None, 0, 3)
    assert [p.status for p in pages] == [TEXT_OK, TEXT_ERROR, TEXT_OK]
    assert pages[1].error is not None and "boom" in pages[1].error
    assert pages[1].text == ""
    assert (pages[1].width, pages[1].height) == (612, 792)
