"""File ▸ Export and Import in the window: the workbook with options, a REFI-QDA project into
a new project, a study's PDF annotations (one undo step), the annotated PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.backups import backups
from app.ui.main_window import MainWindow
from app.ui.window.colour_table import ColourTableDialog
from app.ui.window.export_options import ExportOptionsDialog
from tests.ui.conftest import stored


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog of this kind once it is on screen."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_file_menu_offers_every_export_and_import(window: MainWindow) -> None:
    texts = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    for wanted in (
        "Import REFI-QDA project (.qdpx)…",
        "Import PDF annotations of this study…",
        "Export workbook…",
        "Export passages as CSV…",
        "Export REFI-QDA project…",
        "Export annotated PDF of this study…",
    ):
        assert wanted in texts


def test_exporting_the_workbook_with_ticks_from_the_menu(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.context.require()
    study = project.studies.list()[0].id
    education = project.codebook.find("Education")
    assert education is not None
    project.passages.add_text(study, 0, 0, 0, 7, (education.id,))
    out = tmp_path / "table.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportOptionsDialog)
        click(qtbot, dialog.ticks)
        click(qtbot, dialog.buttons.buttons()[0])

    when_shown(ExportOptionsDialog, choose)
    with qtbot.waitSignal(window.exchange.exported, timeout=20_000):
        window.acts.export.trigger()
    table = list(load_workbook(out)["Table 1"].iter_rows(values_only=True))
    column = table[1].index("Education")
    assert table[2][0] == "alpha" and table[2][column] == "✓"


def test_a_refi_qda_project_imports_into_a_new_project_that_the_window_opens(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.context.require()
    study = project.studies.list()[0].id
    project.passages.add_text(study, 0, 0, 0, 7, (project.codebook.list()[0].id,))
    exported = tmp_path / "shared.qdpx"
    with qtbot.waitSignal(window.exchange.exported, timeout=20_000):
        assert window.exchange.write_qdpx(exported)
    target = tmp_path / "from-colleague.habitus"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(exported), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def new_project(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        button = next(b for b in box.buttons() if b.text() == "New project…")
        click(qtbot, button)

    when_shown(QMessageBox, new_project)
    with qtbot.waitSignal(window.exchange.imported, timeout=30_000) as done:
        window.exchange.import_qdpx_action.trigger()
    assert done.args[0].passages == 1
    assert window.context.require().path == target
    with stored(target) as copy:
        assert [p.quote for p in copy.passages.list()] == ["Parents"]
        assert len(copy.studies.list()) == 3


def test_a_refused_project_file_is_explained_and_no_project_is_made(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.qdpx"
    fake.write_text("not a zip")
    target = tmp_path / "never.habitus"
    with qtbot.waitSignal(window.exchange.imported, timeout=20_000):
        assert window.exchange.import_qdpx(fake, target)
    assert not target.exists()
    message = window.exchange.message
    assert message is not None and "not a zip file" in message.text()


def _zotero_copy(window: MainWindow, tmp_path: Path) -> tuple[int, Path]:
    project = window.context.require()
    study = project.studies.list()[0].id
    text = project.studies.text(study, 0)
    start = text.index("university")
    words = [w for w in project.studies.words(study, 0) if start <= w.start < start + 17]
    quads: list[float] = []
    for w in words:
        quads += [w.x0, 842 - w.top, w.x1, 842 - w.top, w.x0, 842 - w.bottom, w.x1, 842 - w.bottom]
    data, _, _ = project.studies.pdf(study)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_annotation(
        page_number=0,
        annotation=DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Highlight"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (60, 700, 400, 780)]),
                NameObject("/QuadPoints"): ArrayObject([FloatObject(v) for v in quads]),
                NameObject("/C"): ArrayObject([FloatObject(v) for v in (1.0, 0.831, 0.0)]),
                NameObject("/Contents"): TextStringObject("Key finding"),
            }
        ),
    )
    path = tmp_path / "zotero copy.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return study, path


def test_importing_annotations_asks_for_colours_and_is_one_undo_step(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    study, copy = _zotero_copy(window, tmp_path)
    project = window.context.require()

    def map_yellow(dialog: QWidget) -> None:
        assert isinstance(dialog, ColourTableDialog)
        combo = dialog.combos["#ffd400"]
        combo.setCurrentIndex(combo.findText("Education"))
        click(qtbot, dialog.buttons.buttons()[0])

    when_shown(ColourTableDialog, map_yellow)
    with qtbot.waitSignal(window.exchange.imported, timeout=20_000) as done:
        assert window.exchange.import_annotations(study, copy)
    assert done.args[0].passages == 1
    with stored(project.path) as reader:
        (passage,) = reader.passages.list(study_id=study)
        assert passage.quote == "university degree"
        assert [reader.codebook.get(c).name for c in passage.code_ids] == ["Education"]
    summary = window.exchange.message
    assert summary is not None and "1 passages imported" in summary.text()
    click(qtbot, summary.button(QMessageBox.StandardButton.Ok))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with stored(project.path) as reader:
        assert reader.passages.list(study_id=study) == []
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    with stored(project.path) as reader:
        assert [p.quote for p in reader.passages.list(study_id=study)] == ["university degree"]


def test_exporting_the_annotated_pdf_of_the_study_on_screen(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.context.require()
    study = project.studies.list()[0].id
    window.context.select_study(study)
    project.passages.add_text(study, 0, 0, 0, 7, (project.codebook.list()[0].id,))
    out = tmp_path / "annotated.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(window.exchange.exported, timeout=20_000):
        window.exchange.export_pdf_action.trigger()
    annotations = PdfReader(out).pages[0]["/Annots"]
    (highlight,) = [a.get_object() for a in annotations]
    assert highlight["/Subtype"] == "/Highlight"
    assert highlight["/Contents"] == "Factor: Education"


def test_a_refi_qda_project_added_to_the_open_project_shows_in_the_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.exchange.qdpx_files import archive

    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="M" origin="MAXQDA 2022">
  <Sources><TextSource guid="77777777-2222-4333-8444-000000000000" name="Focus group 2">
    <PlainTextContent>We used it for respite. Nobody told us about appeals.</PlainTextContent>
    <PlainTextSelection guid="77777777-2222-4333-8444-000000000001" startPosition="24"
      endPosition="53"><Description>Information gap</Description></PlainTextSelection>
  </TextSource></Sources>
</Project>"""
    source = archive(tmp_path / "maxqda.qdpx", {"project.qde": qde})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))

    monkeypatch.setenv("HABITUS_BACKUPS", "on")
    monkeypatch.setenv("HABITUS_BACKUP_DIR", str(tmp_path / "backups"))
    asked = []

    def add_here(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        click(qtbot, next(b for b in box.buttons() if b.text() == "Add to this project"))

    project = window.context.require()
    before = len(project.passages.list())
    window.context.select_study(project.studies.list()[0].id)
    when_shown(QMessageBox, add_here)
    with qtbot.waitSignal(window.exchange.imported, timeout=20_000) as done:
        window.exchange.import_qdpx_action.trigger()
    assert done.args[0].studies_added == 1
    assert window.coder.enabled and window.codebook.isEnabled()
    # What she is told holds: the project as it was is among the backups to restore.
    assert "Restore from backup" in asked[0]
    (backup,) = backups(project.path)
    assert backup.passages == before and backup.studies == len(project.studies.list()) - 1
    # The change reaches the window once saved: the studies list shows the new study.
    qtbot.waitUntil(
        lambda: any(
            str(window.studies.model().index(row, 0).data()).startswith("Focus group 2")
            for row in range(window.studies.count())
        )
    )
    with stored(project.path) as reader:
        (passage,) = [p for p in reader.passages.list() if "appeals" in p.quote]
        assert reader.memos.get("passage", passage.id) == "Information gap"
