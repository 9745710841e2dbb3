"""The first launch fits a 1366x768 laptop and a 1920x1080 monitor: factor names and quotes
readable, the page as wide as the space between the docks; what she changes is kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from app.ui.context import AppContext
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

LEFT = Qt.MouseButton.LeftButton


def first_window(qtbot: QtBot, context: AppContext, screen: int = 0) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    # Where a window manager first puts a new window: on the screen it opens on.
    on = QApplication.screens()[screen].availableGeometry()
    window.setGeometry(QRect(on.topLeft() + QPoint(40, 40), QSize(800, 600)))
    window.show()
    qtbot.waitExposed(window)
    project = context.require()
    alpha = project.studies.list()[0].id
    for code in project.codebook.list()[:4]:
        project.passages.add_text(alpha, 0, 0, 0, 50, (code.id,))
    with qtbot.waitSignal(window.view.firstPageDrawn, timeout=10_000):
        context.select_study(alpha)
    return window


def assert_readable(window: MainWindow) -> None:
    tree = window.codebook.view
    metrics = tree.fontMetrics()
    model = tree.model()
    names = 0
    for code_id in window.codebook.model.code_ids():
        index = window.codebook.model.index_of(code_id)
        name = index.data()
        rect = tree.visualRect(index)
        fits = metrics.horizontalAdvance(name) <= rect.width() - 30
        wrapped = rect.height() >= 2 * metrics.lineSpacing()
        assert fits or wrapped, f"{name!r} is cut to {rect.width()} px on one line"
        names += 1
    nested = sum(model.rowCount(model.index(row, 0)) for row in range(model.rowCount()))
    assert names == model.rowCount() + nested
    quotes = window.passages.columnWidth(1)
    assert quotes >= 30 * window.passages.fontMetrics().averageCharWidth(), quotes
    # Every codebook button is on show: none pushed behind the toolbar's "»".
    toolbar = window.codebook.toolbar
    overflow = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert overflow is None or not overflow.isVisible()
    for button in toolbar.findChildren(QToolButton):
        if button.objectName() != "qt_toolbar_ext_button" and button.defaultAction() is not None:
            assert button.isVisible(), button.text()
    assert window.codebook.more_button.isVisible()
    view = window.view
    assert view.fit_mode() == "width"
    assert view.page_layout().width >= view.viewport().width() - 40


def test_first_launch_on_a_laptop_takes_the_screen_and_keeps_everything_readable(
    qtbot: QtBot, context: AppContext
) -> None:
    window = first_window(qtbot, context, screen=0)
    screen = QApplication.screens()[0].availableGeometry()
    assert window.isMaximized()  # a laptop's screen is all there is to give
    assert window.width() >= screen.width() - 20 and window.height() >= screen.height() - 40
    assert_readable(window)
    assert window.studies_dock.width() >= 240 and window.passages_dock.width() >= 340


def test_first_launch_on_a_large_monitor_sits_on_it_with_wider_docks(
    qtbot: QtBot, context: AppContext
) -> None:
    window = first_window(qtbot, context, screen=1)
    screen = QApplication.screens()[1].availableGeometry()
    assert screen.contains(window.geometry())
    assert window.width() >= 1600 and window.height() >= 900
    assert_readable(window)
    assert window.studies_dock.width() >= 320 and window.passages_dock.width() >= 460


def test_docks_and_splitters_moved_by_hand_are_kept_for_the_next_window(
    qtbot: QtBot, context: AppContext
) -> None:
    window = first_window(qtbot, context)
    dock = window.studies_dock
    before = dock.width()
    # The dock separator as dragged (the offscreen platform delivers no separator drags).
    window.resizeDocks([dock], [before + 80], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() > before + 60)
    widened = dock.width()

    editor = window.frameworks
    window.show_frameworks()
    qtbot.waitExposed(editor)
    handle = editor.splitter.handle(1)
    sizes = editor.splitter.sizes()
    middle = handle.rect().center()
    qtbot.mousePress(handle, LEFT, pos=middle)
    qtbot.mouseMove(handle, middle + QPoint(60, 0))
    qtbot.mouseRelease(handle, LEFT, pos=middle + QPoint(60, 0))
    moved = editor.splitter.sizes()
    assert moved[0] == pytest.approx(sizes[0] + 60, abs=6)
    editor.close()
    window.close()

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.studies_dock.width() == pytest.approx(widened, abs=2)
    again.show_frameworks()
    assert again.frameworks.splitter.sizes()[0] == pytest.approx(moved[0], abs=2)
    again.frameworks.close()
