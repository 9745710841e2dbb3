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


class _Studies:
    """The studies, indexed once for every reference of a file."""

    def __init__(self, studies: Sequence[StudyFacts]):
        self.by_id = {study.id: study for study in studies}
        self.by_doi: dict[str, int] = {}
        for study in reversed(studies):  # the first study wins a shared DOI
            for doi in (study.pdf_doi, study.doi):
                if doi:
                    self.by_doi[doi] = study.id
        self.titled = [s for s in studies if s.title]
        self.titles = [s.title for s in self.titled]
        self.topped = [s for s in studies if s.top_of_page]
        self.tops = [s.top_of_page for s in self.topped]
        self.by_file = {s.filename: s.id for s in reversed(studies) if s.filename}

    def match(self, reference: Reference) -> tuple[str, int | None, float]:
        from rapidfuzz import fuzz, process

        doi = normalise_doi(reference.doi).casefold()
        if doi and doi in self.by_doi:
            return DOI, self.by_doi[doi], 100.0
        title = fold(reference.title)
        best: tuple[float, int] | None = None
        if title:
            found = process.extractOne(
                title, self.titles, scorer=fuzz.ratio, score_cutoff=PROPOSE_TITLE
            )
            if found is not None:
                best = (float(found[1]), self.titled[found[2]].id)
            if len(title) >= 12:
                found = process.extractOne(
                    title, self.tops, scorer=fuzz.partial_ratio, score_cutoff=PROPOSE_TITLE
                )
                if found is not None and (best is None or found[1] > best[0]):
                    best = (float(found[1]), self.topped[found[2]].id)
        if best is not None:
            return TITLE, best[1], best[0]
        for name in reference.files:
            study_id = self.by_file.get(name.casefold())
            if study_id is not None:
                return PATH, study_id, 0.0
        return NEW, None, 0.0


class _Earlier:
    """Entries of this file seen so far, by DOI and by title and year."""

    def __init__(self) -> None:
        self.by_doi: dict[str, Proposal] = {}
        self.by_title: dict[tuple[str, int | None], list[tuple[str, Proposal]]] = {}

    def find(self, reference: Reference) -> Proposal | None:
        doi = normalise_doi(reference.doi).casefold()
        if doi and doi in self.by_doi:
            return self.by_doi[doi]
        if reference.title:
            for other_doi, proposal in self.by_title.get(
                (fold(reference.title), reference.year), []
            ):
                # Two entries with different DOIs are different works, whatever their titles.
                if not (doi and other_doi) or doi == other_doi:
                    return proposal
        return None

    def add(self, proposal: Proposal) -> None:
        reference = proposal.reference
        doi = normalise_doi(reference.doi).casefold()
        if doi:
            self.by_doi.setdefault(doi, proposal)
        if reference.title:
            key = (fold(reference.title), reference.year)
            self.by_title.setdefault(key, []).append((doi, proposal))


def plan(
    source: str,
    references: Sequence[Reference],
    studies: Sequence[StudyFacts],
    known: set[str],
) -> MatchPlan:
    """Proposals for every reference; `known` holds the fingerprints imported before."""
    result = MatchPlan(source)
    indexed = _Studies(studies)
    seen = _Earlier()
    for index, reference in enumerate(references):
        print_ = fingerprint(reference)
        if print_ in known:
            result.proposals.append(Proposal(index, reference, print_, KNOWN, sure=True))
            continue
        earlier = seen.find(reference)
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
        method, study_id, score = indexed.match(reference)
        sure = method in (DOI, NEW) or (method == TITLE and score >= SURE_TITLE)
        differs = False
        if method == TITLE and study_id is not None:
            study = indexed.by_id[study_id]
            differs = bool(reference.year and study.year and abs(reference.year - study.year) > 1)
            sure = sure and not differs
        proposal = Proposal(
            index, reference, print_, method, study_id, score, sure=sure, year_differs=differs
        )
        result.proposals.append(proposal)
        seen.add(proposal)
    return result
