"""The lock that makes one window the only writer of a project file, whatever its path.

The lock is keyed by the file itself (device and inode), not by the name it was opened by:
a second opener through a symlink, a hard link or another spelling of the path meets the
same lock. It lives in the user's runtime folder, so a refused or crashed opener leaves
nothing beside the project, and the operating system drops it when its holder dies.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

from app.store.errors import ProjectLocked

_ENV = "HABITUS_LOCK_DIR"


def lock_folder() -> Path:
    configured = os.environ.get(_ENV)
    if configured:
        return Path(configured)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime) / "habitus-locks"
    # The temporary folder, one per user so that users do not lock each other out
    # (Windows and macOS temporary folders are per user already).
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"habitus-locks-{uid}"


def identity(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


class ProjectLock:
    """Held while a project is open for writing; `release` gives it up."""

    def __init__(self, handle: IO[bytes], lock_path: Path):
        self._handle: IO[bytes] | None = handle
        self.lock_path = lock_path

    @classmethod
    def acquire(cls, path: Path, shown_as: str) -> ProjectLock:
        device, inode = identity(path)
        folder = lock_folder()
        folder.mkdir(parents=True, exist_ok=True)
        lock_path = folder / f"{device:x}-{inode:x}.lock"
        # A holder that releases unlinks the lock file; a file opened just before that
        # unlink is an orphan that locks nothing, so try again on the fresh one.
        for _ in range(10):
            handle = lock_path.open("a+b")
            if not _try_lock(handle):
                handle.close()
                raise ProjectLocked(
                    f"{shown_as} is already open in another Habitus window. "
                    "Close it there first; two windows writing one project could lose work."
                )
            try:
                same = os.fstat(handle.fileno()).st_ino == os.stat(lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                return cls(handle, lock_path)
            handle.close()
        raise ProjectLocked(f"{shown_as} could not be locked for writing; try again.")

    def release(self) -> None:
        if self._handle is None:
            return
        # Unlink while still holding it, so that nobody can take an orphaned copy.
        with contextlib.suppress(OSError):
            self.lock_path.unlink()
        _unlock(self._handle)
        self._handle.close()
        self._handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            # flock, not fcntl: an flock belongs to this open file, so SQLite closing its
            # own descriptors of other files cannot drop it.
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
