"""Guessing a study's record from its PDF: title, authors, year and DOI.

A guess fills only an empty field and is marked as a guess until the researcher confirms or
edits it (or a reference fills it); the DOI is looked for in the stored text of the first
pages, which is also what matches references to PDFs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core.record_fields import normalise_doi

if TYPE_CHECKING:
    from app.core.project import Project

DOI_PAGES = 2
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_PUBLISHED_YEAR = re.compile(
    r"(?:©|\(c\)|copyright|published(?: online)?:?|accepted:?)\D{0,40}?\b(19[5-9]\d|20\d\d)\b",
    re.IGNORECASE,
)
_BAD_TITLE = re.compile(r"(\.(docx?|pdf|tex|indd|rtf)$|^microsoft word|^untitled|^title$)", re.I)
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w'’\-]*\.?|[A-Z]\.(?:-?[A-Z]\.)*|van|von|de|der|da|del|la|le)$"
)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_MARKS = re.compile(r"[\d*†‡§¶✉]+")


def find_doi(texts: Sequence[str]) -> str:
    """The first DOI printed on the first pages, without trailing punctuation."""
    for text in texts[:DOI_PAGES]:
        for match in _DOI.finditer(text):
            doi = normalise_doi(match.group(1).rstrip(").,;]}'’"))
            if "/" in doi and len(doi.split("/", 1)[1]) >= 2:
                return doi
    return ""


def guess_year(first_page: str) -> int | None:
    """The year of publication as the first page prints it, if it plainly does."""
    latest = date.today().year + 1
    stated = [int(y) for y in _PUBLISHED_YEAR.findall(first_page) if int(y) <= latest]
    if stated:
        return max(stated)
    years = Counter(int(y) for y in _YEAR.findall(first_page) if int(y) <= latest)
    if not years:
        return None
    year, count = years.most_common(1)[0]
    return year if count >= 2 else None


def _title(info: dict[str, str], heading: str) -> str:
    title = info.get("Title", "")
    if len(title) >= 10 and not _BAD_TITLE.search(title):
        return title
    if 10 <= len(heading) <= 300:
        return heading
    return ""


def _looks_like_names(parts: Iterable[str]) -> bool:
    parts = list(parts)
    if not 1 <= len(parts) <= 12:
        return False
    for part in parts:
        words = part.split()
        if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
            return False
    return True


def guess_authors(info: dict[str, str], after_heading: Sequence[str]) -> list[str]:
    """Authors from the Info dictionary, else from the line under the title."""
    author = info.get("Author", "")
    if author and not _BAD_TITLE.search(author):
        parts = [p for p in re.split(r"\s*(?:;|\band\b|&)\s*", author) if p.strip()]
        if len(parts) == 1 and author.count(",") >= 2:
            parts = [p for p in author.split(",") if p.strip()]
        return [" ".join(p.split()) for p in parts]
    for line in after_heading[:2]:
        parts = [p for p in _AUTHOR_SEPARATORS.split(_MARKS.sub("", line)) if p.strip()]
        if _looks_like_names(parts):
            return [" ".join(p.split()) for p in parts]
    return []


def guesses(project: Project, study_id: int) -> dict[str, Any]:
    """What the PDF suggests for the study's record, empty fields left out."""
    from app.pdf.metadata import pdf_facts

    texts = project.studies.texts(study_id)
    data, password, _ = project.studies.pdf(study_id)
    facts = pdf_facts(data, password)
    found: dict[str, Any] = {
        "title": _title(facts.info, facts.heading),
        "authors": tuple(guess_authors(facts.info, facts.after_heading)),
        "year": guess_year(texts[0]) if texts else None,
        "doi": find_doi(texts) or find_doi([facts.info.get("Subject", "")]),
    }
    return {k: v for k, v in found.items() if v not in ("", None, ())}


def prefill(project: Project, study_ids: Iterable[int]) -> int:
    """Fill the empty record fields of studies with guesses from their PDFs, marked as
    guesses; returns how many studies got any."""
    changes: dict[int, dict[str, Any]] = {}
    for record in project.records.list(list(study_ids)):
        if not record.has_pdf:
            continue
        found = guesses(project, record.id)
        empty = {k: v for k, v in found.items() if getattr(record, k) in ("", None, ())}
        if empty:
            empty["guessed"] = tuple(sorted(set(record.guessed) | set(empty)))
            changes[record.id] = empty
    if changes:
        project.records.update_many(changes)
    return len(changes)
