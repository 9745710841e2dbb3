"""The passages a new PDF lost, to be placed by hand: pick one, select its words (or draw
its rectangle) on the page, and place it there. Each placing is one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.project import Change
from app.core.replace_pdf import unplaced_passages
from app.ui.context import AppContext

PASSAGE_ID = Qt.ItemDataRole.UserRole
EXCERPT = 160


class UnplacedDialog(QDialog):
    placeRequested = Signal(int)  # passage id: place it on the page's selection
    passageChosen = Signal(int)  # show where it used to be

    def __init__(self, context: AppContext, study_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unplacedDialog")
        self.setWindowTitle("Passages to place by hand")
        # Not modal: the page must stay usable to select the passage's words.
        self.setModal(False)
        self.resize(520, 360)
        self.context = context
        self.study_id = study_id
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("unplacedList")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.place = QPushButton("Place at the selection")
        self.place.setObjectName("placePassage")
        self.place.setToolTip(
            "Select the passage's words on the page (or draw its rectangle for a region), "
            "then place it there"
        )
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.place)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(self._chosen)
        self.place.clicked.connect(self._place)
        close.clicked.connect(self.close)
        context.changed.connect(self._on_change)
        self.refresh()

    def passage_ids(self) -> list[int]:
        return [self.list.item(row).data(PASSAGE_ID) for row in range(self.list.count())]

    def refresh(self) -> None:
        project = self.context.project
        current = self.current_id()
        self.list.blockSignals(True)
        try:
            self.list.clear()
            ids = [] if project is None else unplaced_passages(project, self.study_id)
            names = {} if project is None else {c.id: c.name for c in project.codebook.list()}
            for passage_id in ids:
                passage = project.passages.get(passage_id) if project else None
                if passage is None:
                    continue
                quote = " ".join(passage.quote.split()) or "[region]"
                if len(quote) > EXCERPT:
                    quote = quote[: EXCERPT - 1] + "…"
                factors = ", ".join(names.get(c, "?") for c in passage.code_ids)
                item = QListWidgetItem(
                    f"Was on page {passage.start_page + 1} of the earlier version — "
                    f"{factors or 'no factor'}\n{quote}"
                )
                item.setData(PASSAGE_ID, passage_id)
                self.list.addItem(item)
                if passage_id == current:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(False)
        count = self.list.count()
        if count:
            self.intro.setText(
                f"{count} passage{'s' if count != 1 else ''} could not be found in the new "
                "version. Pick one, select its words on the page, then Place at the selection. "
                "Its factors and memo are kept."
            )
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
        else:
            self.intro.setText("Every passage is placed.")
        self.place.setEnabled(count > 0)

    def select(self, passage_id: int) -> bool:
        """Make this passage the one to place (shown where it used to be); False if it is
        not waiting to be placed."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(PASSAGE_ID) == passage_id:
                if self.list.currentItem() is item:
                    self.passageChosen.emit(passage_id)  # shown again, as a pick would
                else:
                    self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                return True
        return False

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(PASSAGE_ID))

    def _chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.passageChosen.emit(int(item.data(PASSAGE_ID)))

    def _place(self) -> None:
        passage_id = self.current_id()
        if passage_id is not None:
            self.placeRequested.emit(passage_id)

    def _on_change(self, change: Change) -> None:
        if change.kinds & {"passages", "pages"} and change.study_id in (None, self.study_id):
            self.refresh()
