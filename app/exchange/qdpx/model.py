"""What a project.qde holds, as plain values, before anything is mapped into a project."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class QdeCode:
    guid: str
    name: str
    colour: str | None = None
    description: str = ""
    codable: bool = True
    note_refs: list[str] = field(default_factory=list)
    children: list[QdeCode] = field(default_factory=list)


@dataclass
class QdeCoding:
    guid: str
    code_guid: str
    created_at: str | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class QdeSelection:
    kind: str  # "text" (PlainTextSelection), "pdf", "picture", "audio", "video", "transcript"
    guid: str
    name: str = ""
    description: str = ""
    start: int | None = None  # text selections
    end: int | None = None
    page: int | None = None  # PDF selections, as written
    first: tuple[int, int] | None = None
    second: tuple[int, int] | None = None
    quote: str | None = None  # a PDF selection's own text representation
    codings: list[QdeCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    created_at: str | None = None
    habitus: dict[str, Any] = field(default_factory=dict)


@dataclass
class QdeSource:
    kind: str  # "pdf", "text", "picture", "audio", "video"
    guid: str
    name: str = ""
    path: str = ""  # internal://..., relative://..., absolute://...
    plain_text_path: str = ""
    plain_text: str | None = None  # PlainTextContent
    description: str = ""
    selections: list[QdeSelection] = field(default_factory=list)
    representation: QdeSource | None = None  # a PDF's text, with its text selections
    codings: list[QdeCoding] = field(default_factory=list)  # of the whole source
    note_refs: list[str] = field(default_factory=list)
    values: list[tuple[str, str]] = field(default_factory=list)  # (variable guid, value)
    created_at: str | None = None
    habitus: dict[str, Any] = field(default_factory=dict)


@dataclass
class QdeNote:
    guid: str
    name: str = ""
    text: str = ""
    description: str = ""
    created_at: str | None = None
    path: str = ""  # plainTextPath, when the text is a file of the archive


@dataclass
class QdeSet:
    guid: str
    name: str
    description: str = ""
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    habitus: dict[str, Any] = field(default_factory=dict)


@dataclass
class QdeVariable:
    guid: str
    name: str
    kind: str = "Text"


@dataclass
class QdeCase:
    guid: str
    name: str = ""
    description: str = ""
    values: list[tuple[str, str]] = field(default_factory=list)  # (variable guid, value)
    sources: list[str] = field(default_factory=list)
    selections: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


@dataclass
class QdeLink:
    guid: str
    origin: str
    target: str
    name: str = ""


@dataclass
class QdeProject:
    name: str = ""
    origin: str = ""
    description: str = ""
    codes: list[QdeCode] = field(default_factory=list)
    variables: list[QdeVariable] = field(default_factory=list)
    cases: list[QdeCase] = field(default_factory=list)
    sources: list[QdeSource] = field(default_factory=list)
    notes: list[QdeNote] = field(default_factory=list)
    links: list[QdeLink] = field(default_factory=list)
    sets: list[QdeSet] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)  # notes on the project itself
    unknown: Counter[str] = field(default_factory=Counter)  # elements not understood
    problems: list[str] = field(default_factory=list)
