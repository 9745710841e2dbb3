"""From the PDF layer's pages to the rows a study's pages are stored as.

Per document, after every page is read: running heads, feet and printed page numbers are
found across the pages (app.pdf.furniture), and line-end hyphens are decided with the whole
document's vocabulary (app.core.hyphenation).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.core.hyphenation import resolve
from app.pdf.furniture import detect
from app.pdf.layer import LAYER_VERSION
from app.pdf.text import PageText

__all__ = ["LAYER_VERSION", "page_rows"]


def page_rows(study_id: int, pages: Sequence[PageText]) -> list[dict[str, Any]]:
    """Column values of each page of a study, ready for an insert."""
    furniture = detect(pages)
    texts = resolve([page.text for page in pages])
    return [
        {
            "study_id": study_id,
            "page_index": page.index,
            "width": page.width,
            "height": page.height,
            "rotation": page.rotation,
            "text": text,
            "text_status": page.status,
            "text_error": page.error,
            "label": page.label,
            "printed": found.printed,
            "furniture": json.dumps([list(span) for span in found.spans]),
            "unreadable": page.unreadable,
        }
        for page, text, found in zip(pages, texts, furniture, strict=True)
    ]
