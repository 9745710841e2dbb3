"""Page numbers a quote is cited by.

Every page has three numbers: its position in the PDF (1-based), the label a PDF viewer shows
(/PageLabels) and the number printed on the page itself (found in its running head or foot).
A quote cites the printed number; the researcher can set a study's numbering herself
("the first page is printed 162"), which then wins over what was detected.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from sqlalchemy import select

from app.core.errors import CoreError, NotFound
from app.core.service import Service
from app.store.models import Page, Study


@dataclass(frozen=True)
class PageNumber:
    index: int  # 0-based position in the PDF
    label: str | None  # the viewer's label
    printed: str | None  # the number found printed on the page
    cited: str  # what a quote from this page cites

    @property
    def position(self) -> int:
        return self.index + 1


def cited_numbers(
    labels: builtins.list[str | None],
    printed: builtins.list[str | None],
    first_printed: int | None = None,
) -> builtins.list[str]:
    """The number each page is cited by: the researcher's numbering, else the printed
    number, else the viewer's label, else the position."""
    if first_printed is not None:
        return [str(first_printed + i) for i in range(len(labels))]
    return [
        number or label or str(i + 1)
        for i, (label, number) in enumerate(zip(labels, printed, strict=True))
    ]


def page_range(cited: builtins.list[str], first: int, last: int) -> str:
    """"164" for one page, "164-165" for a passage across pages (indices are 0-based)."""
    if not cited:
        return str(first + 1) if first == last else f"{first + 1}-{last + 1}"
    a = cited[first] if 0 <= first < len(cited) else str(first + 1)
    b = cited[last] if 0 <= last < len(cited) else str(last + 1)
    return a if first == last or a == b else f"{a}-{b}"


class PageNumbers(Service):
    def of_study(self, study_id: int) -> builtins.list[PageNumber]:
        with self.database.reading() as session:
            study = session.get(Study, study_id)
            if study is None:
                raise NotFound(f"No study with id {study_id} in this project.")
            rows = session.execute(
                select(Page.page_index, Page.label, Page.printed)
                .where(Page.study_id == study_id)
                .order_by(Page.page_index)
            ).all()
            first = study.first_printed
        labels = [label for _, label, _ in rows]
        printed = [number for _, _, number in rows]
        cited = cited_numbers(labels, printed, first)
        return [
            PageNumber(index, label, number, cite)
            for (index, label, number), cite in zip(rows, cited, strict=True)
        ]

    def cited(self, study_ids: builtins.list[int] | None = None) -> dict[int, builtins.list[str]]:
        """Per study, the cited number of each page (one query for all of them)."""
        with self.database.reading() as session:
            studies = select(Study.id, Study.first_printed)
            pages = select(Page.study_id, Page.page_index, Page.label, Page.printed)
            if study_ids is not None:
                studies = studies.where(Study.id.in_(study_ids))
                pages = pages.where(Page.study_id.in_(study_ids))
            firsts = {sid: first for sid, first in session.execute(studies).all()}
            rows = session.execute(pages.order_by(Page.study_id, Page.page_index)).all()
        labels: dict[int, builtins.list[str | None]] = {sid: [] for sid in firsts}
        printed: dict[int, builtins.list[str | None]] = {sid: [] for sid in firsts}
        for sid, _, label, number in rows:
            labels[sid].append(label)
            printed[sid].append(number)
        return {sid: cited_numbers(labels[sid], printed[sid], firsts[sid]) for sid in firsts}

    def cite(self, study_id: int, first: int, last: int) -> str:
        """The page reference of a passage from page `first` to page `last` (0-based)."""
        return page_range(self.cited([study_id]).get(study_id, []), first, last)

    def first_printed(self, study_id: int) -> int | None:
        with self.database.reading() as session:
            study = session.get(Study, study_id)
            if study is None:
                raise NotFound(f"No study with id {study_id} in this project.")
            return study.first_printed

    def set_first_printed(self, study_id: int, number: int | None) -> int | None:
        """Number the study's pages from `number` (None: back to what was detected).
        Returns the previous setting, so that the change can be undone."""
        self._writable()
        if number is not None and not 0 <= number < 1_000_000:
            raise CoreError("A printed page number must be between 0 and 999999.")
        with self.database.transaction() as session:
            study = session.get(Study, study_id)
            if study is None:
                raise NotFound(f"No study with id {study_id} in this project.")
            previous = study.first_printed
            study.first_printed = number
        self.emit("studies", "pages", study_id=study_id)
        return previous
