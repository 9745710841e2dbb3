"""What every service over a project shares: the database and the change hook."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from app.core.changes import MemoTarget
from app.core.errors import ReadOnlyProject
from app.store.database import Database

# ChangeHub.emit: (kinds, study_id=None, *, studies=(), passages=(), codes=(), ...)
Emit = Callable[..., None]


class Service:
    def __init__(self, database: Database, emit: Emit):
        self.database = database
        self._emit = emit

    def _writable(self) -> None:
        if self.database.read_only:
            reason = self.database.read_only_reason
            raise ReadOnlyProject(
                f"{self.database.path.name} is open read-only" + (f": {reason}." if reason else ".")
            )

    def emit(
        self,
        *kinds: str,
        study_id: int | None = None,
        studies: Iterable[int] = (),
        passages: Iterable[int] = (),
        codes: Iterable[int] = (),
        frameworks: Iterable[int] = (),
        themes: Iterable[int] = (),
        memos: Iterable[MemoTarget] = (),
    ) -> None:
        """Announce what changed: its kinds, and which rows (none named: any of that kind)."""
        self._emit(
            kinds,
            study_id,
            studies=studies,
            passages=passages,
            codes=codes,
            frameworks=frameworks,
            themes=themes,
            memos=memos,
        )
