"""Plain values of study records: what the records service, reference import and PRISMA use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

UNSCREENED = "unscreened"
INCLUDED = "included"
EXCLUDED = "excluded"
STATUSES = (UNSCREENED, INCLUDED, EXCLUDED)

ATTRIBUTE_KINDS = ("text", "number", "date", "choice")

# Bibliographic and descriptive fields of a study, in the order forms and exports show them.
RECORD_FIELDS = (
    "authors",
    "year",
    "title",
    "journal",
    "volume",
    "issue",
    "page_range",
    "doi",
    "design",
    "sample_size",
    "sample",
    "country",
    "setting",
)
# Those kept as plain text (authors are a list, year and sample size numbers).
TEXT_FIELDS = tuple(f for f in RECORD_FIELDS if f not in ("authors", "year", "sample_size"))
# Fields a PDF's metadata and first page can suggest; they stay guesses until confirmed.
GUESSABLE = ("authors", "year", "title", "doi")

FIELD_LABELS = {
    "authors": "Authors",
    "year": "Year",
    "title": "Title",
    "journal": "Journal",
    "volume": "Volume",
    "issue": "Issue",
    "page_range": "Pages",
    "doi": "DOI",
    "design": "Design / method",
    "sample_size": "Sample size",
    "sample": "Sample",
    "country": "Country",
    "setting": "Setting / scheme",
    "name": "Name",
    "status": "Status",
    "reason": "Exclusion reason",
    "groups": "Groups",
}


@dataclass(frozen=True)
class StudyRecord:
    """A study as its record: what the studies table, the form and `habitus studies` show."""

    id: int
    guid: str
    name: str
    filename: str
    has_pdf: bool
    page_count: int
    pages_without_text: int
    passage_count: int
    citation: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    title: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    page_range: str = ""
    doi: str = ""
    design: str = ""
    sample_size: int | None = None
    sample: str = ""
    country: str = ""
    setting: str = ""
    status: str = UNSCREENED
    reason: str = ""
    groups: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)
    guessed: frozenset[str] = frozenset()
    unplaced: int = 0  # passages the last PDF replacement could not place

    @property
    def label(self) -> str:
        return self.citation or self.name

    def flags(self) -> list[str]:
        """Short warnings for the studies table."""
        found: list[str] = []
        if self.has_pdf and self.page_count and self.pages_without_text == self.page_count:
            found.append("scan: region coding only")
        elif self.pages_without_text:
            found.append(f"{self.pages_without_text} pages without text")
        return found + self.record_flags()

    def record_flags(self) -> list[str]:
        """Warnings about the record and the PDF's presence, not its text layer."""
        found: list[str] = []
        if not self.has_pdf:
            found.append("no full text")
        if self.guessed:
            found.append("record guessed")
        if self.unplaced:
            found.append(f"{self.unplaced} passages to place")
        return found


@dataclass(frozen=True)
class Group:
    id: int
    guid: str
    name: str
    position: int
    studies: int = 0


@dataclass(frozen=True)
class Reason:
    id: int
    name: str
    position: int
    studies: int = 0


@dataclass(frozen=True)
class AttributeDef:
    id: int
    guid: str
    name: str
    kind: str
    choices: tuple[str, ...] = ()
    position: int = 0


@dataclass
class Reference:
    """One entry of a RIS or BibTeX file, as the exchange layer read it."""

    line: int  # where the entry starts in its file, 1-based
    key: str = ""  # the RIS ID or BibTeX key, if any
    kind: str = ""  # the entry type (JOUR, article...)
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    title: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    page_range: str = ""
    doi: str = ""
    files: list[str] = field(default_factory=list)  # attached file paths (Zotero, Mendeley)
    fields: dict[str, str] = field(default_factory=dict)  # everything read, for the record

    def record_fields(self) -> dict[str, object]:
        """The study fields this reference fills, empty ones left out."""
        values: dict[str, object] = {
            "authors": tuple(self.authors),
            "year": self.year,
            "title": self.title,
            "journal": self.journal,
            "volume": self.volume,
            "issue": self.issue,
            "page_range": self.page_range,
            "doi": self.doi,
        }
        return {k: v for k, v in values.items() if v not in ("", None, ())}
