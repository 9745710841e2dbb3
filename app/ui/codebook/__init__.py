"""The codebook and its frameworks in the window: the factor tree, the factor-by-theme grid,
and the theme filter for the page's highlights."""

from app.ui.codebook.framework_editor import FrameworkEditor
from app.ui.codebook.mime import CODES_MIME, SELECTION_MIME
from app.ui.codebook.panel import CodebookPanel
from app.ui.codebook.theme_filter import ThemeFilter, theme_filter_widget

__all__ = [
    "CODES_MIME",
    "SELECTION_MIME",
    "CodebookPanel",
    "FrameworkEditor",
    "ThemeFilter",
    "theme_filter_widget",
]
