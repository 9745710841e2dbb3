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


def test_each_row_carries_study_page_quote_factor_themes_and_the_passage_memo(
    imported: Project, tmp_path: Path
) -> None:
    alpha = next(s for s in imported.studies.list() if s.name == "alpha")
    advocacy = imported.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
    education = imported.codebook.find("Education")
    assert advocacy is not None and education is not None
    text = imported.studies.text(alpha.id, 1)
    start = text.index("advocacy")
    coded = imported.passages.add_text(alpha.id, 1, start, 1, start + 8, (advocacy.id,))
    imported.passages.add_text(alpha.id, 0, 0, 0, 7, (education.id,))
    imported.memos.set("passage", coded.id, "A parent speaks up, unpaid.")
    out = tmp_path / "coded.xlsx"

    assert write_passages_xlsx(imported, out) == 2

    # The passage columns come first; the study's record follows.
    rows = [row[:8] for row in load_workbook(out).active.iter_rows(values_only=True)]
    assert rows[0] == (
        "Study",
        "Page",
        "PDF page",
        "Quote",
        "Text check",
        "Factor",
        "Theme(s)",
        "Passage memo",
    )
    assert rows[1] == ("alpha", 1, 1, "Parents", None, "Education", "Cultural capital", None)
    assert rows[2] == (
        "alpha",
        2,
        2,
        "advocacy",
        None,
        advocacy.name,
        "Social capital; Symbolic capital",
        "A parent speaks up, unpaid.",
    )
