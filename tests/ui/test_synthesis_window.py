"""The synthesis docks driven by mouse and keyboard: a Table 1 cell and a browser row land
on the right page of the right study; search all studies codes every hit as one undo step."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.core.project import Project
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.synthesis.review import Review, build_review
from tests.ui.conftest import stored

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def review_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Review]:
    folder = tmp_path_factory.mktemp("review-ui")
    review = build_review(folder / "review.habitus")
    review.project.close()
    return folder / "review.habitus", review


@pytest.fixture
def review(review_file: tuple[Path, Review], tmp_path: Path) -> Iterator[Review]:
    source, built = review_file
    shutil.copyfile(source, tmp_path / "review.habitus")
    with Project.open(tmp_path / "review.habitus") as project:
        yield Review(
            project, built.studies, built.codes, built.themes, built.passages, built.framework_id
        )


@pytest.fixture
def win(qtbot: QtBot, review: Review) -> Iterator[MainWindow]:
    context = AppContext()
    context.open(review.project)
    window = MainWindow(context, remember=False)
    qtbot.addWidget(window)
    window.resize(1400, 950)
    window.show()
    qtbot.waitExposed(window)
    yield window


def settle(qtbot: QtBot, panel: object) -> None:
    """Wait for a view's query, which runs off the GUI thread, to be shown."""
    query = panel.query  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not query.busy(), timeout=20_000)


def click(
    qtbot: QtBot, view: QAbstractItemView, row: int, column: int, double: bool = False
) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    centre: QPoint = view.visualRect(index).center()
    if double:
        qtbot.mouseClick(view.viewport(), LEFT, pos=centre)
        qtbot.mouseDClick(view.viewport(), LEFT, pos=centre)
    else:
        qtbot.mouseClick(view.viewport(), LEFT, pos=centre)


