"""Guessing a study's record from its PDF: title, authors, year and DOI.

A guess fills only an empty field and is marked as a guess until the researcher confirms or
edits it (or a reference fills it); the DOI is looked for in the stored text of the first
pages, which is also what matches references to PDFs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core.record_fields import normalise_doi

if TYPE_CHECKING:
    from app.core.project import Project
    from app.pdf.metadata import PdfFacts

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
_MARKS = re.compile(r"[\d*∗+†‡§¶✉⋆]+")
# Society grades printed after names ("David Sánchez, Fellow, IEEE").
_GRADES = re.compile(r",?\s*(?:(?:Senior|Student|Life)\s+)?(?:Fellow|Member),?\s*IEEE", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")


def find_doi(texts: Sequence[str]) -> str:
    """The first DOI printed on the first pages, without trailing punctuation."""
    for text in texts[:DOI_PAGES]:
        for match in _DOI.finditer(text):
            doi = normalise_doi(match.group(1).rstrip(").,;]}'’"))
            if "/" in doi and len(doi.split("/", 1)[1]) >= 2:
                return doi
    return ""


def guess_year(first_page: str) -> int | None:
    """The year of publication when the first page states it ("© 2021", "Published 2021");
    a year merely mentioned (a citation, a date of data) is no guess."""
    latest = date.today().year + 1
    stated = [int(y) for y in _PUBLISHED_YEAR.findall(first_page) if int(y) <= latest]
    return max(stated) if stated else None


def _plausible_title(text: str) -> bool:
    """Words, not a file name, a page range or a single large letter."""
    if not 10 <= len(text) <= 300 or _BAD_TITLE.search(text) or "_" in text:
        return False
    words = _WORD.findall(text)
    return len(words) >= 3 and sum(len(w) for w in words) >= 0.6 * len(text.replace(" ", ""))


def guess_title(info: dict[str, str], heading: str, first_page: str) -> str:
    """The title from the Info dictionary when the first page prints it (or there is no
    better), else the largest type at the top of the first page."""
    from rapidfuzz import fuzz

    title = info.get("Title", "")
    title_ok, heading_ok = _plausible_title(title), _plausible_title(heading)
    if title_ok and heading_ok:
        printed = fuzz.partial_ratio(title.casefold(), first_page[:2000].casefold()) >= 90
        return title if printed else heading
    return title if title_ok else heading if heading_ok else ""


def _looks_like_names(parts: Iterable[str]) -> bool:
    parts = list(parts)
    if not 1 <= len(parts) <= 40:
        return False
    for part in parts:
        words = part.split()
        if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
            return False
    return True


def _names(text: str) -> list[str]:
    cleaned = _MARKS.sub("", _GRADES.sub("", text))
    if not any(c.islower() for c in cleaned):
        return []  # a line in capitals is a heading ("TECHNICAL REPORT"), not names
    parts = [" ".join(p.split()) for p in _AUTHOR_SEPARATORS.split(cleaned) if p.strip()]
    return parts if _looks_like_names(parts) else []


def guess_authors(info: dict[str, str], after_heading: Sequence[str]) -> list[str]:
    """Authors from the lines under the title or the Info dictionary, whichever names more
    people; only what reads as people's names (a PDF's Author is often an account name)."""
    candidates = [_names(line) for line in after_heading[:2]]
    candidates.append(_names(info.get("Author", "")))
    return max(candidates, key=len)


def guesses(project: Project, study_id: int, facts: PdfFacts | None = None) -> dict[str, Any]:
    """What the PDF suggests for the study's record, empty fields left out; `facts` are
    what the PDF says about itself when already read (an import's workers read them)."""
    texts = project.studies.texts(study_id)
    if facts is None:
        from app.pdf.metadata import pdf_facts

        data, password, _ = project.studies.pdf(study_id)
        facts = pdf_facts(data, password)
    found: dict[str, Any] = {
        "title": guess_title(facts.info, facts.heading, texts[0] if texts else ""),
        "authors": tuple(guess_authors(facts.info, facts.after_heading)),
        "year": guess_year(texts[0]) if texts else None,
        "doi": find_doi(texts) or find_doi([facts.info.get("Subject", "")]),
    }
    return {k: v for k, v in found.items() if v not in ("", None, ())}


def prefill(
    project: Project, study_ids: Iterable[int], facts: Mapping[int, PdfFacts] | None = None
) -> int:
    """Fill the empty record fields of studies with guesses from their PDFs, marked as
    guesses; returns how many studies got any. `facts` are the PDFs' own, by study, where
    already read."""
    changes: dict[int, dict[str, Any]] = {}
    for record in project.records.list(list(study_ids)):
        if not record.has_pdf:
            continue
        found = guesses(project, record.id, (facts or {}).get(record.id))
        empty = {k: v for k, v in found.items() if getattr(record, k) in ("", None, ())}
        if empty:
            empty["guessed"] = tuple(sorted(set(record.guessed) | set(empty)))
            changes[record.id] = empty
    if changes:
        project.records.update_many(changes)
    return len(changes)
