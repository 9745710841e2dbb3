"""A study whose pages cannot be drawn: flagged in the list, its find hits listed on the blank
page instead of boxed on nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.conftest import make_pdf
from tests.undrawable import refuse_renderer

pytestmark = pytest.mark.gui

LINES = [
    "Recovered text about peer support.",
    "A second line, also about support.",
]


def test_the_list_flags_it_and_find_lists_its_hits_without_boxes(
    window: MainWindow,
    context: AppContext,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refuse_renderer(monkeypatch)
    project = context.require()
    (study,) = project.import_pdfs([make_pdf(tmp_path / "damaged.pdf", [LINES])]).added
    window.resize(1300, 760)
    row = window.studies.study_ids().index(study.id)
    index = window.studies.model().index(row, 0)
    assert "pages cannot be drawn" in index.data()
    assert "cannot open the file" in index.data(Qt.ItemDataRole.ToolTipRole)

    qtbot.mouseClick(
        window.studies.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.studies.visualRect(index).center(),
    )
    view = window.view
    qtbot.waitUntil(lambda: view.painter.blank(0), timeout=10_000)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.field, "support")
    assert window.find_bar.count.text() == "1 of 2"

    listed = view.painter.listed(0)
    assert len(listed) == 2 and all("[support]" in line for line in listed)
    assert view.painter.overlay(0).hit_boxes == []
    # Nothing on screen is painted in a hit's colour: no box points at a blank page.
    image = view.viewport().grab().toImage()
    hit_like = [
        (x, y)
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if (colour := QColor(image.pixel(x, y))).red() > 230
        and 120 < colour.green() < 235
        and colour.blue() < 140
    ]
    assert hit_like == []


def test_the_import_summary_names_studies_whose_pages_cannot_be_drawn(
    context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.window.import_summary import summary_html

    project = context.require()
    assert "cannot be drawn" not in summary_html(
        project.import_pdfs([make_pdf(tmp_path / "fine.pdf", [LINES])])
    )
    refuse_renderer(monkeypatch)
    report = project.import_pdfs([make_pdf(tmp_path / "damaged.pdf", [LINES[:1]])])
    assert "their pages cannot be drawn: damaged." in summary_html(report)
