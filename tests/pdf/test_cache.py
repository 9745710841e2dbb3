"""A project's open PDFs: kept by key, bounded, closed with their project, never shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.pdf.cache import DocumentCache
from app.pdf.errors import NotAPdf
from app.pdf.render import render_page
from app.pdf.words import page_words
from tests.pdfgen import simple_pdf


def test_a_cached_document_gives_the_same_answer_by_its_key(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["one two"], ["three four"]])
    data = path.read_bytes()
    cache = DocumentCache()
    try:
        plain = page_words(data, None, 1)
        cached = page_words(data, None, 1, key="sha-1", cache=cache)
        assert cached == plain
        assert cache.keys() == ["sha-1"]
        # The key, not the bytes, identifies the cached document.
        assert page_words(b"", None, 1, key="sha-1", cache=cache) == plain
        cache.forget("sha-1")
        assert cache.keys() == []
        with pytest.raises(NotAPdf):
            page_words(b"", None, 1, key="sha-1", cache=cache)
    finally:
        cache.close()


def test_without_a_cache_nothing_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["one"]])
    data = path.read_bytes()
    page_words(data, None, 0, key="sha-1")
    # Nothing remembers the key: empty bytes are refused, not served from somewhere.
    with pytest.raises(NotAPdf):
        page_words(b"", None, 0, key="sha-1")


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["one"]])
    data = path.read_bytes()
    cache = DocumentCache(size=3)
    try:
        for i in range(6):
            render_page(data, None, 0, 0.5, key=f"k{i}", cache=cache)
        assert cache.keys() == ["k3", "k4", "k5"]
    finally:
        cache.close()


def test_a_closed_cache_keeps_nothing_but_still_serves(tmp_path: Path) -> None:
    path = tmp_path / "s.pdf"
    simple_pdf(path, [["one two"]])
    data = path.read_bytes()
    cache = DocumentCache()
    page_words(data, None, 0, key="a", cache=cache)
    cache.close()
    assert cache.closed and cache.keys() == []
    # A last task of a closing project still gets its answer, from a document of its own.
    assert page_words(data, None, 0, key="a", cache=cache) == page_words(data, None, 0)
    assert cache.keys() == []
