"""Every command says what happened in a sentence: no tracebacks, no temporary file names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app import cli
from app.cli import main
from app.core.project import Project


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_control_characters_in_memos_and_names_never_break_the_spreadsheet(
    imported: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study = imported.studies.list()[0]
    code = imported.codebook.list()[0]
    imported.codebook.update(code.id, name="Edu\x1bcation")
    passage = imported.passages.add_text(study.id, 0, 0, 0, 7, (code.id,))
    imported.memos.set("passage", passage.id, "Pasted from a terminal:\x00\x07 done")
    path = imported.path
    imported.close()

    out = tmp_path / "coded.xlsx"
    code_, _, err = run(capsys, "export", path, out)
    assert (code_, err) == (0, "")
    sheet = load_workbook(out)["Passages"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Factor"] == "Education"
    assert row["Passage memo"] == "Pasted from a terminal: done"


def test_a_codebook_export_to_a_missing_folder_is_explained(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.path
    project.close()
    code, _, err = run(capsys, "export", path, tmp_path / "nowhere" / "codebook.qdc")
    assert code == 1
    assert err.startswith("habitus: codebook.qdc could not be written")
    assert "Traceback" not in err


def test_a_full_disk_during_an_xlsx_export_names_the_file_not_a_temporary(
    imported: Project,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = imported.codebook.list()[0]
    imported.autocode("university degree", code.id)
    path = imported.path
    imported.close()

    real_fdopen = os.fdopen

    class FillingDisk:
        """A file that takes a few kilobytes, then finds the disk full."""

        def __init__(self, handle: object) -> None:
            self._handle = handle
            self._room = 4096

        def write(self, data: bytes) -> int:
            if len(data) > self._room:
                raise OSError(28, "No space left on device")
            self._room -= len(data)
            return self._handle.write(data)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self._handle, name)

        def __enter__(self) -> FillingDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()  # type: ignore[attr-defined]

    monkeypatch.setattr(
        "app.exchange.atomic.os.fdopen", lambda *a, **k: FillingDisk(real_fdopen(*a, **k))
    )
    out = tmp_path / "coded.xlsx"
    code_, _, err = run(capsys, "export", path, out)
    assert code_ == 1
    assert err == (
        "habitus: coded.xlsx could not be written: No space left on device. "
        "Nothing was changed there.\n"
    )
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("codebook.tsv", b"Factor\tDefinition\nTransport\tGetting there\n", "1 factors added"),
        ("codebook.xls", b"\xd0\xcf\x11\xe0old excel", "old Excel format"),
    ],
)
def test_spreadsheets_of_every_suffix_go_to_the_codebook_reader(
    project: Project,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    expected: str,
) -> None:
    path = project.path
    project.close()
    sheet = tmp_path / name
    sheet.write_bytes(content)
    _, out, err = run(capsys, "import", path, sheet)
    assert expected in out + err
    assert "not a PDF" not in out + err


def test_a_macro_workbook_is_read_as_a_codebook(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.path
    project.close()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Factor", "Themes"])
    sheet.append(["Transport", "Economic capital"])
    xlsm = tmp_path / "codebook.xlsm"
    workbook.save(xlsm)
    code, out, _ = run(capsys, "import", path, xlsm)
    assert code == 0 and "1 factors added" in out


def test_an_unforeseen_error_is_a_sentence_with_the_details_logged(
    project: Project,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    def broken(_args: object) -> int:
        raise RuntimeError("something inside went wrong")

    monkeypatch.setitem(cli.COMMANDS, "info", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    code, _, err = run(capsys, "info", project.path)
    assert code == 1
    log = tmp_path / "habitus-error.log"
    assert err.startswith(
        f"habitus: info failed: something inside went wrong; the details are in {log}."
    )
    assert "Traceback" not in err
    assert "RuntimeError: something inside went wrong" in log.read_text(encoding="utf-8")


def test_an_import_into_a_read_only_project_says_why(
    project: Project,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.store import database

    path = project.path
    project.close()
    monkeypatch.setattr(database, "_write_problem", lambda _p: "it is on read-only media")
    code, _, err = run(capsys, "autocode", path, "--phrase", "x", "--code", "Transport")
    assert code == 1
    assert err == "habitus: review.habitus is open read-only: it is on read-only media.\n"
