"""Reading a record field from what a user typed: authors, years, DOIs, sample sizes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from app.core.errors import CoreError
from app.core.record_types import FIELD_LABELS, STATUSES, TEXT_FIELDS

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\n)\s*")


def normalise_doi(text: str) -> str:
    """ "https://doi.org/10.1/ABC" and "doi: 10.1/ABC" are both "10.1/ABC"."""
    doi = _DOI_PREFIX.sub("", text.strip()).strip()
    return doi.rstrip(".,;")


def same_doi(a: str, b: str) -> bool:
    """DOIs are case-insensitive."""
    return bool(a) and normalise_doi(a).casefold() == normalise_doi(b).casefold()


def parse_authors(value: Any) -> tuple[str, ...]:
    """Authors from a list, or from text with one author a line or separated by ";"."""
    if value is None:
        return ()
    items: Iterable[str] = _AUTHOR_SPLIT.split(value) if isinstance(value, str) else value
    return tuple(" ".join(str(item).split()) for item in items if str(item).strip())


def authors_text(authors: Iterable[str]) -> str:
    return "; ".join(authors)


def _whole_number(field: str, value: Any, low: int, high: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise CoreError(f"{FIELD_LABELS[field]} takes a whole number, not {value!r}.") from None
    if not low <= number <= high:
        raise CoreError(f"{FIELD_LABELS[field]} must be between {low} and {high}, not {number}.")
    return number


def coerce(field: str, value: Any) -> Any:
    """The stored value of a record field from a typed value or from text."""
    if field == "authors":
        return parse_authors(value)
    if field == "year":
        return _whole_number(field, value, 1000, 2999)
    if field == "sample_size":
        return _whole_number(field, value, 0, 100_000_000)
    if field == "doi":
        return normalise_doi(str(value or ""))
    if field in TEXT_FIELDS:
        return " ".join(str(value or "").split()) if field != "sample" else str(value or "").strip()
    if field == "name":
        return " ".join(str(value or "").split()) or "Untitled study"
    if field == "status":
        status = str(value or "").strip().casefold()
        if status not in STATUSES:
            raise CoreError(f"Status is one of {', '.join(STATUSES)}; not {value!r}.")
        return status
    if field == "reason":
        return " ".join(str(value or "").split())
    if field == "groups":
        names = _AUTHOR_SPLIT.split(value) if isinstance(value, str) else list(value or ())
        return tuple(dict.fromkeys(" ".join(str(n).split()) for n in names if str(n).strip()))
    if field == "guessed":
        return tuple(sorted(set(value or ())))
    raise CoreError(f"No study field called {field!r}.")


def display(field: str, value: Any) -> str:
    """A stored value as text for lists, forms and exports."""
    if value is None:
        return ""
    if field in ("authors", "groups"):
        return "; ".join(value)
    return str(value)
