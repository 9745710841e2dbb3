"""A renderer that cannot open any file, in this process and for what import workers say.

Import workers run in processes of their own, out of a monkeypatch's reach: their answers
are given the reason this process's renderer now gives, as a worker's own would be.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

import app.pdf.batch as batch
from app.pdf.errors import DamagedPdf


def refuse_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfium cannot open any file from now on; the text is read all the same."""

    def refuse(data: bytes, password: str | None) -> object:
        raise DamagedPdf("the file structure cannot be read")

    monkeypatch.setattr("app.pdf.handles.open_document", refuse)
    reading = batch.extract_files

    def read_undrawable(*args: object, **kwargs: object) -> Iterator[batch.FileResult]:
        from pathlib import Path

        from app.pdf.render import drawing_problem

        jobs = {job.key: job for job in args[0]}  # type: ignore[attr-defined]
        for result in reading(*args, **kwargs):  # type: ignore[arg-type]
            job = jobs[result.key]
            problem = drawing_problem(Path(job.path).read_bytes(), result.password) or ""
            yield replace(result, drawing_problem=problem)

    monkeypatch.setattr(batch, "extract_files", read_undrawable)
