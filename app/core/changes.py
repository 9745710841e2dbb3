"""What an action changed, told to whoever shows the project once it is saved.

A `Change` names the kinds of thing touched (`kinds`: studies, pages, passages, codes,
frameworks, memos, and reading: where a study was left) and, typed, which ones: the
studies, passages, factors, frameworks, themes and memo targets concerned. A kind named
with no ids of its own means any of that kind may have changed (a merge of factors, an
import): a view then reloads it whole.
`origin` is whoever asked for the action (a widget, a command), so that it can tell its
own echo from someone else's edit.

Changes made inside a larger transaction wait for its commit and arrive as one; they are
dropped if it rolls back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from app.store.database import Database

MemoTarget = tuple[Literal["project", "study", "code", "passage"], int | None]

# The typed id sets, and the kind each one belongs to.
ID_FIELDS = {
    "studies": "studies",
    "passages": "passages",
    "codes": "codes",
    "frameworks": "frameworks",
    "themes": "frameworks",
    "memos": "memos",
}


@dataclass(frozen=True)
class Change:
    kinds: frozenset[str]
    study_id: int | None = None  # the one study concerned, when there is exactly one
    studies: frozenset[int] = field(default_factory=frozenset)
    passages: frozenset[int] = field(default_factory=frozenset)
    codes: frozenset[int] = field(default_factory=frozenset)
    frameworks: frozenset[int] = field(default_factory=frozenset)
    themes: frozenset[int] = field(default_factory=frozenset)
    memos: frozenset[MemoTarget] = field(default_factory=frozenset)
    origin: object = None

    def whole(self, kind: str) -> bool:
        """True when every row of `kind` may have changed (it is named without ids)."""
        if kind not in self.kinds:
            return False
        sets = [name for name, owner in ID_FIELDS.items() if owner == kind]
        return not any(getattr(self, name) for name in sets)

    def touches_study(self, study_id: int | None) -> bool:
        """Whether this change may concern that study (always, when no study is named)."""
        if self.study_id is not None:
            return self.study_id == study_id
        return not self.studies or study_id in self.studies

    @staticmethod
    def merged(changes: Iterable[Change]) -> Change:
        """One change that says everything the given ones say."""
        changes = list(changes)
        kinds = frozenset().union(*(c.kinds for c in changes))
        values: dict[str, frozenset[object]] = {}
        for name, kind in ID_FIELDS.items():
            # A kind named whole in any of them stays whole.
            if any(kind in c.kinds and not _ids_of(c, kind) for c in changes):
                values[name] = frozenset()
            else:
                values[name] = frozenset().union(*(getattr(c, name) for c in changes))
        # The studies concerned are a scope as well: one change open to any study opens all.
        if any(not c.studies for c in changes):
            values["studies"] = frozenset()
        studies = values["studies"]
        study_ids = {c.study_id for c in changes}
        study_id = next(iter(study_ids)) if len(study_ids) == 1 else _single(studies)  # type: ignore[arg-type]
        origin = next((c.origin for c in changes if c.origin is not None), None)
        return Change(kinds, study_id, origin=origin, **values)  # type: ignore[arg-type]


def _ids_of(change: Change, kind: str) -> bool:
    return any(getattr(change, name) for name, owner in ID_FIELDS.items() if owner == kind)


class ChangeHub:
    """Tells listeners what changed, once it is saved."""

    def __init__(self, database: Database):
        self.listeners: list[Callable[[Change], None]] = []
        # Told before the listeners: caches that must not show a listener stale rows.
        self.first: list[Callable[[Change], None]] = []
        self._database = database
        self._local = threading.local()
        database.after_transaction.append(self._settle)

    @contextmanager
    def acting_as(self, origin: object) -> Iterator[None]:
        """Changes made in this block (on this thread) carry `origin`."""
        previous = getattr(self._local, "origin", None)
        self._local.origin = origin
        try:
            yield
        finally:
            self._local.origin = previous

    def emit(
        self,
        kinds: Iterable[str],
        study_id: int | None = None,
        *,
        studies: Iterable[int] = (),
        passages: Iterable[int] = (),
        codes: Iterable[int] = (),
        frameworks: Iterable[int] = (),
        themes: Iterable[int] = (),
        memos: Iterable[MemoTarget] = (),
    ) -> None:
        studies = frozenset(studies) | ({study_id} if study_id is not None else set())
        change = Change(
            frozenset(kinds),
            study_id if study_id is not None else _single(studies),
            studies=studies,
            passages=frozenset(passages),
            codes=frozenset(codes),
            frameworks=frozenset(frameworks),
            themes=frozenset(themes),
            memos=frozenset(memos),
            origin=getattr(self._local, "origin", None),
        )
        if self._database.in_transaction():
            self._queue().append(change)
        else:
            self._deliver(change)

    def _queue(self) -> list[Change]:
        if not hasattr(self._local, "changes"):
            self._local.changes = []
        queue: list[Change] = self._local.changes
        return queue

    def _settle(self, committed: bool) -> None:
        queue = self._queue()
        changes, queue[:] = list(queue), []
        if committed and changes:
            self._deliver(changes[0] if len(changes) == 1 else Change.merged(changes))

    def _deliver(self, change: Change) -> None:
        for listener in [*self.first, *self.listeners]:
            listener(change)


def _single(ids: frozenset[int]) -> int | None:
    return next(iter(ids)) if len(ids) == 1 else None
