"""A page's word boxes, or why the words of a page with text cannot be selected.

Word boxes are what a drag over the page selects. A page with text has none when pdfium
cannot read the PDF just now (they are asked for again the next time the study is opened)
or, for good, when what pdfium reads is not the text stored for the page (its offsets would
not line up). Either way the page can still be coded by region, and the window says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.types import Word

# Why, in a phrase that reads after "The words of this page cannot be selected".
TEXT_DIFFERS = "the text in the PDF is not the text read for this page at import"
UNREADABLE_NOW = "the PDF could not be read for them: {error}"


@dataclass(frozen=True)
class PageWords:
    words: list[Word] = field(default_factory=list)
    # Why the page's text cannot be selected ("" when it can, or the page has no text).
    unavailable: str = ""
    # The reason holds for good; otherwise the boxes are asked for again on the next look.
    lasting: bool = False
