"""Shared fixtures: generated PDFs and small projects, nothing read from outside the repo.

Making a project runs every migration; the suite does that once per session for each kind
of project the tests start from (the capitals framework, or that with three studies
imported) and gives each test its own copy of the file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # Two screens a researcher has: a 1366x768 laptop (the primary) and a 1920x1080 monitor.
    SCREENS = Path(__file__).with_name("data") / "screens.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS}"
# The suite checks what the project file holds, not what survives a power cut: commits skip
# fsync here, which on a busy disk halves the suite's time. bench/soak.py kills and reopens
# with full syncs, as the app runs.
os.environ.setdefault("HABITUS_SQLITE_SYNCHRONOUS", "OFF")
# Nothing is written to the user's data folder; the backup tests turn backups on themselves.
os.environ.setdefault("HABITUS_BACKUPS", "off")
# Typeset text sources use only the fonts a test names, whatever this computer has.
os.environ.setdefault("HABITUS_SYSTEM_FONTS", "off")

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


def write_pdf_folder(folder: Path) -> Path:
    """Three studies: alpha (two pages, one column), beta (two columns), gamma (a scan)."""
    folder.mkdir(parents=True, exist_ok=True)
    make_pdf(folder / "alpha.pdf", [ONE_COLUMN, ["Second page: advocacy by a parent."]])
    make_two_column_pdf(folder / "beta.pdf")
    make_scan_pdf(folder / "gamma-scan.pdf")
    return folder


@pytest.fixture
def pdf_folder(tmp_path: Path) -> Path:
    return write_pdf_folder(tmp_path / "pdfs")


@pytest.fixture(scope="session")
def capitals_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated project with the capitals framework, made once for the session."""
    path = tmp_path_factory.mktemp("capitals") / "review.habitus"
    Project.create(path, framework="capitals").close()
    return path


@pytest.fixture(scope="session")
def imported_template(tmp_path_factory: pytest.TempPathFactory, capitals_template: Path) -> Path:
    """The capitals project with the three studies of `pdf_folder` imported, made once."""
    path = tmp_path_factory.mktemp("imported") / "review.habitus"
    shutil.copyfile(capitals_template, path)
    with Project.open(path) as project:
        report = project.import_pdfs([write_pdf_folder(path.parent / "pdfs")])
        assert not report.failures and len(report.added) == 3
    return path


def copy_project(template: Path, path: Path) -> Project:
    """A project of its own for one test: the template's file, copied, opened."""
    shutil.copyfile(template, path)
    return Project.open(path)


@pytest.fixture
def project(
    request: pytest.FixtureRequest, tmp_path: Path, capitals_template: Path
) -> Iterator[Project]:
    """The test's project: capitals framework; with the studies in too if it asks for
    `imported` (which is then this same project)."""
    template = capitals_template
    if "imported" in request.fixturenames:
        template = request.getfixturevalue("imported_template")
    with copy_project(template, tmp_path / "review.habitus") as opened:
        yield opened


@pytest.fixture
def imported(project: Project) -> Project:
    """The project with alpha, beta and gamma-scan (the PDFs of `pdf_folder`) imported."""
    return project
