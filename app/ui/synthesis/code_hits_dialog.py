"""Code all hits: which factor, and a preview of every passage it will make."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.fulltext import SearchHit
from app.core.fulltext.coding import coded_extents, hit_extent, hit_span
from app.core.passages import TextSpan
from app.core.project import Project

HIT_INDEX = Qt.ItemDataRole.UserRole


class CodeHitsDialog(QDialog):
    """Chosen: a factor (an existing one's id, or the name of a new one) and the hits."""

    def __init__(
        self,
        project: Project,
        hits: Sequence[SearchHit],
        labels: dict[int, str],
        pages: Sequence[str],
        code_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Code all hits")
        self.setObjectName("codeHitsDialog")
        self.resize(760, 520)
        self.project = project
        self.hits = list(hits)
        self.codes = project.codebook.list()
        self.factor = QComboBox()
        self.factor.setObjectName("codeHitsFactor")
        self.factor.setEditable(True)
        self.factor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in self.codes:
            self.factor.addItem(code.name, code.id)
        editor = self.factor.lineEdit()
        if editor is not None:
            editor.setPlaceholderText("A factor, or a new factor's name")
        if code_id is not None:
            self.factor.setCurrentIndex(self.factor.findData(code_id))
        else:
            self.factor.setCurrentIndex(-1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("codeHitsPreview")
        for number, (found, page) in enumerate(zip(self.hits, pages, strict=True)):
            item = QListWidgetItem(
                f"{labels.get(found.study_id, '?')}, p. {page}:  {found.context}"
            )
            item.setData(HIT_INDEX, number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Code every hit ticked below with the factor:"))
        layout.addWidget(self.factor)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.factor.currentTextChanged.connect(self._update)
        self.list.itemChanged.connect(self._update)
        self._already: set[int] = set()
        self._update()

    def chosen_code(self) -> int | str | None:
        """The factor's id, or the name of a factor to create, or None."""
        name = self.factor.currentText().strip()
        if not name:
            return None
        match = next((c.id for c in self.codes if c.name.casefold() == name.casefold()), None)
        return match if match is not None else name

    def spans(self) -> list[TextSpan]:
        """The ticked hits that are not passages with this factor already."""
        out: list[TextSpan] = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            number = item.data(HIT_INDEX)
            if item.checkState() == Qt.CheckState.Checked and number not in self._already:
                out.append(hit_span(self.hits[number].hit))
        return out

    def _update(self, *_args: object) -> None:
        code = self.chosen_code()
        self._already = set()
        if isinstance(code, int):
            coded = coded_extents(self.project.passages, code)
            self._already = {n for n, h in enumerate(self.hits) if hit_extent(h.hit) in coded}
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            done = item.data(HIT_INDEX) in self._already
            flags = item.flags()
            item.setFlags(
                flags & ~Qt.ItemFlag.ItemIsEnabled if done else flags | Qt.ItemFlag.ItemIsEnabled
            )
        self.list.blockSignals(False)
        spans = self.spans()
        studies = len({span.study_id for span in spans})
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(code is not None and bool(spans))
        ok.setText(f"Code {len(spans)} hit{'s' if len(spans) != 1 else ''}")
        if code is None:
            self.summary.setText("Choose a factor, or type the name of a new one.")
            return
        name = code if isinstance(code, str) else self.factor.currentText()
        text = (
            f"{len(spans)} new passage{'s' if len(spans) != 1 else ''} in {studies} "
            f"stud{'ies' if studies != 1 else 'y'} will be coded with {name}"
            + (" (a new factor)" if isinstance(code, str) else "")
            + "."
        )
        if self._already:
            text += f" {len(self._already)} hit(s) are passages with this factor already (greyed)."
        text += " One undo (Ctrl+Z) takes them all back."
        self.summary.setText(text)
