"""A new factor made in the codebook gets a colour that stands apart from the others."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.palette import differences
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.core.test_palette import OLD_SEQUENCE

pytestmark = pytest.mark.gui


def test_a_new_factor_is_coloured_apart_from_every_factor_for_every_reader(
    window: MainWindow, context: AppContext, qtbot: QtBot
) -> None:
    project = context.require()
    # A codebook whose colours are the ones a sage-coloured factor used to be crowded by.
    for code, colour in zip(project.codebook.list(), OLD_SEQUENCE, strict=False):
        project.codebook.update(code.id, colour=colour)
    project.codebook.add("Trust in services", colour=OLD_SEQUENCE[8])
    project.codebook.add("Time to spare", colour=OLD_SEQUENCE[9])
    before = {code.id for code in project.codebook.list()}

    window.codebook.view.setFocus()
    qtbot.keyClick(
        window.codebook.view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    (made,) = [code for code in project.codebook.list() if code.id not in before]
    assert made.colour != "#84a59d"
    for code in project.codebook.list():
        if code.id != made.id:
            seen = differences(made.colour, code.colour)
            assert min(seen.values()) >= 10, (code.colour, seen)
