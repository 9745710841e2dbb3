"""Why a file could not be exchanged, in words a researcher can act on."""

from __future__ import annotations

from pathlib import Path


class CodebookError(Exception):
    """A codebook file cannot be read or written; str() is the user-facing reason.

    `path` and `line` are kept apart from the message so a dialog can point at the file
    without parsing the sentence.
    """

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line


class ReferenceFileError(Exception):
    """A RIS or BibTeX file cannot be read; str() names the file and the line at fault."""

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line


class ExchangeError(Exception):
    """A project, workbook or annotated PDF cannot be read or written; str() says why."""


class Refused(ExchangeError):
    """A file that looks hostile or broken (a zip bomb, a path out of its folder, XML
    entities): refused before anything was written."""


class Cancelled(ExchangeError):
    """The researcher stopped the job; nothing was written."""

    def __init__(self, message: str = "Cancelled; nothing was written.") -> None:
        super().__init__(message)


class ExportError(OSError):
    """An export could not be written; str() names the file as the user named it (never the
    temporary file beside it) and says what the disk said."""

    def __init__(self, message: str, *, path: Path | None = None):
        super().__init__(message)
        self.path = path


def os_error_in(error: BaseException) -> OSError | None:
    """The disk's error behind a library's: openpyxl, for one, reports a full disk as
    "seek of closed file" after the write that failed."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def export_failure(path: Path, error: BaseException) -> ExportError | None:
    """The sentence for an export the disk refused (full, read-only...), naming the file
    she chose rather than a temporary one; None when the disk is not the cause."""
    disk = os_error_in(error)
    if disk is None:
        return None
    if isinstance(disk, FileNotFoundError) and not path.parent.is_dir():
        return ExportError(
            f"{path.name} could not be written: there is no folder {path.parent}.", path=path
        )
    return ExportError(
        f"{path.name} could not be written: {disk.strerror or disk}. Nothing was changed there.",
        path=path,
    )
