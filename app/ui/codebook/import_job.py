"""Importing a codebook file off the GUI thread: what the progress dialog says while the
file is read and merged, and how Cancel stops it with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.codebook_import import CodebookMerge, count, merge_undoable
from app.core.project import Project
from app.exchange.codebook_files import read_codebook_for_import
from app.exchange.errors import Cancelled

Report = Callable[..., None]  # report(done, total, what)
Stopped = Callable[[], bool]


def codebook_import(project: Project, path: Path) -> Callable[[Report, Stopped], CodebookMerge]:
    """The job: read `path`, then merge it into `project` as one transaction. Cancel is
    heard at every report; the merge then rolls back whole."""
    unit = "factors" if path.suffix.lower() == ".qdc" else "rows"

    def work(report: Report, cancelled: Stopped) -> CodebookMerge:
        def check() -> None:
            if cancelled():
                raise Cancelled()

        def reading(read: int) -> None:
            check()
            report(0, 0, f"Reading {path.name}: {read:,} {unit}")

        def merging(done: int, total: int) -> None:
            check()
            if done < total:
                report(done, total, f"Importing codebook: {done:,} of {total:,} factors")
            else:
                report(done, total, f"Importing codebook: saving {total:,} factors")

        data = read_codebook_for_import(path, reading)
        check()
        total = count(data.codes)
        report(0, total, f"Importing codebook: 0 of {total:,} factors")
        return merge_undoable(project, data, path.name, merging)

    return work
