"""The toolbar's icons: a small SVG set drawn for Habitus, one file per action."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

FOLDER = Path(__file__).resolve().parent


@cache
def icon(name: str) -> QIcon:
    """The icon of that name (`undo` is undo.svg); a missing file is a bug, not a blank."""
    path = FOLDER / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"no icon {name!r} in {FOLDER}")
    return QIcon(str(path))
