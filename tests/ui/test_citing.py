"""The Study menu's citing tools, driven as a researcher would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.window.page_numbering import PageNumberingDialog
from app.ui.window.passages_panel import PassagesPanel
from app.ui.window.quote_check import QuoteCheckDialog
from tests.journal import CROSSING, journal_article
from tests.ui.conftest import stored

CTRL = Qt.KeyboardModifier.ControlModifier


def _open_journal(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> int:
    project = window.context.require()
    study = project.import_pdfs([journal_article(tmp_path / "hall-2021.pdf")]).added[0]
    window.context.select_study(study.id)
    return study.id


def test_numbering_a_study_by_hand_is_saved_and_undone(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    study_id = _open_journal(window, qtbot, tmp_path)
    window.citing.numbering.trigger()
    dialog = window.citing.last_dialog
    assert isinstance(dialog, PageNumberingDialog)
    qtbot.waitExposed(dialog)
    assert dialog.detected.isChecked()
    assert dialog.table.item(2, 3).text() == "164"  # cited as printed
    qtbot.mouseClick(dialog.manual, Qt.MouseButton.LeftButton)
    dialog.first.selectAll()
    qtbot.keyClicks(dialog.first, "7")
    assert dialog.table.item(2, 3).text() == "9"  # the preview follows
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    path = window.context.require().path
    with stored(path) as reader:
        assert reader.page_numbers.cite(study_id, 1, 2) == "8-9"
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    with stored(path) as reader:
        assert reader.page_numbers.cite(study_id, 1, 2) == "163-164"


def test_the_passage_list_cites_the_printed_page(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    study_id = _open_journal(window, qtbot, tmp_path)
    project = window.context.require()
    first, second = project.studies.text(study_id, 1), project.studies.text(study_id, 2)
    start = first.index(CROSSING[0]) + CROSSING[0].index("The")
    end = second.index("links between") + len("links between")
    project.passages.add_text(study_id, 1, start, 2, end)
    panel = window.passages
    assert isinstance(panel, PassagesPanel)
    model = panel.passages_model
    tooltip = Qt.ItemDataRole.ToolTipRole
    assert model.index(0, 0).data() == "163-164"
    assert model.index(0, 0).data(tooltip) == "PDF pages 2-3"
    assert model.index(0, 1).data() == "The links between"


def test_checking_quotes_reports_and_records_a_mismatch(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    study_id = _open_journal(window, qtbot, tmp_path)
    project = window.context.require()
    text = project.studies.text(study_id, 3)
    start = text.index("Body line 2")
    passage = project.passages.add_text(study_id, 3, start, 3, start + len("Body line 2"))
    # As an older reading of the PDF had it: the stored page text and quote say "Bodv".
    from app.store.models import Page as PageRow
    from app.store.models import Passage as PassageRow

    with project.database.transaction() as session:
        row = session.query(PageRow).filter_by(study_id=study_id, page_index=3).one()
        row.text = row.text.replace("Body line 2", "Bodv line 2")
        session.get(PassageRow, passage.id).quote = "Bodv line 2"  # type: ignore[union-attr]
    with qtbot.waitSignal(window.citing.check.changed, timeout=30_000):
        window.citing.check.trigger()
    qtbot.waitUntil(lambda: isinstance(window.citing.last_dialog, QuoteCheckDialog), timeout=30_000)
    dialog = window.citing.last_dialog
    assert isinstance(dialog, QuoteCheckDialog)
    assert dialog.list.topLevelItemCount() == 1
    assert dialog.list.topLevelItem(0).text(0) == "165"
    with stored(project.path) as reader:
        assert "now reads" in reader.passages.get(passage.id).text_check
    assert window.passages.passages_model.index(0, 1).data().startswith("⚠")


def test_reading_a_study_again_updates_its_quotes_as_one_undo_step(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from app.pdf.text import extract_pages
    from app.store.models import Page as PageRow
    from app.store.models import Study as StudyRow
    from tests.pdfgen import Page, write_pdf

    project = window.context.require()
    path = tmp_path / "tex.pdf"
    write_pdf(path, [Page().styled("Definition 1 (<e>-differential privacy) holds.", 72, 100,
                                   font="F2")])  # fmt: skip
    study = project.import_pdfs([path]).added[0]
    old = extract_pages(path.read_bytes(), None, 0, 1, version=1)[0].text
    with project.database.transaction() as session:  # as an earlier version read it
        session.get(StudyRow, study.id).text_layer = 1  # type: ignore[union-attr]
        session.query(PageRow).filter_by(study_id=study.id).one().text = old
    project.studies.forget_pages()
    start = old.index("(-differential")
    passage = project.passages.add_text(study.id, 0, start, 0, start + 23)
    window.context.select_study(study.id)
    with qtbot.waitSignal(window.citing.reread_done, timeout=60_000):
        window.citing.reread.trigger()
    with stored(project.path) as reader:
        assert reader.passages.get(passage.id).quote == "(\u03f5-differential privacy)"
        assert reader.studies.text_layer(study.id) == 2
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    with stored(project.path) as reader:
        assert reader.passages.get(passage.id).quote == "(-differential privacy)"
