"""Control characters: invisible, and poison to spreadsheets and XML.

A name or memo pasted from a terminal or a broken CSV can carry NUL, ESC and the like.
Spreadsheet files cannot hold them at all, so they are kept out of the project on import and
taken out of every cell on export. Tabs and line breaks are text, and stay.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)
