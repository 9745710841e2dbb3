"""A Habitus project: one opened `.habitus` file and the services over it.

    with Project.open("review.habitus") as project:
        project.import_pdfs(["papers/"])
        code = project.codebook.add("Education")
        passage = project.passages.add_text(study_id, 0, 120, 0, 180)
        project.passages.apply(passage.id, code.id)

Every mutating call is one transaction, committed before it returns; there is no Save.
After each, the listeners registered with `on_change` hear what changed (a typed `Change`:
which studies, passages, factors...), so a UI refreshes the rows concerned from one hook.
The project owns the PDFs it opens (`pdfs`) and closes them with itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app.core.changes import Change, ChangeHub
from app.core.codebook import Codebook
from app.core.errors import CoreError, ReadOnlyProject
from app.core.frameworks import Frameworks
from app.core.fulltext import FullTextSearch, SearchIndex
from app.core.fulltext.coding import plan_coding
from app.core.fulltext.engine import SearchOptions
from app.core.fulltext.query import Term
from app.core.memos import Memos
from app.core.page_numbers import PageNumbers
from app.core.passages import Passages
from app.core.reading_positions import ReadingPositions
from app.core.records import Records
from app.core.search import Search
from app.core.studies import Studies
from app.core.synthesis.facets import StudyFacets
from app.core.types import CodebookData, ImportReport, Passage
from app.pdf.cache import DocumentCache
from app.store.backups import RollingBackups, take_backup
from app.store.database import Database, draft_database, open_database
from app.store.errors import StoreError

if TYPE_CHECKING:
    from app.pdf.metadata import PdfFacts

__all__ = ["Change", "Project"]


class Project:
    def __init__(self, database: Database):
        self.database = database
        self._hub = ChangeHub(database)
        emit = self._hub.emit
        # The PDFs this project has open; they close with it, and no other project sees them.
        self.pdfs = DocumentCache()
        self.studies = Studies(database, emit, self.pdfs)
        self.codebook = Codebook(database, emit)
        self.frameworks = Frameworks(database, emit)
        self.passages = Passages(database, emit, self.studies)
        self.memos = Memos(database, emit)
        self.page_numbers = PageNumbers(database, emit)
        self.records = Records(database, emit)
        self.search = Search(database)
        self.search_index = SearchIndex(database)
        self.fulltext = FullTextSearch(database, self.search_index)
        self.study_facets = StudyFacets(self.records)
        self.reading = ReadingPositions(database, emit)
        self._hub.first.append(self._forget_pages)

    # --- life cycle ------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        framework: str | None = None,
        template: CodebookData | None = None,
    ) -> Project:
        """A new, empty project; `framework` names a built-in template such as "capitals",
        `template` is a codebook to start from (a template file read by
        `app.exchange.codebook_files.read_template`)."""
        path = Path(path)
        if path.exists():
            raise FileExistsError(f"{path} already exists; open it instead of creating it.")
        # Built in memory and written in one step: a failed template or a killed process
        # leaves no half-made project behind to block the next attempt.
        database = draft_database(path)
        draft = cls(database)
        try:
            if framework:
                from app.core.templates import apply_template

                apply_template(draft, framework)
            if template is not None:
                from app.core.templates import apply_codebook

                apply_codebook(draft, template)
            database.publish()
        finally:
            draft.close()
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Project:
        """Open a project file; opened for writing, it is backed up as she works (see
        `app.store.backups`)."""
        project = cls(open_database(Path(path), read_only=read_only))
        if not project.database.read_only and RollingBackups.wanted():
            RollingBackups(project.database)
        return project

    @staticmethod
    def backups_on() -> bool:
        """Whether projects are backed up (HABITUS_BACKUPS=off turns it off)."""
        return RollingBackups.wanted()

    def back_up(self) -> Path | None:
        """A backup taken now, beside the rolling ones (File > Restore from backup offers
        it); None where backups are off. Raises as a full disk or a closed project does."""
        if not self.backups_on():
            return None
        try:
            return take_backup(self.database)
        except (OSError, sqlite3.Error) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise CoreError(
                f"A backup of {self.name} could not be taken first ({reason}), so nothing "
                "was changed. Free some disk space, or import into a new project."
            ) from error

    def close(self) -> None:
        self._hub.listeners.clear()
        self.pdfs.close()
        self.database.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.database.path

    @property
    def name(self) -> str:
        return self.database.meta("name") or self.path.stem

    def on_change(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Register a listener; returns a function that unregisters it."""
        self._hub.listeners.append(listener)
        return lambda: self._hub.listeners.remove(listener)

    def acting_as(self, origin: object) -> AbstractContextManager[None]:
        """The changes made in this with-block carry `origin` (who asked for them)."""
        return self._hub.acting_as(origin)

    def _forget_pages(self, change: Change) -> None:
        if change.kinds & {"studies", "pages"}:
            self.studies.forget_pages(change.studies or None)

    def require_writable(self) -> None:
        if self.database.read_only:
            reason = self.database.read_only_reason
            raise ReadOnlyProject(
                f"{self.path.name} is open read-only" + (f": {reason}." if reason else ".")
            )

    def autocode(
        self,
        phrase: str,
        code_id: int,
        ignore_case: bool = False,
        study_id: int | None = None,
        whole_words: bool = True,
    ) -> list[Passage]:
        """Code every occurrence of a phrase with a factor, as one action; returns the
        passages made (an occurrence already coded with the factor is left alone)."""
        self.require_writable()
        self.codebook.get(code_id)
        result = self.fulltext.search(
            Term(phrase.strip(), phrase=True),
            SearchOptions(ignore_case=ignore_case, whole_words=whole_words),
            None if study_id is None else [study_id],
        )
        plan = plan_coding(self.passages, [hit.hit for hit in result.hits], code_id)
        return self.passages.add_text_many(plan.new) if plan.new else []

    # --- import ----------------------------------------------------------------------------

    def import_pdfs(
        self,
        paths: Sequence[str | Path],
        password: str | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import PDF files and folders (recursively); see `app.core.importer`."""
        from app.core.importer import import_pdfs

        self.require_writable()
        facts: dict[int, PdfFacts] = {}

        def added(study_id: int, found: PdfFacts | None) -> None:
            # Each study is indexed for search as it is saved, while the next files are read.
            self.search_index.update_studies([study_id])
            if found is not None:
                facts[study_id] = found

        report = import_pdfs(self.database, paths, password, progress, cancelled, added=added)
        if report.added:
            from app.core.prefill import prefill

            try:
                prefill(self, [study.id for study in report.added], facts)
            except StoreError as error:
                # Guesses at titles and authors are not the import: the studies stay.
                report.stopped = report.stopped or str(error)
            self._hub.emit({"studies", "pages"}, studies=[study.id for study in report.added])
        return report
