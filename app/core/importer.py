"""Importing PDFs: files and folders, de-duplicated by SHA-256, one transaction per file.

Checks and page counts happen here, one file at a time; the text of every page is read in
worker processes (both cores); each finished file is written whole, so a failed or cancelled
import never leaves half a study behind. Word boxes are not computed here: they follow when a
page is first shown or searched (see `Studies.words`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select

from app.core.types import ImportFailure, ImportReport
from app.store.database import Database
from app.store.models import Page, PdfBlob, Study

if TYPE_CHECKING:
    from app.pdf.text import PageText

Progress = Callable[[int, int, str], None]


@dataclass
class _Candidate:
    path: Path
    sha256: str
    password: str | None
    page_count: int
    drawing_problem: str = ""  # why the pages cannot be drawn, "" when they can


def page_rows(study_id: int, pages: Sequence[PageText]) -> list[dict[str, Any]]:
    """The stored form of extracted pages; also what a replaced PDF's pages are stored as."""
    return [
        {
            "study_id": study_id,
            "page_index": page.index,
            "width": page.width,
            "height": page.height,
            "rotation": page.rotation,
            "text": page.text,
            "text_status": page.status,
            "text_error": page.error,
        }
        for page in pages
    ]


def gather(paths: Sequence[str | Path], report: ImportReport) -> list[Path]:
    """PDF files named directly, and every *.pdf below named folders, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"),
                    key=lambda p: str(p).lower(),
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            report.failures.append(ImportFailure(str(path), "no such file or folder"))
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def _check(data: bytes, password: str | None) -> tuple[int, str | None]:
    """Page count and the password the file needs (None if it opens without one)."""
    from app.pdf.errors import PasswordRequired
    from app.pdf.text import page_count

    try:
        return page_count(data, None), None
    except PasswordRequired:
        if password is None:
            raise
    return page_count(data, password), password


def _candidates(
    files: list[Path], database: Database, password: str | None, report: ImportReport
) -> list[_Candidate]:
    from app.pdf.errors import PasswordRequired, PdfError, WrongPassword

    with database.reading() as session:
        known = set(session.scalars(select(Study.sha256)).all())
    candidates: list[_Candidate] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            report.failures.append(ImportFailure(str(path), f"cannot read file: {error.strerror}"))
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        if sha256 in known:
            report.duplicates.append(str(path))
            continue
        try:
            pages, needed = _check(data, password)
        except PasswordRequired:
            report.failures.append(
                ImportFailure(str(path), "password required", needs_password=True)
            )
            continue
        except WrongPassword as error:
            report.failures.append(ImportFailure(str(path), str(error), needs_password=True))
            continue
        except PdfError as error:
            report.failures.append(ImportFailure(str(path), str(error)))
            continue
        if pages == 0:
            report.failures.append(ImportFailure(str(path), "the PDF has no pages"))
            continue
        known.add(sha256)
        from app.pdf.render import drawing_problem

        problem = drawing_problem(data, needed) or ""
        candidates.append(_Candidate(path, sha256, needed, pages, problem))
    return candidates


def import_pdfs(
    database: Database,
    paths: Sequence[str | Path],
    password: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    added: Callable[[int], None] | None = None,
) -> ImportReport:
    """`added(study_id)` is told of each study once it is saved, while the workers go on
    reading the next files."""
    from app.core.studies import _study_info
    from app.core.text_layer import LAYER_VERSION, page_rows
    from app.pdf.batch import FileJob, extract_files

    report = ImportReport()
    candidates = _candidates(gather(paths, report), database, password, report)
    by_key = {c.sha256: c for c in candidates}
    # Studies are listed in the order the files were named, whatever order they finish in.
    order = {c.sha256: number for number, c in enumerate(candidates)}
    with database.reading() as session:
        base = int(session.scalar(select(func.coalesce(func.max(Study.position), -1))) or 0) + 1
    total = sum(c.page_count for c in candidates)
    done = 0
    latest = ""  # the file finished last, for the progress line

    def advance(pages: int) -> None:
        nonlocal done
        done += pages
        if progress is not None:
            progress(done, total, latest)

    jobs = [FileJob(c.sha256, str(c.path), c.password, c.page_count) for c in candidates]
    finished: set[str] = set()
    for result in extract_files(jobs, progress=advance, cancelled=cancelled):
        candidate = by_key[result.key]
        finished.add(result.key)
        latest = candidate.path.name
        if result.error is not None or result.pages is None:
            report.failures.append(ImportFailure(str(candidate.path), result.error or "failed"))
            continue
        try:
            data = candidate.path.read_bytes()
        except OSError as error:
            report.failures.append(
                ImportFailure(str(candidate.path), f"cannot read file: {error.strerror}")
            )
            continue
        if hashlib.sha256(data).hexdigest() != candidate.sha256:
            report.failures.append(
                ImportFailure(str(candidate.path), "the file changed while it was imported")
            )
            continue
        with database.transaction() as session:
            study = Study(
                name=candidate.path.stem,
                filename=candidate.path.name,
                sha256=candidate.sha256,
                page_count=candidate.page_count,
                pdf_password=candidate.password,
                position=base + order[candidate.sha256],
                text_layer=LAYER_VERSION,
                drawing_problem=candidate.drawing_problem,
            )
            session.add(study)
            session.flush()
            session.add(PdfBlob(study_id=study.id, data=data))
            session.execute(insert(Page), page_rows(study.id, result.pages))
            session.flush()
            report.added.append(_study_info(session, study))
        if added is not None:
            added(report.added[-1].id)
    if cancelled is not None and cancelled() and len(finished) < len(candidates):
        report.cancelled = True
    return report
