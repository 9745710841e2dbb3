"""The page view: read a study's rendered pages, select passages and regions, see the coding."""

from app.ui.pageview.selection import (
    SELECTION_MIME,
    RegionSelection,
    Selection,
    TextSelection,
)
from app.ui.pageview.view import PageView

__all__ = ["SELECTION_MIME", "PageView", "RegionSelection", "Selection", "TextSelection"]
