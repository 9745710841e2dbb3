"""The main window: importing by drop, opening projects, docks, find, what it remembers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.core.types import ImportReport
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from tests.conftest import make_pdf
from tests.ui.conftest import stored

CTRL = Qt.KeyboardModifier.ControlModifier


def drop(window: MainWindow, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    return event


def test_dropping_pdfs_imports_them_in_the_background_and_reports_the_failure(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    project = window.context.require()
    before = len(project.studies.list())
    folder = tmp_path / "dropped"
    folder.mkdir()
    make_pdf(folder / "delta.pdf", [["Being employed gave parents time for reviews."]])
    make_pdf(tmp_path / "epsilon.pdf", [["A paid advocate prepared the family."]])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a PDF at all\n")
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        event = drop(window, [folder, tmp_path / "epsilon.pdf", broken])
        assert event.isAccepted()
        # The drop returned while the import runs: the window is free, coding is paused.
        assert window.importer.busy
        assert not window.acts.number_keys[0].isEnabled()
    report = finished.args[0]
    assert isinstance(report, ImportReport)
    assert [Path(f.path).name for f in report.failures] == ["broken.pdf"]
    with stored(project.path) as reader:
        names = {s.filename for s in reader.studies.list()}
        assert len(names) == before + 2
    assert {"delta.pdf", "epsilon.pdf"} <= names
    assert window.importer.summary is not None
    assert "broken.pdf" in window.importer.summary.text()
    assert window.acts.number_keys[0].isEnabled()
    assert window.studies.count() == before + 2


def test_dropping_something_other_than_pdfs_is_refused(window: MainWindow, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a study")
    event = drop(window, [notes])
    assert not event.isAccepted()
    assert not window.importer.busy


def test_a_project_that_cannot_be_opened_is_explained_and_the_current_one_kept(
    window: MainWindow, tmp_path: Path
) -> None:
    current = window.context.project
    bogus = tmp_path / "thesis.habitus"
    bogus.write_text("these are my notes, not a project")
    assert not window.open_project(bogus)
    assert window.context.project is current
    assert "not a Habitus project" in window.messages[-1].text()
    assert current is not None and current.name in window.windowTitle()


def test_opening_a_project_shows_its_name_and_remembers_it(qtbot: QtBot, tmp_path: Path) -> None:
    with Project.create(tmp_path / "carey-review.habitus", framework="capitals") as created:
        path = created.path
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.centre.currentWidget() is win.start_page
    assert win.open_project(path)
    assert "carey-review" in win.windowTitle()
    assert win.centre.currentWidget() is not win.start_page
    assert Settings().recent_projects() == [path.resolve()]
    assert win.acts.recent_menu.actions()[0].text().startswith("carey-review")
    win.close()


def test_the_studies_list_flags_scans_and_selecting_one_shows_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    infos = project.studies.list()
    scan_row = next(i for i, s in enumerate(infos) if s.region_only)
    model = window.studies.model()
    tip = Qt.ItemDataRole.ToolTipRole
    assert "No text layer" in model.index(scan_row, 0).data(tip)
    assert "No text layer" not in model.index(1 - (scan_row == 1), 0).data(tip)
    rect = window.studies.visualRect(model.index(scan_row, 0))
    qtbot.mouseClick(window.studies.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.context.study_id == infos[scan_row].id
    assert window.view.study_id() == infos[scan_row].id


def test_the_passages_dock_lists_this_study_and_a_click_goes_there(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    alpha, beta = (s.id for s in project.studies.list()[:2])
    first = project.codebook.list()[0]
    mine = project.passages.add_text(alpha, 0, 0, 0, 7, (first.id,))
    project.passages.add_text(beta, 0, 0, 0, 4, (first.id,))
    window.context.select_study(alpha)
    assert window.passages.passage_ids() == [mine.id]
    model = window.passages.model()
    assert [model.index(0, c).data() for c in range(3)] == ["1", "Parents", first.name]
    rect = window.passages.visualRect(model.index(0, 1))
    qtbot.mouseClick(window.passages.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.memo.editor.target == ("passage", mine.id)
    assert window.view.selected_passage() == mine.id


def test_find_bar_opens_with_ctrl_f_counts_hits_and_escape_closes_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    project = window.context.require()
    window.context.select_study(project.studies.list()[0].id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.field, "income")
    assert window.find_bar.count.text() == "1 of 1"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert window.view.find_hits() == []


def test_dock_layout_is_remembered_between_windows(qtbot: QtBot, context: AppContext) -> None:
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.show()
    first.memo_dock.hide()
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert not second.memo_dock.isVisible()
    assert second.passages_dock.isVisible()


def test_export_writes_the_workbook_in_the_background(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    from openpyxl import load_workbook

    project = window.context.require()
    study = project.studies.list()[0].id
    project.passages.add_text(study, 0, 0, 0, 7, (project.codebook.list()[0].id,))
    out = tmp_path / "passages.xlsx"
    with qtbot.waitSignal(window.exchange.exported, timeout=20_000) as done:
        assert window.exchange.write_workbook(out)
    assert done.args[0].rows == 1
    sheet = load_workbook(out)["Passages"]
    assert "Parents" in [cell.value for cell in sheet["E"]]


def test_an_export_that_cannot_be_written_is_explained(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.exchange.exported, timeout=20_000) as done:
        assert window.exchange.write_workbook(tmp_path / "no-such-folder" / "out.xlsx")
    assert isinstance(done.args[0], OSError)
    message = window.exchange.message
    assert message is not None and "could not be written" in message.text()


def test_selecting_a_factor_lets_its_memo_be_written(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    project = context.require()
    education = project.codebook.find("Education")
    assert education is not None
    window.codebook.select_code(education.id)
    memo = window.memo
    assert "Education" in memo.code_heading.text()
    memo.setCurrentIndex(1)
    memo.code_editor.setFocus()
    qtbot.keyClicks(memo.code_editor, "Degrees only")
    qtbot.waitUntil(lambda: not memo.code_editor.pending())
    with stored(project.path) as reader:
        assert reader.memos.get("code", education.id) == "Degrees only"


def test_ctrl_g_goes_to_the_page_typed_in_the_page_field(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    alpha = next(s for s in context.require().studies.list() if s.name == "alpha")
    context.select_study(alpha.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL)
    field = window.page_indicator
    assert field.hasFocus() and field.selectedText() == field.text() == "p. 1 (PDF 1 of 2)"
    qtbot.keyClicks(field, "2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.view.current_page() == 1
    assert field.text() == "p. 2 (PDF 2 of 2)"


def test_a_new_project_can_start_from_a_saved_template(
    window: MainWindow, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from app.exchange.codebook_files import save_template
    from app.ui.window.projects import TEMPLATE_CHOICE

    project = context.require()
    framework = project.frameworks.list()[0]
    template = tmp_path / "capitals.qdc"
    save_template(project, framework.id, template)
    target = tmp_path / "next.habitus"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(template), ""))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (TEMPLATE_CHOICE, True))

    window.acts.new.trigger()

    opened = window.context.require()
    assert opened.path == target
    advocacy = opened.codebook.find("Advocacy (self, familial, not-for-profit, paid)")
    assert advocacy is not None
    assert len(opened.frameworks.themes_of(advocacy.id)) == 2


def test_a_protected_pdf_is_imported_once_its_password_is_given(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

    from tests.core.test_import import encrypt

    locked = encrypt(
        make_pdf(tmp_path / "plain.pdf", [["Sealed study text"]]), tmp_path / "sealed.pdf", "secret"
    )
    with qtbot.waitSignal(window.importer.finished, timeout=20_000):
        drop(window, [locked])
    summary = window.importer.summary
    assert summary is not None and "sealed.pdf" in (summary.detailedText() or "")
    button = next(b for b in summary.buttons() if "password" in b.text().lower())

    def give(*args: object) -> tuple[str, bool]:
        assert QLineEdit.EchoMode.Password in args
        return "secret", True

    monkeypatch.setattr(QInputDialog, "getText", give)
    with qtbot.waitSignal(window.importer.finished, timeout=20_000) as second:
        button.click()
    assert second.args[0].failures == []
    assert isinstance(window.importer.summary, QMessageBox)
    names = {s.filename for s in window.context.require().studies.list()}
    assert "sealed.pdf" in names
