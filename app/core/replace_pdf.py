"""Attaching a PDF to a study that has none, and replacing a study's PDF with a new version.

    new = read_pdf(path)                          # slow: text of every page; no writes
    result = replace_pdf(project, study_id, new)  # one transaction
    project.records.restore([result.before])      # undo
    project.records.restore([result.after])       # redo

The new pages are stored exactly as an import stores them. Every passage is then looked for
by its quote near its old page (`app.core.reanchor`) and re-anchored through the passages
service, which reads the quote anew from the new page text. A passage that cannot be found
keeps its factors, memo, quote and old anchor (its `pdf_sha256` still names the old PDF), is
drawn nowhere and is flagged until the researcher places it by hand: nothing is lost.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.errors import CoreError, NotFound
from app.core.passages import TextSpan
from app.core.quote_check import UNPLACED as UNPLACED  # named from here by its callers
from app.core.reanchor import Finder
from app.core.study_bundle import PASSAGES, PDF, STUDY, StudyBundle, capture
from app.core.text_layer import page_rows
from app.store import models

if TYPE_CHECKING:
    from app.core.project import Project
    from app.pdf.text import PageText


class PasswordNeeded(CoreError):
    """The PDF opens only with a password (none or a wrong one was given)."""


@dataclass(frozen=True)
class NewPdf:
    path: Path
    data: bytes
    sha256: str
    password: str | None
    pages: tuple[PageText, ...]
    drawing_problem: str = ""  # why its pages cannot be drawn; "" when they can


def read_pdf(path: Path, password: str | None = None) -> NewPdf:
    """Read a PDF and the text of every page the way an import does (in a sandboxed reader
    process); writes nothing."""
    from app.pdf.batch import FileJob, extract_files

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CoreError(f"Cannot read {path.name}: {error.strerror or error}") from error
    if not data:
        raise CoreError(f"{path.name} cannot be used: empty file (0 bytes)")
    sha256 = hashlib.sha256(data).hexdigest()
    results = extract_files([FileJob(sha256, str(path), password, size=len(data))])
    try:
        result = next(iter(results), None)
    finally:
        results.close()
    if result is None:
        raise CoreError(f"{path.name} cannot be used: it could not be read")
    if result.needs_password:
        raise PasswordNeeded(f"{path.name}: {result.error or 'password required'}")
    if result.pages is None:
        raise CoreError(f"{path.name} cannot be used: {result.error or 'it could not be read'}")
    if not result.pages:
        raise CoreError(f"{path.name} has no pages.")
    return NewPdf(path, data, sha256, result.password, tuple(result.pages), result.drawing_problem)


@dataclass
class Replacement:
    study_id: int
    before: StudyBundle
    after: StudyBundle
    placed: int = 0  # passages found again
    moved: int = 0  # of them, found on another page than before
    fuzzy: int = 0  # of them, found with small differences
    unplaced: list[int] = field(default_factory=list)  # passage ids left to place by hand

    def summary(self) -> str:
        text = f"{self.placed} passages placed"
        if self.moved:
            text += f" ({self.moved} on another page)"
        if self.fuzzy:
            text += f", {self.fuzzy} of them with small differences in wording"
        if self.unplaced:
            text += f"; {len(self.unplaced)} could not be found and wait to be placed by hand"
        return text + "."


def read_stored_pdf(project: Project, study_id: int) -> NewPdf:
    """The study's own PDF read again by today's extractor (see `replace_pdf(reread=True)`),
    for a study whose text was read by an earlier one or whose quotes no longer match."""
    import tempfile

    data, password, sha256 = project.studies.pdf(study_id)
    filename = project.studies.get(study_id).filename or "study.pdf"
    with tempfile.TemporaryDirectory(prefix="habitus-") as folder:
        copy = Path(folder) / "study.pdf"
        copy.write_bytes(data)
        new = read_pdf(copy, password)
    return NewPdf(Path(filename), data, sha256, new.password, new.pages, new.drawing_problem)


def replace_pdf(project: Project, study_id: int, new: NewPdf, reread: bool = False) -> Replacement:
    """Give the study this PDF (a first one, or a new version), re-anchoring its passages.
    With `reread`, `new` is the study's own PDF read again: its pages replace the stored ones
    and every passage is found again on them, just as for a new version."""
    project.require_writable()
    with project.database.transaction() as session:
        study = session.get(models.Study, study_id)
        if study is None:
            raise NotFound(f"No study with id {study_id} in this project.")
        if reread and study.sha256 != new.sha256:
            raise CoreError(f"{new.path.name} is not the PDF this study has.")
        if not reread and study.sha256 == new.sha256:
            raise CoreError(f"{new.path.name} is the PDF this study already has.")
        other = session.scalar(
            select(models.Study).where(
                models.Study.sha256 == new.sha256, models.Study.id != study_id
            )
        )
        if other is not None:
            raise CoreError(f"{new.path.name} is already in the project as {other.name!r}.")
        old_sha = study.sha256
        before = capture(session, study_id, {STUDY, PDF, PASSAGES})
        session.query(models.Page).filter(models.Page.study_id == study_id).delete()
        session.query(models.PdfBlob).filter(models.PdfBlob.study_id == study_id).delete()
        session.flush()
        session.add(models.PdfBlob(study_id=study_id, data=new.data))
        session.execute(insert(models.Page), page_rows(study_id, new.pages))
        study.sha256 = new.sha256
        if not reread:
            study.filename = new.path.name
        study.page_count = len(new.pages)
        study.pdf_password = new.password
        study.drawing_problem = new.drawing_problem
        # The new text comes from today's extractor, whatever made the old one.
        study.text_layer = models.Study.__table__.c.text_layer.default.arg
        session.flush()
        result = _reanchor(project, session, study_id, new)
        result.before = before
        result.after = capture(session, study_id, {STUDY, PDF, PASSAGES})
    if old_sha and not reread:
        project.pdfs.forget(old_sha)
    # The new pages are searched at once (a search would otherwise index them first).
    project.search_index.update_studies([study_id])
    project.records.emit("studies", "pages", "passages", study_id=study_id)
    return result


def _reanchor(project: Project, session: Session, study_id: int, new: NewPdf) -> Replacement:
    empty = StudyBundle(study_id, frozenset(), {})
    result = Replacement(study_id, empty, empty)
    rows = session.scalars(
        select(models.Passage)
        .where(models.Passage.study_id == study_id)
        .order_by(models.Passage.id)
    ).all()
    finder = Finder([page.text for page in new.pages])
    texts: list[tuple[int, TextSpan]] = []
    for row in rows:
        if row.kind == "region":
            if row.start_page < len(new.pages) and row.x0 is not None:
                rect = (row.x0, row.top or 0.0, row.x1 or 0.0, row.bottom or 0.0)
                try:
                    project.passages.reanchor_region(row.id, row.start_page, rect)
                    result.placed += 1
                    continue
                except CoreError:
                    pass
            _leave(row, result)
            continue
        offset = row.start_offset or 0
        found = finder.find(row.quote, row.start_page, offset)
        if found is None:
            _leave(row, result)
            continue
        texts.append(
            (
                row.id,
                TextSpan(
                    study_id,
                    found.start_page,
                    found.start_offset,
                    found.end_page,
                    found.end_offset,
                ),
            )
        )
        result.placed += 1
        result.moved += int(found.start_page != row.start_page)
        result.fuzzy += int(not found.exact)
    if texts:
        project.passages.reanchor_many(texts)
    return result


def _leave(row: models.Passage, result: Replacement) -> None:
    """Keep the passage whole but unanchored: drawn nowhere, flagged, listed to place."""
    row.boxes = "[]"
    row.text_check = UNPLACED
    result.unplaced.append(row.id)


def place_text(
    project: Project, passage_id: int, span: tuple[int, int, int, int]
) -> tuple[StudyBundle, StudyBundle]:
    """Anchor a passage on a span of its study's pages (a passage placed by hand); returns
    the study's passages before and after, for undo."""
    with project.database.transaction() as session:
        study_id = project.passages.get(passage_id).study_id
        before = capture(session, study_id, {PASSAGES})
        project.passages.reanchor_many([(passage_id, TextSpan(study_id, *span))])
        after = capture(session, study_id, {PASSAGES})
    return before, after


def place_region(
    project: Project, passage_id: int, page: int, rect: tuple[float, float, float, float]
) -> tuple[StudyBundle, StudyBundle]:
    """Anchor a region passage on a rectangle of its study's pages, as `place_text` does."""
    with project.database.transaction() as session:
        study_id = project.passages.get(passage_id).study_id
        before = capture(session, study_id, {PASSAGES})
        project.passages.reanchor_region(passage_id, page, rect)
        after = capture(session, study_id, {PASSAGES})
    return before, after


def unplaced_passages(project: Project, study_id: int) -> list[int]:
    """Passages of the study waiting to be placed by hand: those a new version of its PDF,
    or a new reading of the same one, could not place."""
    with project.database.reading() as session:
        return list(
            session.scalars(
                select(models.Passage.id)
                .where(models.Passage.study_id == study_id, models.Passage.text_check == UNPLACED)
                .order_by(models.Passage.start_page, models.Passage.id)
            ).all()
        )
