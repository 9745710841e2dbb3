"""The codebook's small dialogs: a factor's definition, a merge target, passages to split."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.types import Code, Passage

DEFINITION_HINT = "What counts: …\n\nWhat does not count: …\n\nExample: “…”"


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.layout_.addWidget(self.buttons)

    @property
    def ok_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)


class DefinitionDialog(_Dialog):
    """A factor's definition: what counts, what does not, and an example passage."""

    def __init__(self, code: Code, parent: QWidget | None = None):
        super().__init__(f"Definition of {code.name}", parent)
        label = QLabel(
            "Say what counts as this factor, what does not, and give an example, so that "
            "coding stays consistent across studies and coders."
        )
        label.setWordWrap(True)
        self.text = QPlainTextEdit(code.definition)
        self.text.setPlaceholderText(DEFINITION_HINT)
        self.text.setMinimumSize(420, 220)
        self.layout_.addWidget(label)
        self.layout_.addWidget(self.text)
        self.finish()

    def definition(self) -> str:
        return self.text.toPlainText().strip()


class MergeDialog(_Dialog):
    """Choose the factor that absorbs this one."""

    def __init__(self, source: Code, targets: list[tuple[Code, int]], parent: QWidget | None):
        super().__init__(f"Merge {source.name} into…", parent)
        label = QLabel(
            f"Its codings, sub-factors, themes and memo go to the factor you choose; "
            f"“{source.name}” itself is removed. A passage coded with both keeps one coding."
        )
        label.setWordWrap(True)
        self.targets = QListWidget()
        for code, depth in targets:
            item = QListWidgetItem("    " * depth + code.name)
            item.setData(Qt.ItemDataRole.UserRole, code.id)
            self.targets.addItem(item)
        self.targets.itemDoubleClicked.connect(lambda _item: self.accept())
        self.targets.currentRowChanged.connect(self._update)
        self.layout_.addWidget(label)
        self.layout_.addWidget(self.targets)
        self.finish()
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(self.targets.currentItem() is not None)

    def target_id(self) -> int | None:
        item = self.targets.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class SplitDialog(_Dialog):
    """Tick the passages that belong to a new factor, and name it."""

    def __init__(
        self, code: Code, passages: list[tuple[Passage, str]], parent: QWidget | None = None
    ):
        super().__init__(f"Split {code.name}", parent)
        label = QLabel(
            f"The ticked passages move from “{code.name}” to a new factor with the same themes."
        )
        label.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name of the new factor")
        self.passages = QListWidget()
        self.passages.setMinimumSize(480, 240)
        for passage, study in passages:
            quote = " ".join(passage.quote.split())
            if len(quote) > 140:
                quote = quote[:139] + "…"
            item = QListWidgetItem(f"{study}, p. {passage.start_page + 1}: {quote}")
            item.setData(Qt.ItemDataRole.UserRole, passage.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.passages.addItem(item)
        self.name.textChanged.connect(self._update)
        self.passages.itemChanged.connect(self._update)
        for widget in (label, self.name, self.passages):
            self.layout_.addWidget(widget)
        self.finish()
        self._update()

    def chosen(self) -> list[int]:
        items = (self.passages.item(row) for row in range(self.passages.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def new_name(self) -> str:
        return self.name.text().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.new_name() and self.chosen()))
