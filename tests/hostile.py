"""Hostile files made on the spot: what an attacker (or a broken disk) hands the importer."""

from __future__ import annotations

import zlib
from pathlib import Path

from app.pdf.compose import pdf_file

# One text object per line: pdfium keeps each as an object of a few hundred bytes.
_TEXT_OBJECT = b"BT /F1 1 Tf 1 0 0 1 10 10 Tm (x) Tj ET\n"


def deflate_bomb(path: Path, text_objects: int = 1_000_000) -> Path:
    """A one-page PDF whose content stream, deflated twice, is a few kilobytes on disk and
    about 40 bytes a text object once inflated: a million of them ask for about 500 MB."""
    inner = zlib.compressobj(9)
    block = _TEXT_OBJECT * 10_000
    once = b"".join(inner.compress(block) for _ in range(text_objects // 10_000))
    once += inner.flush()
    twice = zlib.compress(once, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice)
        + twice
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path.write_bytes(pdf_file(objects, 1))
    return path


def zero_filled(path: Path, megabytes: int = 16) -> Path:
    """A "%PDF" header and then zeros: pdfium gives up at once, the fallback parser does not."""
    with path.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        out.write(bytes(megabytes * 1024 * 1024))
    return path
