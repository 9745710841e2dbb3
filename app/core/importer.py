"""Importing PDFs: files and folders, de-duplicated by SHA-256, one transaction per file.

Here, in the calling process, files are only found, read and hashed: every PDF is opened and
its text read in sandboxed worker processes (app.pdf.batch) under a time and memory limit,
so a hostile file is named and skipped instead of taking the window down. Each finished file
is written whole through the project's one writer, so a failed or cancelled import never
leaves half a study behind; a full disk stops the import with what was saved listed. Word
boxes are not computed here: they follow when a page is first shown or searched (see
`Studies.words`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select

from app.core.filenames import shown
from app.core.types import ImportFailure, ImportReport
from app.store.database import Database
from app.store.errors import StoreError
from app.store.models import Page, PdfBlob, Study

if TYPE_CHECKING:
    from app.pdf.metadata import PdfFacts

Progress = Callable[[int, int, str], None]


@dataclass
class _Candidate:
    path: Path
    sha256: str
    size: int


def gather(paths: Sequence[str | Path], report: ImportReport) -> list[Path]:
    """PDF files named directly, and every *.pdf below named folders, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"),
                    key=lambda p: shown(p).lower(),
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            report.failures.append(ImportFailure(shown(path), "no such file or folder"))
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def _digest(path: Path) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            sha.update(block)
            size += len(block)
    return sha.hexdigest(), size


def _candidates(files: list[Path], database: Database, report: ImportReport) -> list[_Candidate]:
    with database.reading() as session:
        known = set(session.scalars(select(Study.sha256)).all())
    candidates: list[_Candidate] = []
    for path in files:
        try:
            sha256, size = _digest(path)
        except OSError as error:
            report.failures.append(
                ImportFailure(shown(path), f"cannot read file: {error.strerror or error}")
            )
            continue
        if size == 0:
            report.failures.append(ImportFailure(shown(path), "empty file (0 bytes)"))
            continue
        if sha256 in known:
            report.duplicates.append(shown(path))
            continue
        known.add(sha256)
        candidates.append(_Candidate(path, sha256, size))
    return candidates


def import_pdfs(
    database: Database,
    paths: Sequence[str | Path],
    password: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    added: Callable[[int, PdfFacts | None], None] | None = None,
) -> ImportReport:
    """`added(study_id, facts)` is told of each study once it is saved, with what its PDF
    says about itself (read by the worker), while the workers go on reading the next
    files."""
    from app.core.studies import _study_info
    from app.core.text_layer import LAYER_VERSION, page_rows
    from app.pdf.batch import FileJob, extract_files

    report = ImportReport()
    candidates = _candidates(gather(paths, report), database, report)
    by_key = {c.sha256: c for c in candidates}
    # Studies are listed in the order the files were named, whatever order they finish in.
    order = {c.sha256: number for number, c in enumerate(candidates)}
    with database.reading() as session:
        base = int(session.scalar(select(func.coalesce(func.max(Study.position), -1))) or 0) + 1
    latest = ""  # the file finished last, for the progress line

    def advance(done: int, known: int) -> None:
        if progress is not None:
            progress(done, known, latest)

    jobs = [FileJob(c.sha256, str(c.path), password, size=c.size) for c in candidates]
    finished: set[str] = set()
    results = extract_files(jobs, progress=advance, cancelled=cancelled)
    try:
        for result in results:
            candidate = by_key[result.key]
            finished.add(result.key)
            latest = shown(candidate.path.name)
            name = shown(candidate.path)
            if result.error is not None or result.pages is None:
                report.failures.append(
                    ImportFailure(name, result.error or "failed", result.needs_password)
                )
                continue
            try:
                data = candidate.path.read_bytes()
            except OSError as error:
                report.failures.append(
                    ImportFailure(name, f"cannot read file: {error.strerror or error}")
                )
                continue
            if hashlib.sha256(data).hexdigest() != candidate.sha256:
                report.failures.append(
                    ImportFailure(name, "the file changed while it was imported")
                )
                continue
            try:
                with database.transaction() as session:
                    study = Study(
                        name=shown(candidate.path.stem),
                        filename=shown(candidate.path.name),
                        sha256=candidate.sha256,
                        page_count=result.page_count,
                        pdf_password=result.password,
                        position=base + order[candidate.sha256],
                        text_layer=LAYER_VERSION,
                        drawing_problem=result.drawing_problem,
                    )
                    session.add(study)
                    session.flush()
                    session.add(PdfBlob(study_id=study.id, data=data))
                    session.execute(insert(Page), page_rows(study.id, result.pages))
                    session.flush()
                    report.added.append(_study_info(session, study))
            except StoreError as error:
                # A full disk, the project closed under the import: what was saved stays,
                # and the summary says where it stopped.
                report.stopped = str(error)
                report.failures.append(ImportFailure(name, "not saved: " + str(error)))
                break
            if added is not None:
                try:
                    added(report.added[-1].id, result.facts)
                except StoreError as error:
                    # The study is saved; what follows it (its search index) is not, and
                    # is made again when next needed. The next study would fare no better.
                    report.stopped = str(error)
                    break
    finally:
        results.close()
    if report.stopped is None and cancelled is not None and cancelled():
        report.cancelled = len(finished) < len(candidates)
    return report
