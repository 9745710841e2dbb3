"""Drag payloads the codebook sends and accepts."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

# Factor ids, comma separated: dragged out of the codebook tree.
CODES_MIME = "application/x-habitus-codes"
# A text selection on a page, dragged from the page view onto a factor to code it.
SELECTION_MIME = "application/x-habitus-selection"


def codes_mime(code_ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(CODES_MIME, ",".join(str(i) for i in code_ids).encode("ascii"))
    return data


def code_ids(data: QMimeData) -> list[int]:
    if not data.hasFormat(CODES_MIME):
        return []
    raw = bytes(data.data(CODES_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]
