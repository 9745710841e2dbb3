"""The coded-passages sheet: what a failed save leaves, and who can read the file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.project import Project
from app.exchange.xlsx_passages import write_passages_xlsx


def test_the_sheet_is_readable_by_others_like_any_saved_file(
    imported: Project, tmp_path: Path
) -> None:
    out = tmp_path / "coded.xlsx"
    write_passages_xlsx(imported, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert load_workbook(out).active.title == "Coded passages"


def test_a_failed_save_leaves_the_previous_export_whole(
    imported: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "coded.xlsx"
    code = imported.codebook.find("Education")
    assert code is not None
    imported.autocode("university degree", code.id)
    assert write_passages_xlsx(imported, out) == 1
    before = out.read_bytes()

    from openpyxl import Workbook

    def fail(self: Workbook, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", fail)
    with pytest.raises(OSError):
        write_passages_xlsx(imported, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