def test_a_table_1_cell_lists_its_passages_and_one_opens_at_its_page(
    win: MainWindow, review: Review, qtbot: QtBot
) -> None:
    synthesis = win.synthesis
    qtbot.keyClick(
        win, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert synthesis.table1_dock.isVisible()
    panel = synthesis.table1
    settle(qtbot, panel)
    index = panel.index_of(review.studies["hall"], review.codes["paid"])
    assert index.data() == "1"
    click(qtbot, panel.view, index.row(), index.column())
    assert panel.passages.passage_ids() == [review.passages["P5"]]
    assert "hall — Paid advocacy: 1 passage" in panel.cell_label.text()
    click(qtbot, panel.passages, 0, 2, double=True)
    assert win.context.study_id == review.studies["hall"]
    assert win.view.selected_passage() == review.passages["P5"]
    assert win.view.current_page() == 2
    assert synthesis.navigator.flash is not None


def test_the_advocacy_column_sits_under_two_themes_and_totals_list_every_study(
    win: MainWindow, review: Review, qtbot: QtBot
) -> None:
    win.synthesis.show(win.synthesis.table1_dock)
    panel = win.synthesis.table1
    settle(qtbot, panel)
    groups = [(name, size) for _, size, name, _ in panel.header.groups]
    assert groups == [
        ("Economic capital", 4),
        ("Cultural capital", 3),
        ("Social capital", 2),
        ("Symbolic capital", 1),
    ]
    total = panel.index_of(None, review.codes["advocacy"])
    click(qtbot, panel.view, total.row(), total.column())
    assert panel.passages.passage_ids() == [
        review.passages["P5"], review.passages["P6"], review.passages["P12"]
    ]  # fmt: skip
    panel.transpose.setChecked(True)
    assert panel.view.columnSpan(0, 0) == 1 and panel.view.rowSpan(0, 0) == 4
    panel.copy()
    mime = QGuiApplication.clipboard().mimeData()
    assert '<td rowspan="4">Economic capital</td>' in mime.html()
    assert mime.text().startswith("Theme\tFactor\thall\tnguyen\tokafor\tStudies")


def test_double_clicking_a_factor_opens_the_browser_and_a_row_opens_its_page(
    win: MainWindow, review: Review, qtbot: QtBot
) -> None:
    tree = win.codebook.view
    index = win.codebook.model.index_of(review.codes["where"])
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
    qtbot.mouseDClick(tree.viewport(), LEFT, pos=tree.visualRect(index).center())
    synthesis = win.synthesis
    assert synthesis.browser_dock.isVisible()
    settle(qtbot, synthesis.browser)
    rows = synthesis.browser.list
    assert rows.passage_ids() == [review.passages["P10"]]
    click(qtbot, rows, 0, 2, double=True)
    assert win.context.study_id == review.studies["nguyen"]
    assert win.view.current_page() == 1
    assert win.view.selected_passage() == review.passages["P10"]


def test_the_browser_filters_as_you_type_and_copies_a_table(
    win: MainWindow, review: Review, qtbot: QtBot
) -> None:
    synthesis = win.synthesis
    synthesis.show(synthesis.browser_dock)
    browser = synthesis.browser
    settle(qtbot, browser)
    assert len(browser.list.passage_ids()) == 13
    qtbot.keyClicks(browser.filters.text, "advocate")
    qtbot.keyClick(browser.filters.text, Qt.Key.Key_Return)
    settle(qtbot, browser)
    assert browser.list.passage_ids() == [review.passages[k] for k in ("P5", "P6", "P12")]
    assert browser.summary.text() == "3 passages in 2 studies"
    excluded = next(a for a in browser.filters.statuses.menu_.actions() if a.text() == "excluded")
    excluded.trigger()
    settle(qtbot, browser)
    assert browser.list.passage_ids() == [review.passages["P12"]]
    browser.list.setFocus()
    qtbot.keyClick(browser.list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().mimeData().text().splitlines()
    assert text[1].startswith("okafor\t1\tprocess with an advocate")
    qtbot.mouseClick(browser.filters.reset_button, LEFT)
    settle(qtbot, browser)
    assert browser.filters.text.text() == "" and not browser.filters.statuses.chosen()
    assert len(browser.list.passage_ids()) == 13


def test_search_all_jumps_to_a_hit_and_codes_every_hit_as_one_undo_step(
    win: MainWindow, review: Review, qtbot: QtBot
) -> None:
    synthesis = win.synthesis
    qtbot.keyClick(
        win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    panel = synthesis.search
    assert panel.isVisible()
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        qtbot.keyClicks(panel.field, "advoca* NOT paid OR trac*")
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.summary.text() == "2 hits in 2 studies"
    tree = panel.tree
    okafor = panel.model.index(1, 0)
    hit = panel.model.index(0, 1, okafor)
    tree.scrollTo(hit)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualRect(hit).center())
    qtbot.mouseDClick(tree.viewport(), LEFT, pos=tree.visualRect(hit).center())
    assert win.context.study_id == review.studies["okafor"]
    assert win.view.current_page() == 0

    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.field.setText("advocate")
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.mouseClick(panel.code_button, LEFT)
    dialog = synthesis.dialog
    assert dialog.isVisible()
    dialog.factor.setEditText("Advocates")
    assert dialog.list.count() == 3
    assert "3 new passages in 2 studies will be coded with Advocates (a new factor)" in (
        dialog.summary.text()
    )
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, LEFT)
    project = review.project
    with stored(project.path) as reader:
        code = reader.codebook.find("Advocates")
        assert code is not None
        made = sorted(p.id for p in reader.passages.list(code_id=code.id))
    assert len(made) == 3
    win.context.undo_stack.undo()
    with stored(project.path) as reader:
        assert reader.codebook.find("Advocates") is None
        assert len(reader.passages.list()) == 13
    win.context.undo_stack.redo()
    with stored(project.path) as reader:
        code = reader.codebook.find("Advocates")
        assert code is not None
        assert sorted(p.id for p in reader.passages.list(code_id=code.id)) == made


def test_co_occurrence_cell_lists_the_overlapping_passages(
    win: MainWindow, review: Review, qtbot: QtBot
) -> None:
    synthesis = win.synthesis
    synthesis.show(synthesis.cooccurrence_dock)
    panel = synthesis.cooccurrence
    settle(qtbot, panel)
    panel.measure.setCurrentIndex(0)  # overlapping passages
    codes = [c.id for c in panel.model.result.codes]
    row, column = codes.index(review.codes["informal"]), codes.index(review.codes["where"])
    assert panel.model.index(row, column).data() == "1"
    click(qtbot, panel.view, row, column)
    assert panel.passages.passage_ids() == [review.passages["P9"], review.passages["P10"]]


def test_charts_are_drawn_and_saved_as_png_and_svg(
    win: MainWindow, review: Review, tmp_path: Path, qtbot: QtBot
) -> None:
    synthesis = win.synthesis
    synthesis.show(synthesis.charts_dock)
    panel = synthesis.charts
    for kind in range(panel.kind.count()):
        panel.kind.setCurrentIndex(kind)
        settle(qtbot, panel)
        assert panel.canvas.chart is not None
        panel.save(tmp_path / f"chart{kind}.png")
        panel.save(tmp_path / f"chart{kind}.svg")
        image = QImage(str(tmp_path / f"chart{kind}.png"))
        assert image.width() > 400 and image.height() > 100
        svg = (tmp_path / f"chart{kind}.svg").read_text()
        assert "<svg" in svg and panel.canvas.chart.title in svg
    factors = panel.canvas.chart
    panel.kind.setCurrentIndex(0)
    settle(qtbot, panel)
    bars = {bar.label: bar.values for bar in panel.canvas.chart.bars}  # type: ignore[union-attr]
    assert bars["Informal networks and support"] == (2, 3)
    assert factors is not None


def test_a_query_that_cannot_be_read_is_explained_in_the_panel(
    win: MainWindow, qtbot: QtBot
) -> None:
    synthesis = win.synthesis
    synthesis.show(synthesis.search_dock)
    panel = synthesis.search
    with qtbot.waitSignal(panel.finished, timeout=20_000):
        panel.field.setText('"informal networks')
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert "never closed" in panel.summary.text()
    assert not panel.code_button.isEnabled()
