"""File > Restore from backup: choosing a backup puts it in place and keeps the current file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.store.backups import take_backup
from app.ui.commands.base import push
from app.ui.commands.codebook import AddCode
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.refusing import file_state


def test_restoring_a_backup_from_the_file_menu(
    window: MainWindow,
    context: AppContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HABITUS_BACKUP_DIR", str(tmp_path / "backups"))
    project = context.require()
    path = project.path
    take_backup(project.database)
    backed_up = file_state(path)
    push(context.undo_stack, AddCode(project, "Written after the backup"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    window.acts.restore.trigger()
    dialog = window.restore_dialog
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text() == str(len(backed_up["codes"]))
    dialog.grab().save(str(tmp_path / "restore.png"))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert file_state(path) == backed_up
    (kept,) = path.parent.glob("review.before-restore-*.habitus")
    names = {name for _guid, name, _parent in file_state(kept)["codes"].values()}
    assert "Written after the backup" in names
    assert context.project is not None and context.project.path == path
    assert "Restored the backup" in window.statusBar().currentMessage()


def test_with_no_backups_the_dialog_says_when_they_are_taken(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HABITUS_BACKUP_DIR", str(tmp_path / "none"))
    dialog = window.choose_backup()
    assert dialog is not None
    assert not dialog.restore_button.isEnabled()
    assert "every ten minutes" in dialog.intro.text()
