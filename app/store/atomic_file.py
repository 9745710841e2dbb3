"""Putting a whole file in place in one step: all of it appears, or nothing does.

On Linux the bytes go into an unnamed file in the target's folder (O_TMPFILE), which is
given its name only once complete, so even a process killed half-way leaves nothing behind.
Elsewhere a hidden temporary file beside the target is renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _fsync_folder(folder: Path) -> None:
    # The new name must survive a power cut too. Not possible on Windows; harmless to skip.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _unnamed(folder: Path, mode: int) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, mode)
    except OSError:
        return None  # the file system does not offer unnamed files


def write_new_file(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` as the new file `path`; FileExistsError if something is already there."""
    path = Path(path)
    folder = path.parent
    fd = _unnamed(folder, mode)
    if fd is not None:
        try:
            _write_all(fd, data)
            folder_fd = os.open(folder, os.O_RDONLY)
            try:
                # linkat, following /proc's link to the unnamed file (a dir fd is what makes
                # Python call linkat rather than link); it never replaces an existing name.
                os.link(
                    f"/proc/self/fd/{fd}", path.name, dst_dir_fd=folder_fd, follow_symlinks=True
                )
            finally:
                os.close(folder_fd)
        finally:
            os.close(fd)
        _fsync_folder(folder)
        return
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=folder)
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (FAT, some network shares): check, then rename.
            if path.exists():
                raise FileExistsError(f"{path} already exists") from None
            os.rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_folder(folder)
