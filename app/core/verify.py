"""Checking every quote against its page, read again from the PDF.

A quote is exported as it was stored when the passage was coded. If the PDF behind a study
was replaced, or the text extractor now reads a page differently, the stored quote may no
longer be what the page says. `verify` reads each coded page again, rebuilds each quote from
its anchor, and reports those that differ; it also records the finding on the passage (the
"Text check" of exports) and clears it once a quote matches again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.passages import TextSpan, _PageText
from app.core.replace_pdf import UNPLACED
from app.core.text_layer import LAYER_VERSION
from app.core.textnorm import display_quote
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project

PDF_REPLACED = "the PDF was replaced after this passage was coded"
PAGE_UNREADABLE = "the page can no longer be read from the PDF"
QUOTE_CHANGED = "the page now reads differently: {now!r}"


@dataclass(frozen=True)
class Mismatch:
    passage_id: int
    study_id: int
    study: str  # the study's label (citation, else name)
    page: str  # the cited page(s); "" for a passage waiting to be placed by hand
    pdf_page: int  # 1-based position of the passage's first page; 0 while it waits
    quote: str  # as stored, ready to read
    problem: str


@dataclass
class VerifyReport:
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    cancelled: bool = False
    # Per passage checked, what is wrong with it ("" when nothing): what `record` stores.
    findings: dict[int, str] = field(default_factory=dict)
    # Studies whose page text an earlier version of the extractor read (see app.pdf.layer):
    # their quotes may match it and still miss what today's reading sees.
    earlier_layers: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.cancelled


def verify(
    project: Project,
    study_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    record: bool = True,
) -> VerifyReport:
    """Check the text passages of one study (or all). With `record` (and a writable
    project) the findings are stored on the passages; else the caller stores
    `report.findings` itself (the window does, on its own thread)."""
    from app.pdf.errors import PdfError
    from app.pdf.text import extract_pages

    report = VerifyReport()
    studies = [s for s in project.studies.list() if study_id is None or s.id == study_id]
    passages = [p for p in project.passages.list(study_id=study_id) if p.kind == "text"]
    cited = project.page_numbers.cited([s.id for s in studies])
    labels = {s.id: s.label for s in studies}
    findings = report.findings
    total = len(passages)
    done = 0
    for study in studies:
        own = [p for p in passages if p.study_id == study.id]
        version = project.studies.text_layer(study.id)
        if version < LAYER_VERSION and study.has_pdf:
            report.earlier_layers.append(study.id)
        if not own:
            continue
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        try:
            data, password, sha256 = project.studies.pdf(study.id)
        except Exception:
            data, password, sha256 = b"", None, ""
        stored = _passage_rows(project, [p.id for p in own])
        needed = sorted({page for p in own for page in range(p.start_page, p.end_page + 1)})
        fresh: dict[int, str | None] = {}
        for page in needed:
            try:
                read = extract_pages(data, password, page, page + 1, key=sha256, version=version)
                fresh[page] = read[0].text if read and read[0].status != "error" else None
            except PdfError:
                fresh[page] = None
        for passage in own:
            coded_on, check = stored.get(passage.id, ("", ""))
            if check == UNPLACED:
                # Waiting to be placed by hand on a new PDF: its anchor means nothing yet.
                problem = UNPLACED
            else:
                problem = _problem(project, passage, fresh, coded_on, sha256)
            findings[passage.id] = problem
            if problem:
                # A passage to place cites no page: its pages are an earlier text's.
                placed = problem != UNPLACED
                report.mismatches.append(
                    Mismatch(
                        passage.id,
                        study.id,
                        labels[study.id],
                        _cite(cited.get(study.id, []), passage.start_page, passage.end_page)
                        if placed
                        else "",
                        passage.start_page + 1 if placed else 0,
                        display_quote(passage.quote),
                        problem,
                    )
                )
            done += 1
            report.checked += 1
            if progress is not None:
                progress(done, total)
    if record and not project.database.read_only:
        project.passages.set_text_checks(findings)
    return report


def _cite(cited: list[str], first: int, last: int) -> str:
    from app.core.page_numbers import page_range

    return page_range(cited, first, last)


def _passage_rows(project: Project, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Per passage, the hash of the PDF it was coded on and its stored check."""
    with project.database.reading() as session:
        rows = session.execute(
            select(models.Passage.id, models.Passage.pdf_sha256, models.Passage.text_check).where(
                models.Passage.id.in_(ids)
            )
        ).all()
    return {pid: (sha, check) for pid, sha, check in rows}


def _problem(
    project: Project,
    passage: object,
    fresh: dict[int, str | None],
    coded_on: str | None,
    sha256: str,
) -> str:
    from app.core.passages import Passages
    from app.core.types import Passage

    assert isinstance(passage, Passage)
    if coded_on is not None and sha256 and coded_on != sha256:
        return PDF_REPLACED
    pages = range(passage.start_page, passage.end_page + 1)
    if any(fresh.get(page) is None for page in pages):
        return PAGE_UNREADABLE
    assert passage.start_offset is not None and passage.end_offset is not None
    span = TextSpan(
        passage.study_id,
        passage.start_page,
        passage.start_offset,
        passage.end_page,
        passage.end_offset,
    )

    def page_of(study_id: int, page: int, _boxed: bool) -> _PageText:
        return _PageText(fresh[page] or "", [], project.studies.furniture(study_id, page))

    try:
        now = display_quote(Passages._text_draft(span, page_of).quote)
    except Exception:
        return PAGE_UNREADABLE
    if _comparable(now) == _comparable(display_quote(passage.quote)):
        return ""
    return QUOTE_CHANGED.format(now=now if len(now) <= 200 else now[:199] + "…")


def _comparable(quote: str) -> str:
    return quote.replace("\u00ad", "").replace("-", "")
