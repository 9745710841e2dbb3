"""A Habitus project: one opened `.habitus` file and the services over it.

    with Project.open("review.habitus") as project:
        project.import_pdfs(["papers/"])
        code = project.codebook.add("Education")
        passage = project.passages.add_text(study_id, 0, 120, 0, 180)
        project.passages.apply(passage.id, code.id)

Every mutating call is one transaction, committed before it returns; there is no Save.
After each, the listeners registered with `on_change` hear what kind of thing changed, so a
UI refreshes from one hook.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app.core.codebook import Codebook
from app.core.errors import CoreError, ReadOnlyProject
from app.core.frameworks import Frameworks
from app.core.memos import Memos
from app.core.passages import Passages
from app.core.search import Search
from app.core.studies import Studies
from app.core.types import ImportReport, Passage
from app.store.backups import RollingBackups
from app.store.database import Database, draft_database, open_database


@dataclass(frozen=True)
class Change:
    """What an operation changed: kinds among studies, pages, passages, codes, frameworks,
    memos; `study_id` when it concerned one study."""

    kinds: frozenset[str]
    study_id: int | None = None


class _Hub:
    """Tells listeners what changed, once it is saved: changes made inside a larger
    transaction wait for its commit, and are dropped if it rolls back."""

    def __init__(self, database: Database):
        self.listeners: list[Callable[[Change], None]] = []
        self._database = database
        self._pending = threading.local()
        database.after_transaction.append(self._settle)

    def emit(self, kinds: Iterable[str], study_id: int | None = None) -> None:
        change = Change(frozenset(kinds), study_id)
        if self._database.in_transaction():
            self._queue().append(change)
        else:
            self._deliver([change])

    def _queue(self) -> list[Change]:
        if not hasattr(self._pending, "changes"):
            self._pending.changes = []
        queue: list[Change] = self._pending.changes
        return queue

    def _settle(self, committed: bool) -> None:
        queue = self._queue()
        changes, queue[:] = list(queue), []
        if committed:
            self._deliver(changes)

    def _deliver(self, changes: list[Change]) -> None:
        for change in dict.fromkeys(changes):
            for listener in list(self.listeners):
                listener(change)


class Project:
    def __init__(self, database: Database):
        self.database = database
        self._hub = _Hub(database)
        emit = self._hub.emit
        self.studies = Studies(database, emit)
        self.codebook = Codebook(database, emit)
        self.frameworks = Frameworks(database, emit)
        self.passages = Passages(database, emit)
        self.memos = Memos(database, emit)
        self.search = Search(database)

    # --- life cycle ------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        framework: str | None = None,
        template_file: str | Path | None = None,
    ) -> Project:
        """A new, empty project; `framework` names a built-in template such as "capitals",
        `template_file` a template saved from another project (.qdc)."""
        if template_file is not None and not Path(template_file).is_file():
            raise CoreError(f"No template file at {template_file}.")
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
            if template_file is not None:
                from app.core.templates import apply_template_file

                apply_template_file(draft, template_file)
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

    def close(self) -> None:
        self._hub.listeners.clear()
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

    def require_writable(self) -> None:
        if self.database.read_only:
            reason = self.database.read_only_reason
            raise ReadOnlyProject(
                f"{self.path.name} is open read-only" + (f": {reason}." if reason else ".")
            )

    def autocode(
        self, phrase: str, code_id: int, ignore_case: bool = False, study_id: int | None = None
    ) -> list[Passage]:
        """Code every occurrence of a phrase with a factor; returns the passages made."""
        self.require_writable()
        return self.search.autocode(self.passages, phrase, code_id, ignore_case, study_id)

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
        report = import_pdfs(self.database, paths, password, progress, cancelled)
        if report.added:
            self._hub.emit({"studies", "pages"})
        return report
