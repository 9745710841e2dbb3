"""Which study each reference of a RIS or BibTeX file belongs to.

In order of trust: the DOI (the reference's, against the study's record and the DOI printed
on its PDF's first pages), then the title (accents and case folded, against the study's
title and the top of its first page), then the PDF's file name that Zotero and Mendeley
exports carry. A reference already imported (the same entry, by fingerprint) is left alone;
one that repeats an earlier entry of the same file joins that entry's study.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.core.prefill import find_doi
from app.core.record_fields import normalise_doi
from app.core.record_types import Reference, StudyRecord

DOI = "doi"
TITLE = "title"
PATH = "path"
NEW = "new"  # no study found: becomes a study without full text
KNOWN = "known"  # imported before: nothing to do
REPEAT = "repeat"  # the same work as an earlier entry of this file

PROPOSE_TITLE = 88.0  # a title this similar is proposed
SURE_TITLE = 96.0  # and this similar (with a year that agrees) is applied without asking
FIRST_PAGE_CHARS = 700  # the top of the first page, where a title is printed


def fold(text: str) -> str:
    """Text for comparing titles: accents dropped, case folded, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in letters).split())


def fingerprint(reference: Reference) -> str:
    """The same entry read again gives the same fingerprint, wherever the file lies."""
    content = {
        "kind": reference.kind,
        "key": reference.key,
        "fields": dict(sorted(reference.fields.items())),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class StudyFacts:
    """What matching looks at for one study."""

    id: int
    label: str
    doi: str  # record DOI
    pdf_doi: str  # DOI printed on the first pages
    title: str  # folded
    year: int | None
    top_of_page: str  # folded start of the first page
    filename: str  # folded file name


def study_facts(record: StudyRecord, texts: Sequence[str]) -> StudyFacts:
    return StudyFacts(
        id=record.id,
        label=record.label,
        doi=normalise_doi(record.doi).casefold(),
        pdf_doi=find_doi(texts).casefold(),
        title=fold(record.title),
        year=record.year,
        top_of_page=fold(texts[0][:FIRST_PAGE_CHARS]) if texts else "",
        filename=record.filename.casefold(),
    )


@dataclass
class Proposal:
    """A reference and where it should go; `study_id` None makes a new study."""

    index: int  # position in the file
    reference: Reference
    fingerprint: str
    method: str
    study_id: int | None = None
    score: float = 0.0  # title similarity, 0 to 100
    repeat_of: int | None = None  # for REPEAT, the index of the earlier entry
    repeat_line: int = 0  # and the line it starts on
    sure: bool = False  # applied by the command line without asking
    year_differs: bool = False

    @property
    def why(self) -> str:
        if self.method == DOI:
            return "same DOI"
        if self.method == TITLE:
            return f"title {self.score:.0f}% alike" + (
                ", year differs" if self.year_differs else ""
            )
        if self.method == PATH:
            return "same PDF file name"
        if self.method == REPEAT:
            return f"repeats the entry on line {self.repeat_line}"
        if self.method == KNOWN:
            return "imported before"
        return "no study found: a new study without full text"


@dataclass
class MatchPlan:
    source: str
    proposals: list[Proposal] = field(default_factory=list)

    def count(self, method: str) -> int:
        return sum(1 for p in self.proposals if p.method == method)


def _title_score(title: str, study: StudyFacts) -> float:
    from rapidfuzz import fuzz

    if not title:
        return 0.0
    best = fuzz.ratio(title, study.title) if study.title else 0.0
    if study.top_of_page and len(title) >= 12:
        best = max(best, fuzz.partial_ratio(title, study.top_of_page))
    return float(best)


def _match(reference: Reference, studies: Sequence[StudyFacts]) -> tuple[str, int | None, float]:
    doi = normalise_doi(reference.doi).casefold()
    if doi:
        for study in studies:
            if doi in (study.doi, study.pdf_doi):
                return DOI, study.id, 100.0
    title = fold(reference.title)
    scored = [(_title_score(title, study), study) for study in studies]
    best = max(scored, key=lambda item: item[0], default=(0.0, None))
    if best[1] is not None and best[0] >= PROPOSE_TITLE:
        return TITLE, best[1].id, best[0]
    names = {name.casefold() for name in reference.files}
    for study in studies:
        if study.filename and study.filename in names:
            return PATH, study.id, 0.0
    return NEW, None, 0.0


def _same_work(a: Reference, b: Reference) -> bool:
    if a.doi and b.doi:
        return normalise_doi(a.doi).casefold() == normalise_doi(b.doi).casefold()
    return bool(a.title) and fold(a.title) == fold(b.title) and a.year == b.year


def plan(
    source: str,
    references: Sequence[Reference],
    studies: Sequence[StudyFacts],
    known: set[str],
) -> MatchPlan:
    """Proposals for every reference; `known` holds the fingerprints imported before."""
    result = MatchPlan(source)
    for index, reference in enumerate(references):
        print_ = fingerprint(reference)
        if print_ in known:
            result.proposals.append(Proposal(index, reference, print_, KNOWN, sure=True))
            continue
        earlier = next(
            (
                p
                for p in result.proposals
                if p.method != KNOWN and _same_work(p.reference, reference)
            ),
            None,
        )
        if earlier is not None:
            result.proposals.append(
                Proposal(
                    index,
                    reference,
                    print_,
                    REPEAT,
                    earlier.study_id,
                    repeat_of=earlier.index,
                    sure=earlier.sure,
                    repeat_line=earlier.reference.line,
                )
            )
            continue
        method, study_id, score = _match(reference, studies)
        sure = method in (DOI, NEW) or (method == TITLE and score >= SURE_TITLE)
        differs = False
        if method == TITLE:
            study = next(s for s in studies if s.id == study_id)
            differs = bool(reference.year and study.year and abs(reference.year - study.year) > 1)
            sure = sure and not differs
        result.proposals.append(
            Proposal(
                index, reference, print_, method, study_id, score, sure=sure, year_differs=differs
            )
        )
    return result
