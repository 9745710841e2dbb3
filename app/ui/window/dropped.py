"""What a drop onto the window holds that can be imported: PDF files and folders."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def pdf_paths(mime: QMimeData) -> list[Path]:
    """Local PDFs and folders among the dropped URLs; anything else is left out."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.is_dir() or p.suffix.lower() == ".pdf"]
