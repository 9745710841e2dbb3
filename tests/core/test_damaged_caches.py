"""A damaged byte in what the project keeps as a cache is recomputed, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.core.project import Project


def _damage(path: Path, sql: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(sql)
    connection.commit()
    connection.close()


def test_unreadable_word_boxes_are_computed_again(imported: Project) -> None:
    study = next(s for s in imported.studies.list() if s.name == "alpha")
    words = imported.studies.words(study.id, 0)
    assert words
    path = imported.path
    imported.close()
    # One flipped byte in the stored JSON: "[[" becomes "[{".
    _damage(path, f"UPDATE pages SET words = '[{{' || substr(words, 3) WHERE study_id = {study.id}")
    with Project.open(path) as reopened:
        assert reopened.studies.words(study.id, 0) == words
    with Project.open(path, read_only=True) as reader:
        assert reader.studies.words(study.id, 0) == words  # stored again, readable again


def test_info_and_export_read_past_damaged_bytes(
    imported: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study = next(s for s in imported.studies.list() if s.name == "alpha")
    code = imported.codebook.list()[0]
    imported.studies.words(study.id, 0)
    imported.passages.add_text(study.id, 0, 0, 0, 7, (code.id,))
    path = imported.path
    imported.close()
    _damage(path, "UPDATE pages SET words = CAST(X'5B5BFF2C' AS TEXT)")
    _damage(path, "UPDATE passages SET boxes = CAST(X'5B5B30FF' AS TEXT)")
    _damage(path, "UPDATE studies SET name = CAST(X'416CFF6861' AS TEXT)")

    assert main(["info", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "Al\ufffdha" in out and err == ""
    assert main(["export", str(path), str(tmp_path / "coded.xlsx")]) == 0
    out, _ = capsys.readouterr()
    assert "and 1 passages" in out
