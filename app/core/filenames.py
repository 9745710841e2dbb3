"""File names as a person reads them, even when they are not valid UTF-8.

A folder unpacked from an old archive can hold names in Latin-1 or a Windows code page.
Python hands them over with the undecodable bytes escaped as lone surrogates, which no
database, spreadsheet or terminal accepts; shown here, they become readable text.
"""

from __future__ import annotations

import os
from pathlib import Path


def readable(name: str) -> str:
    """`name` with bytes that are not UTF-8 read as Windows-1252 (Latin-1's superset)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def shown(path: str | Path) -> str:
    return readable(str(path))
