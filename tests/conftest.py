"""Shared fixtures: generated PDFs and small projects, nothing read from outside the repo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite checks what the project file holds, not what survives a power cut: commits skip
# fsync here, which on a busy disk halves the suite's time. bench/soak.py kills and reopens
# with full syncs, as the app runs.
os.environ.setdefault("HABITUS_SQLITE_SYNCHRONOUS", "OFF")
# Nothing is written to the user's data folder; the backup tests turn backups on themselves.
os.environ.setdefault("HABITUS_BACKUPS", "off")

from app.core.project import Project
from app.pdf.compose import PdfComposer

ONE_COLUMN = [
    "Parents with a university degree negotiated their plans.",
    "Household income decided who could top up support.",
    "Informal networks and support helped with forms.",
]


def make_pdf(path: Path, pages: list[list[str]], rotate: int = 0) -> Path:
    """A PDF whose pages hold the given lines, 72 points from the left, 20 points apart."""
    pdf = PdfComposer()
    for lines in pages:
        page = pdf.page(rotate=rotate)
        for number, line in enumerate(lines):
            page.text(72, 72 + 20 * number, line, size=11)
    return pdf.save(path)


def make_two_column_pdf(path: Path) -> Path:
    """Two columns of distinct sentences: left lines start "Left", right lines "Right"."""
    pdf = PdfComposer()
    page = pdf.page()
    for number in range(8):
        page.text(56, 80 + 16 * number, f"Left column line {number} about education", size=10)
    for number in range(8):
        page.text(310, 80 + 16 * number, f"Right column line {number} about income", size=10)
    return pdf.save(path)


def make_scan_pdf(path: Path) -> Path:
    pdf = PdfComposer()
    page = pdf.page()
    page.rect(72, 72, 400, 300)
    return pdf.save(path)


@pytest.fixture
def pdf_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    make_pdf(folder / "alpha.pdf", [ONE_COLUMN, ["Second page: advocacy by a parent."]])
    make_two_column_pdf(folder / "beta.pdf")
    make_scan_pdf(folder / "gamma-scan.pdf")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.create(tmp_path / "review.habitus", framework="capitals") as opened:
        yield opened


@pytest.fixture
def imported(project: Project, pdf_folder: Path) -> Project:
    report = project.import_pdfs([pdf_folder])
    assert not report.failures
    return project
