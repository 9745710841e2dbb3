"""The right-click menu of a passage on the page: add or remove a factor, memo, delete."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from app.core.types import Code, Passage
from app.ui.window.code_picker import swatch


def passage_menu(
    passage: Passage,
    codes: list[Code],
    apply: Callable[[int], None],
    remove: Callable[[int], None],
    edit_memo: Callable[[], None],
    delete: Callable[[], None],
    parent: QWidget | None = None,
) -> QMenu:
    menu = QMenu(parent)
    menu.setObjectName("passageMenu")
    add_menu = menu.addMenu("Add factor")
    remove_menu = menu.addMenu("Remove factor")
    by_id = {code.id: code for code in codes}
    for code in codes:
        if code.id not in passage.code_ids:
            action = add_menu.addAction(swatch(code.colour), code.name)
            action.triggered.connect(lambda _checked=False, c=code.id: apply(c))
    for code_id in passage.code_ids:
        held = by_id.get(code_id)
        if held is not None:
            action = remove_menu.addAction(swatch(held.colour), held.name)
            action.triggered.connect(lambda _checked=False, c=code_id: remove(c))
    add_menu.setEnabled(not add_menu.isEmpty())
    remove_menu.setEnabled(not remove_menu.isEmpty())
    menu.addSeparator()
    menu.addAction("Edit memo").triggered.connect(lambda _checked=False: edit_memo())
    menu.addAction("Delete passage").triggered.connect(lambda _checked=False: delete())
    return menu
