"""Plain values that `core` hands out: no live ORM objects ever leave it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Page text status, as stored per page.
TEXT_OK = "ok"
TEXT_NONE = "none"  # no text layer: a scan; region coding only
TEXT_UNUSABLE = "unusable"  # glyphs without a usable Unicode mapping
TEXT_ERROR = "error"  # the text could not be read


@dataclass(frozen=True)
class StudyInfo:
    id: int
    guid: str
    name: str
    filename: str
    sha256: str
    page_count: int
    pages_without_text: int
    passage_count: int
    # How the study is cited everywhere ("Hall et al. (2021)"); its name until it has a record.
    citation: str = ""
    # False for a reference whose full text is not in the project yet (no pages, no PDF).
    has_pdf: bool = True
    # Why its pages cannot be drawn (only its text could be read); "" when they can; None
    # when not known (imported before Habitus recorded it: see `Studies.drawing_problem`).
    drawing_problem: str | None = ""

    @property
    def label(self) -> str:
        """What lists and exports call the study: its citation, else its name."""
        return self.citation or self.name

    @property
    def region_only(self) -> bool:
        """True when no page has a usable text layer (a scan)."""
        return self.page_count > 0 and self.pages_without_text == self.page_count


@dataclass(frozen=True)
class PageInfo:
    study_id: int
    index: int  # 0-based; shown to users as index + 1
    width: float  # points, as displayed (after /Rotate)
    height: float
    rotation: int
    text_status: str
    text_error: str | None = None
    label: str | None = None  # the viewer's page label (/PageLabels)
    printed: str | None = None  # the number printed on the page, when one was found
    unreadable: int = 0  # glyphs the text layer could not map, each shown as U+FFFD

    @property
    def has_text(self) -> bool:
        return self.text_status == TEXT_OK


@dataclass(frozen=True)
class Word:
    """A word on a page: its span in the page text and its box in points from the top-left."""

    start: int
    end: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Box:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Code:
    """A factor."""

    id: int
    guid: str
    name: str
    definition: str
    colour: str
    parent_id: int | None
    position: int


@dataclass(frozen=True)
class Framework:
    id: int
    guid: str
    name: str
    description: str


@dataclass(frozen=True)
class Theme:
    id: int
    guid: str
    framework_id: int
    name: str
    description: str
    colour: str
    position: int


@dataclass(frozen=True)
class Passage:
    id: int
    guid: str
    study_id: int
    kind: str  # "text" or "region"
    start_page: int
    start_offset: int | None
    end_page: int
    end_offset: int | None
    quote: str
    boxes: tuple[Box, ...]
    code_ids: tuple[int, ...]
    rect: tuple[float, float, float, float] | None = None  # region passages: x0, top, x1, bottom
    text_check: str = ""  # empty when the quote is faithful to the page, else what is wrong
    # False while the passage waits to be placed by hand (a new version of its PDF did not
    # have its words): its pages and offsets are those of the earlier text, not a place.
    placed: bool = True


@dataclass(frozen=True)
class Hit:
    """A search hit: from `start` on `page` to `end` (exclusive) on `end_page`, offsets in
    code points of the page text. Most hits sit on one page; a phrase that runs across a
    page break ends on the next one."""

    study_id: int
    page: int
    start: int
    end: int
    end_page: int | None = None  # None: the same page

    @property
    def last_page(self) -> int:
        return self.page if self.end_page is None else self.end_page

    def span_on(self, page: int) -> tuple[int, int]:
        """The part of the hit on one of its pages, as offsets into that page's text."""
        lo = self.start if page == self.page else 0
        hi = self.end if page == self.last_page else 1 << 30
        return lo, hi


@dataclass
class ImportFailure:
    path: str
    reason: str
    needs_password: bool = False  # the file opens with the right password


@dataclass
class ImportReport:
    added: list[StudyInfo] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failures: list[ImportFailure] = field(default_factory=list)
    cancelled: bool = False
    # Why the import stopped before the end (a full disk, the project closed), if it did:
    # the studies in `added` are saved, the rest were not imported.
    stopped: str | None = None

    @property
    def pages(self) -> int:
        return sum(s.page_count for s in self.added)

    @property
    def ok(self) -> bool:
        return not self.failures


# --- codebook exchange: what .qdc files and codebook spreadsheets carry --------------------


@dataclass
class CodebookTheme:
    name: str
    description: str = ""
    colour: str | None = None
    guid: str | None = None


@dataclass
class CodebookCode:
    name: str
    definition: str = ""
    colour: str | None = None
    guid: str | None = None
    themes: list[str] = field(default_factory=list)  # theme names
    children: list[CodebookCode] = field(default_factory=list)


@dataclass
class CodebookData:
    """A codebook apart from any project: factors (a tree), one framework's themes."""

    codes: list[CodebookCode] = field(default_factory=list)
    framework_name: str = ""
    themes: list[CodebookTheme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # rows or elements that were skipped, why
