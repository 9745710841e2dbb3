"""Errors core raises for things a user did or asked, with user-facing messages."""

from app.store.errors import (
    NewerProject,
    NotAProject,
    ProjectFileError,
    ProjectLocked,
    StorageFull,
)

__all__ = [
    "CoreError",
    "NewerProject",
    "NotAProject",
    "NotFound",
    "ProjectFileError",
    "ProjectLocked",
    "ReadOnlyProject",
    "StorageFull",
]


class CoreError(Exception):
    """A request that cannot be carried out; str() says why."""


class NotFound(CoreError):
    pass


class ReadOnlyProject(CoreError):
    pass
