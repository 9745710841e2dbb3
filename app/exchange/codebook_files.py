"""Codebook files and a project: importing a .qdc or a codebook spreadsheet, exporting the
codebook, saving a framework as a template and reading one back.

Everything here turns files into core's `CodebookData` or core's data into files; merging
into a project is core's (`app.core.codebook_import`). Failures are `CoreError`s with the
user-facing reason, as the window and the command line expect of any refused action.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.codebook_export import codebook_data, collect
from app.core.codebook_import import CodebookImportResult, Progress, merge_codebook
from app.core.errors import CoreError
from app.core.project import Project
from app.core.types import CodebookCode, CodebookData
from app.exchange.errors import CodebookError

if TYPE_CHECKING:
    from app.exchange.codebook_sheet import RowProgress

ORIGIN = f"Habitus {__version__}"


def read_codebook_file(path: Path, progress: RowProgress | None = None) -> CodebookData:
    """The codebook a .qdc, .xlsx or .csv file holds. `progress` hears how many rows of a
    sheet, or factors of a .qdc, have been read so far, and may raise to stop."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".qdc":
            from app.exchange.qdc import read_qdc

            return read_qdc(path, progress)
        from app.exchange.codebook_sheet import read_codebook_sheet

        return read_codebook_sheet(path, progress)
    except CodebookError as error:
        raise CoreError(str(error)) from error
    except OSError as error:
        raise CoreError(f"Cannot read {path.name}: {error.strerror or error}") from error


def read_codebook_for_import(path: Path, progress: RowProgress | None = None) -> CodebookData:
    """The codebook in a file, its framework named after the file when it names none."""
    data = read_codebook_file(path, progress)
    if not data.framework_name:
        data.framework_name = Path(path).stem
    return data


def import_codebook_file(
    project: Project, path: Path, progress: Progress | None = None
) -> CodebookImportResult:
    """Merge a codebook file into a project as one action; `progress` hears (done, total)."""
    return merge_codebook(project, read_codebook_for_import(path), Path(path).name, progress)


def read_template(path: Path) -> CodebookData:
    """A template file (a .qdc such as `save_template` writes) to start a project from."""
    path = Path(path)
    if not path.is_file():
        raise CoreError(f"No template file at {path}.")
    data = read_codebook_for_import(path)
    if not data.codes:
        raise CoreError(f"{path.name} holds no factors to start a project from.")
    return data


def export_codebook(project: Project, path: Path, framework_id: int | None = None) -> int:
    """Write the whole codebook as a REFI-QDA .qdc, with one framework's themes as Sets
    (the first framework when none is named). Returns how many factors were written."""
    return _write(codebook_data(project, framework_id), Path(path))


def save_template(project: Project, framework_id: int, path: Path) -> int:
    """Write a framework, its themes and the factors under them (with their ancestors, so
    the hierarchy survives) as a .qdc that a new project can start from.

    Returns how many factors were written.
    """
    project.frameworks.get(framework_id)
    data = collect(project.codebook, project.frameworks, framework_id, mapped_only=True)
    return _write(data, Path(path))


def _write(data: CodebookData, path: Path) -> int:
    from app.exchange.qdc import write_qdc

    try:
        write_qdc(data, path, origin=ORIGIN)
    except CodebookError as error:
        raise CoreError(str(error)) from error
    return _count(data.codes)


def _count(codes: list[CodebookCode]) -> int:
    return sum(1 + _count(code.children) for code in codes)
