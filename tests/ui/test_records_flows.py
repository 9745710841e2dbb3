"""References, PDFs attached and replaced, passages placed by hand, PRISMA: in the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QMessageBox,
)
from pytestqt.qtbot import QtBot

from app.cli import main
from app.core.reference_import import CREATE
from app.ui.main_window import MainWindow
from app.ui.pageview.selection import TextSelection
from tests.conftest import make_pdf
from tests.ui.conftest import stored
from tests.ui.test_records import when_modal

pytestmark = pytest.mark.gui

RIS = """TY  - JOUR
AU  - Hall, Sarah
TI  - Parents with a university degree negotiated their plans
PY  - 2021
ER  -

TY  - JOUR
AU  - Carey, Gemma
TI  - Personalisation and inequality
PY  - 2019
ER  -
"""


def names(window: MainWindow) -> dict[str, int]:
    return {s.name: s.id for s in window.context.require().studies.list()}


def test_references_are_confirmed_in_a_dialog_then_imported_as_one_step(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    refs = tmp_path / "refs.ris"
    refs.write_text(RIS, encoding="utf-8")
    with qtbot.waitSignal(window.records.referencesProposed) as proposed:
        assert window.records.open_references(refs)
    dialog = proposed.args[0]
    assert dialog is not None
    qtbot.waitExposed(dialog)
    alpha = names(window)["alpha"]
    # Hall matches alpha by the title printed on its first page; Carey has no PDF.
    assert dialog.combos[0].currentData() == alpha
    assert dialog.combos[1].currentData() == CREATE
    combo: QComboBox = dialog.combos[0]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # "New study without full text" instead
    with qtbot.waitSignal(window.records.referencesImported):
        qtbot.mouseClick(
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
            Qt.MouseButton.LeftButton,
        )
    project = window.context.require()
    with stored(project.path) as reader:
        records = reader.records.list()
        assert sorted(r.citation for r in records if not r.has_pdf) == [
            "Carey (2019)",
            "Hall (2021)",
        ]
        assert reader.records.get(alpha).citation == ""
    window.context.undo_stack.undo()
    with stored(project.path) as reader:
        assert len(reader.records.list()) == 3


def test_a_malformed_reference_file_is_named_with_its_line(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    refs = tmp_path / "refs.bib"
    refs.write_text("@article{a,\n  title = {Open\n", encoding="utf-8")
    with qtbot.waitSignal(window.records.referencesProposed) as proposed:
        window.records.open_references(refs)
    assert proposed.args[0] is None
    assert "refs.bib, line" in window.messages[-1].text()
    assert "Nothing was imported" in window.messages[-1].text()


def test_a_pdf_attached_to_a_reference_shows_its_pages(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    made = window.records.create_study({"title": "Obtained later", "authors": "Lee, K."})
    assert made is not None
    assert window.context.study_id == made
    assert window.records.banner.isVisible()
    assert window.view.page_count() == 0
    make_pdf(tmp_path / "lee.pdf", [["Parents with a university degree."], ["Page two."]])
    with qtbot.waitSignal(window.records.attached, timeout=10000):
        window.records.attach_file(made, tmp_path / "lee.pdf")
    assert not window.records.banner.isVisible()
    assert window.view.page_count() == 2
    with stored(window.context.require().path) as reader:
        assert reader.studies.get(made).filename == "lee.pdf"
    window.context.undo_stack.undo()
    assert window.view.page_count() == 0 and window.records.banner.isVisible()


def test_a_replaced_pdf_lists_the_lost_passage_and_it_is_placed_by_hand(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    project = window.context.require()
    alpha = names(window)["alpha"]
    code = project.codebook.list()[0].id
    text = project.studies.text(alpha, 1)
    kept = project.passages.add_text(alpha, 0, 0, 0, 7, (code,))  # "Parents"
    lost = project.passages.add_text(alpha, 1, 0, 1, len(text), (code,))
    window.context.select_study(alpha)
    make_pdf(
        tmp_path / "alpha-v2.pdf",
        [["Parents with a university degree negotiated their plans."], ["A new last page."]],
    )
    with qtbot.waitSignal(window.records.attached, timeout=10000):
        window.records.attach_file(alpha, tmp_path / "alpha-v2.pdf")
    dialog = window.records.unplaced
    assert dialog is not None and dialog.isVisible()
    assert dialog.passage_ids() == [lost.id]
    with stored(project.path) as reader:
        assert reader.passages.get(kept.id).quote == "Parents"
        assert reader.passages.get(lost.id).boxes == ()

    new_text = project.studies.text(alpha, 1)
    window.view.set_selection(TextSelection(alpha, 1, 0, 1, len(new_text), new_text))
    qtbot.mouseClick(dialog.place, Qt.MouseButton.LeftButton)
    with stored(project.path) as reader:
        placed = reader.passages.get(lost.id)
    assert (placed.quote, placed.code_ids, placed.text_check) == (new_text, (code,), "")
    assert dialog.passage_ids() == []
    window.context.undo_stack.undo()  # the placing
    assert dialog.passage_ids() == [lost.id]
    window.context.undo_stack.undo()  # the replacement
    with stored(project.path) as reader:
        assert reader.passages.get(lost.id).quote == text
        assert reader.studies.get(alpha).filename == "alpha.pdf"


def test_the_prisma_diagram_is_shown_and_saved_as_png(window: MainWindow, tmp_path: Path) -> None:
    project = window.context.require()
    project.records.update(names(window)["alpha"], {"status": "included"})
    dialog = window.records.open_prisma()
    assert dialog is not None and dialog.counts is not None
    assert dialog.counts.included == 1
    assert not dialog.picture.pixmap().isNull()
    assert dialog.save(tmp_path / "flow.png")
    image = QImage(str(tmp_path / "flow.png"))
    assert image.width() > 800 and image.height() > 800


def test_habitus_prisma_writes_a_png(qapp: object, window: MainWindow, tmp_path: Path) -> None:
    path = window.context.require().path
    assert main(["prisma", str(path), str(tmp_path / "flow.png")]) == 0
    image = QImage(str(tmp_path / "flow.png"))
    assert not image.isNull() and image.width() > 800
    # Boxes, text and arrows drawn: not a blank page.
    row = image.height() // 3
    assert len({image.pixel(x, row) for x in range(image.width())}) > 3


def test_groups_reasons_and_attributes_are_edited_in_their_dialog(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = window.records.show_lists()
    assert dialog is not None

    def name_it(text: str) -> Callable[[QDialog], None]:
        def answer(box: QDialog) -> None:
            assert isinstance(box, QInputDialog)
            box.setTextValue(text)
            box.accept()

        return answer

    when_modal(name_it("(b) good outcomes"))
    dialog._add_group()
    dialog.tabs.setCurrentIndex(1)
    when_modal(name_it("Not about personal budgets"))
    dialog._add_reason()
    project = window.context.require()
    with stored(project.path) as reader:
        assert [g.name for g in reader.records.lists.groups()] == ["(b) good outcomes"]
        assert "Not about personal budgets" in [r.name for r in reader.records.lists.reasons()]
    assert dialog.groups.list.item(0).text() == "(b) good outcomes  (0 studies)"
    window.context.undo_stack.undo()
    window.context.undo_stack.undo()
    with stored(project.path) as reader:
        assert reader.records.lists.groups() == []


def test_an_attribute_is_retyped_in_the_lists_dialog_and_undo_gives_back_its_values(
    qtbot: QtBot, window: MainWindow
) -> None:
    project = window.context.require()
    attributes = project.records.attributes
    attributes.define("Mean age")
    first, second, *_ = project.studies.list()
    project.records.update(first.id, {"attribute:Mean age": "41.50"})
    project.records.update(second.id, {"attribute:Mean age": "about forty"})
    lists = window.records.show_lists()
    assert lists is not None
    lists.tabs.setCurrentWidget(lists.attributes)
    lists.attributes.list.setCurrentRow(0)
    warned: list[str] = []

    def dismiss(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        box.accept()

    def to_number(dialog: QDialog, then_warned: bool = False) -> None:
        kind = dialog.findChild(QComboBox)
        assert isinstance(kind, QComboBox) and kind.isEnabled()
        kind.setCurrentText("number")
        if then_warned:
            when_modal(dismiss)
        buttons = dialog.findChild(QDialogButtonBox)
        assert isinstance(buttons, QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    def kind() -> str:
        found = attributes.find("Mean age")
        assert found is not None
        return found.kind

    # "about forty" is not a number: refused, naming it, and nothing changes.
    when_modal(lambda dialog: to_number(dialog, then_warned=True))
    qtbot.mouseClick(lists.attributes.edit_button, Qt.MouseButton.LeftButton)
    assert "'about forty'" in warned[0]
    assert kind() == "text"

    project.records.update(second.id, {"attribute:Mean age": "38"})
    when_modal(to_number)
    qtbot.mouseClick(lists.attributes.edit_button, Qt.MouseButton.LeftButton)
    assert kind() == "number"
    assert project.records.get(first.id).attributes["Mean age"] == "41.5"
    window.context.undo_stack.undo()
    assert kind() == "text"
    assert project.records.get(first.id).attributes["Mean age"] == "41.50"
    window.context.undo_stack.redo()
    assert kind() == "number"


def test_exclusion_reasons_are_put_in_order_with_move_up_and_the_prisma_counts_follow(
    qtbot: QtBot, window: MainWindow
) -> None:
    from app.core.prisma import project_prisma

    project = window.context.require()
    lists_core = project.records.lists

    def order() -> list[str]:
        return [r.name for r in lists_core.reasons()]

    def prisma_reasons() -> list[str]:
        return [reason for reason, _ in project_prisma(project).excluded_reasons]

    before = order()
    earlier, later = before[-2], before[-1]
    first, second, *_ = project.studies.list()
    project.records.update(first.id, {"reason": earlier})
    project.records.update(second.id, {"reason": later})
    assert prisma_reasons().index(earlier) < prisma_reasons().index(later)
    lists = window.records.show_lists()
    assert lists is not None
    lists.tabs.setCurrentWidget(lists.reasons)
    lists.reasons.list.setCurrentRow(len(before) - 1)
    qtbot.mouseClick(lists.reasons.up_button, Qt.MouseButton.LeftButton)
    assert order() == [*before[:-2], later, earlier]
    item = lists.reasons.list.currentItem()
    assert item is not None and item.text().startswith(later)
    assert prisma_reasons().index(later) < prisma_reasons().index(earlier)
    window.context.undo_stack.undo()
    assert order() == before
