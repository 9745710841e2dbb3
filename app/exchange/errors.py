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
