"""PRISMA 2020 flow counts, following from the study records.

The stages are read from each study's status and whether its full text is in the project:

- records identified: every reference imported (by the file it came from), plus every study
  whose PDF came in without a reference; duplicates are the references that found a study
  which already had one;
- records screened: every study but those still unscreened without a full text;
- records excluded at screening: excluded before a full text was attached;
- reports sought: the rest; not retrieved: included but with no full text in the project;
- reports assessed: full texts decided on; excluded with reasons: those excluded (by reason);
  included: included with a full text. Full texts not yet decided are shown as awaiting
  assessment, so that sought = not retrieved + awaiting + assessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.record_types import EXCLUDED, INCLUDED, UNSCREENED
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project

WITHOUT_REFERENCE = "Full texts imported without a reference"
NO_REASON = "No reason given"


@dataclass(frozen=True)
class ScreenedStudy:
    id: int
    status: str
    has_pdf: bool
    reason: str = ""


@dataclass(frozen=True)
class ImportedReference:
    study_id: int
    source: str
    duplicate: bool


@dataclass(frozen=True)
class PrismaCounts:
    sources: tuple[tuple[str, int], ...]
    identified: int
    duplicates: int
    screened: int
    awaiting_screening: int
    excluded_at_screening: int
    sought: int
    not_retrieved: int
    assessed: int
    awaiting_assessment: int
    excluded_reasons: tuple[tuple[str, int], ...]
    included: int
    notes: tuple[str, ...] = field(default=())

    @property
    def excluded_full_text(self) -> int:
        return sum(n for _, n in self.excluded_reasons)

    def rows(self) -> list[tuple[str, str, int]]:
        """(stage, what, n): the numbers as a table, in the order of the diagram."""
        rows = [("Identification", f"Records identified from {s}", n) for s, n in self.sources]
        rows += [
            ("Identification", "Records identified", self.identified),
            ("Identification", "Duplicate records removed", self.duplicates),
            ("Screening", "Records screened", self.screened),
            ("Screening", "Records awaiting screening", self.awaiting_screening),
            ("Screening", "Records excluded", self.excluded_at_screening),
            ("Screening", "Reports sought for retrieval", self.sought),
            ("Screening", "Reports not retrieved", self.not_retrieved),
            ("Screening", "Reports assessed for eligibility", self.assessed),
            ("Screening", "Reports awaiting assessment", self.awaiting_assessment),
        ]
        rows += [("Screening", f"Reports excluded: {r}", n) for r, n in self.excluded_reasons]
        rows.append(("Screening", "Reports excluded", self.excluded_full_text))
        rows.append(("Included", "Studies included in review", self.included))
        return rows


def prisma_counts(
    studies: Sequence[ScreenedStudy],
    references: Sequence[ImportedReference],
    reason_order: Sequence[str] = (),
) -> PrismaCounts:
    known = {study.id for study in studies}
    references = [r for r in references if r.study_id in known]
    referenced = {r.study_id for r in references}
    sources = Counter(r.source for r in references)
    direct = sum(1 for s in studies if s.id not in referenced)
    source_rows = sorted(sources.items())
    if direct:
        source_rows.append((WITHOUT_REFERENCE, direct))

    def count(status: str, has_pdf: bool) -> int:
        return sum(1 for s in studies if s.status == status and s.has_pdf == has_pdf)

    awaiting_screening = count(UNSCREENED, False)
    screened = len(studies) - awaiting_screening
    excluded_at_screening = count(EXCLUDED, False)
    sought = screened - excluded_at_screening
    not_retrieved = count(INCLUDED, False)
    reasons = Counter(s.reason or NO_REASON for s in studies if s.status == EXCLUDED and s.has_pdf)
    order = {name: i for i, name in enumerate(reason_order)}
    excluded_reasons = tuple(
        sorted(reasons.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    )
    included = count(INCLUDED, True)
    notes: list[str] = []
    if not_retrieved:
        notes.append(
            f"{not_retrieved} studies marked included have no full text in the project; "
            "they are counted as reports not retrieved."
        )
    if awaiting_screening:
        notes.append(f"{awaiting_screening} records await screening.")
    if count(UNSCREENED, True):
        notes.append(f"{count(UNSCREENED, True)} full texts await a decision.")
    return PrismaCounts(
        sources=tuple(source_rows),
        identified=len(references) + direct,
        duplicates=sum(1 for r in references if r.duplicate),
        screened=screened,
        awaiting_screening=awaiting_screening,
        excluded_at_screening=excluded_at_screening,
        sought=sought,
        not_retrieved=not_retrieved,
        assessed=sum(n for _, n in excluded_reasons) + included,
        awaiting_assessment=count(UNSCREENED, True),
        excluded_reasons=excluded_reasons,
        included=included,
        notes=tuple(notes),
    )


def project_prisma(project: Project) -> PrismaCounts:
    studies = [ScreenedStudy(r.id, r.status, r.has_pdf, r.reason) for r in project.records.list()]
    with project.database.reading() as session:
        rows = session.execute(
            select(
                models.ReferenceRecord.study_id,
                models.ReferenceRecord.source,
                models.ReferenceRecord.duplicate,
            )
        ).all()
    references = [ImportedReference(sid, source, bool(dup)) for sid, source, dup in rows]
    order = [reason.name for reason in project.records.lists.reasons()]
    return prisma_counts(studies, references, order)
