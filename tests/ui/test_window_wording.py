"""The window speaks its own language: no command-line flags, and prompts that name the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from tests.conftest import make_pdf
from tests.core.test_import import encrypt
from tests.ui.test_main_window import drop

pytestmark = pytest.mark.gui


def test_a_protected_pdf_is_asked_for_by_name_and_no_flag_is_mentioned(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", [["Sealed study text"]])
    locked = encrypt(plain, tmp_path / "sealed.pdf", "secret")
    with qtbot.waitSignal(window.importer.finished, timeout=20_000):
        drop(window, [locked])
    summary = window.importer.summary
    assert summary is not None
    shown = summary.text() + (summary.detailedText() or "")
    assert "sealed.pdf" in shown and "password required" in shown
    assert "--" not in shown
    assert "Enter password" in summary.text()  # says where the password goes instead

    asked: list[str] = []

    def answer(_parent: object, _title: str, label: str, *_rest: object) -> tuple[str, bool]:
        asked.append(label)
        return "secret", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    button = next(b for b in summary.buttons() if "password" in b.text().lower())
    with qtbot.waitSignal(window.importer.finished, timeout=20_000) as again:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == ["Password for sealed.pdf:"]
    assert again.args[0].failures == []


def test_the_import_summary_closes_with_escape(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    locked = encrypt(make_pdf(tmp_path / "p.pdf", [["Text"]]), tmp_path / "locked.pdf", "x")
    with qtbot.waitSignal(window.importer.finished, timeout=20_000):
        drop(window, [locked])
    summary = window.importer.summary
    assert summary is not None and summary.isVisible()
    qtbot.keyClick(summary, Qt.Key.Key_Escape)
    assert not summary.isVisible()
