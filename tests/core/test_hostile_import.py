"""Hostile PDFs are read in a sandbox: named and skipped, never taking the importer down."""

from __future__ import annotations

import os
import resource
import select
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.project import Project
from app.pdf import sandbox
from app.pdf.sandbox import Limits
from tests.conftest import ONE_COLUMN, make_pdf
from tests.hostile import deflate_bomb, zero_filled

ROOT = Path(__file__).resolve().parents[2]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_deflate_bomb_is_named_and_the_other_files_still_import(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    deflate_bomb(folder / "bomb.pdf")
    make_pdf(folder / "good.pdf", [ONE_COLUMN])
    monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", Limits(memory_mb=200))
    before = _peak_rss_mb()

    report = project.import_pdfs([folder])

    assert [s.name for s in report.added] == ["good"]
    (failure,) = report.failures
    assert Path(failure.path).name == "bomb.pdf"
    assert "needs more memory than the 200 MB" in failure.reason
    # The bomb went off in a worker: this process never held its half a gigabyte.
    assert _peak_rss_mb() - before < 150


def test_a_zero_filled_pdf_that_keeps_the_reader_busy_is_skipped(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zero_filled(tmp_path / "zeros.pdf")
    make_pdf(tmp_path / "good.pdf", [ONE_COLUMN])
    monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", Limits(seconds=0.5))
    report = project.import_pdfs([tmp_path / "zeros.pdf", tmp_path / "good.pdf"])
    assert [s.name for s in report.added] == ["good"]
    (failure,) = report.failures
    assert failure.reason == "took longer than 0.5 s to read; skipped"


def test_cancel_kills_the_worker_busy_with_a_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zero_filled(tmp_path / "zeros.pdf")
    busy: list[int] = []
    submit = sandbox.Worker.submit

    def recording(worker: sandbox.Worker, *args: object) -> None:
        busy.append(worker.pid)
        submit(worker, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sandbox.Worker, "submit", recording)
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2  # once the worker has the file in hand

    report = project.import_pdfs([tmp_path / "zeros.pdf"], cancelled=cancelled)
    assert report.cancelled and report.added == []
    (pid,) = busy
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped, not left to finish the file


def test_a_file_name_that_is_not_utf8_is_imported_and_shown(
    project: Project, tmp_path: Path
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    latin1 = os.fsdecode(b"M\xfcller 2019.pdf")  # written by an old Windows zip tool
    make_pdf(folder / latin1, [ONE_COLUMN])
    make_pdf(folder / "zimmer 2020.pdf", [["Second study."]])
    (folder / os.fsdecode(b"notes \xe9t\xe9.pdf")).write_text("not a PDF")

    report = project.import_pdfs([folder])

    assert sorted(s.name for s in project.studies.list()) == ["Müller 2019", "zimmer 2020"]
    assert [Path(f.path).name for f in report.failures] == ["notes été.pdf"]
    assert report.failures[0].reason == "not a PDF file"


WORKER_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from app.pdf import batch, sandbox

if __name__ == "__main__":
    worker = sandbox.Worker()
    # Busy with a file that keeps it for minutes: it is not waiting for its next task.
    worker.submit(batch.open_file, ({zeros!r}, None, 32), sandbox.Limits(), 0)
    print(worker.pid, flush=True)
    sys.stdin.read()
"""


def test_workers_die_with_the_process_that_started_them(tmp_path: Path) -> None:
    script = tmp_path / "starter.py"
    zeros = zero_filled(tmp_path / "zeros.pdf", megabytes=32)
    script.write_text(WORKER_SCRIPT.format(root=str(ROOT), zeros=str(zeros)))
    starter = subprocess.Popen(
        [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    pid = int(starter.stdout.readline())
    handle = os.pidfd_open(pid)
    try:
        starter.kill()  # SIGKILL: no chance to clean up
        starter.wait()
        # The pid's descriptor becomes readable when that process has ended.
        readable, _, _ = select.select([handle], [], [], 30)
    finally:
        os.close(handle)
    assert readable, "the worker outlived the process that started it"


def test_a_file_saved_again_under_the_same_name_is_read_afresh(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    make_pdf(path, [["The first version of the findings."]])
    (first,) = project.import_pdfs([path]).added
    make_pdf(path, [["A corrected second version of the reported findings."]])
    (second,) = project.import_pdfs([path]).added

    assert "first version" in project.studies.text(first.id, 0)
    assert "corrected second version" in project.studies.text(second.id, 0)
