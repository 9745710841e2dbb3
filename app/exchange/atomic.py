"""Writing an export whole or not at all: built unseen beside the target, then renamed.

On Linux the export is written into an unnamed file in the target's folder (O_TMPFILE), so
a process killed while exporting leaves nothing behind; it gets a name only once complete,
for the instant before it replaces the target. Elsewhere a hidden temporary file is used.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _unnamed(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:
        return None  # the file system does not offer unnamed files


def _name_unnamed(fd: int, folder: Path, name: str) -> None:
    folder_fd = os.open(folder, os.O_RDONLY)
    try:
        # A dir fd makes Python call linkat, which follows /proc's link to the open file.
        os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=folder_fd, follow_symlinks=True)
    finally:
        os.close(folder_fd)


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[IO[bytes]]:
    folder = path.parent
    fd = _unnamed(folder)
    unnamed = fd is not None
    if fd is None:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    else:
        tmp_name = str(folder / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
            if unnamed:
                _name_unnamed(out.fileno(), folder, tmp.name)
        # The temporary file is private (0600); an export is meant to be shared.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
