"""Errors core raises for things a user did or asked, with user-facing messages.

The store's own refusals (a full disk, a file another program holds, a closed project) are
`StoreError`s; `REFUSALS` names both kinds, for callers that turn any refusal into a message.
"""

from app.store.errors import (
    NewerProject,
    NotAProject,
    NotSaved,
    ProjectBusy,
    ProjectClosed,
    ProjectDamaged,
    ProjectFileError,
    ProjectLocked,
    ReadOnlyStorage,
    StorageFailed,
    StorageFull,
    StoreError,
)

__all__ = [
    "REFUSALS",
    "CoreError",
    "NewerProject",
    "NotAProject",
    "NotFound",
    "NotSaved",
    "ProjectBusy",
    "ProjectClosed",
    "ProjectDamaged",
    "ProjectFileError",
    "ProjectLocked",
    "ReadOnlyProject",
    "ReadOnlyStorage",
    "StorageFailed",
    "StorageFull",
    "StoreError",
]


class CoreError(Exception):
    """A request that cannot be carried out; str() says why."""


class NotFound(CoreError):
    pass


class ReadOnlyProject(CoreError):
    pass


# Everything core or the store refuse with a sentence for the user.
REFUSALS: tuple[type[Exception], ...] = (CoreError, StoreError)
