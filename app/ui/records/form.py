"""The form for one study's record. Each field is saved when it is left (Tab, Enter or a
click elsewhere), each choice when it is picked; every save is one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.record_fields import display
from app.core.record_types import (
    FIELD_LABELS,
    RECORD_FIELDS,
    STATUSES,
    AttributeDef,
    StudyRecord,
)

# One line each: the study's name in place of its authors (edited as a list below).
LINE_FIELDS = ("name", *(f for f in RECORD_FIELDS if f != "authors"))
NO_REASON = "— none —"
PLACEHOLDERS = {
    "authors": "One author a line: Family, Given",
    "year": "e.g. 2021",
    "sample_size": "number of participants",
    "sample": "e.g. 24 parents, interviews",
    "doi": "10.xxxx/…",
}


class AuthorsEdit(QPlainTextEdit):
    """Authors one a line; saved when the field is left, like a line edit."""

    editingFinished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class RecordForm(QWidget):
    editRequested = Signal(object, str)  # {field: value}, the undo step's name
    attachRequested = Signal()
    deleteRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("recordForm")
        self.record: StudyRecord | None = None
        self.heading = QLabel("No study selected")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet("color: #8a4b00")

        self.guess_bar = QFrame()
        self.guess_bar.setObjectName("guessBar")
        self.guess_bar.setStyleSheet("#guessBar { background: #fff4d6; border-radius: 4px; }")
        self.guess_label = QLabel()
        self.guess_label.setWordWrap(True)
        self.confirm = QPushButton("Confirm")
        self.confirm.setObjectName("confirmRecord")
        self.confirm.setToolTip("Keep the guessed fields as they are")
        guess_layout = QHBoxLayout(self.guess_bar)
        guess_layout.setContentsMargins(6, 4, 6, 4)
        guess_layout.addWidget(self.guess_label, 1)
        guess_layout.addWidget(self.confirm)

        self.lines: dict[str, QLineEdit] = {}
        record_box = QGroupBox("Record")
        record_form = QFormLayout(record_box)
        self.authors = AuthorsEdit()
        self.authors.setObjectName("field_authors")
        self.authors.setPlaceholderText(PLACEHOLDERS["authors"])
        self.authors.setTabChangesFocus(True)
        self.authors.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 10)
        self.authors.editingFinished.connect(self._authors_left)
        for key in LINE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field_{key}")
            edit.setPlaceholderText(PLACEHOLDERS.get(key, ""))
            edit.editingFinished.connect(lambda k=key: self._line_left(k))
            self.lines[key] = edit
            if key == "year":
                record_form.addRow(FIELD_LABELS["authors"], self.authors)
            record_form.addRow(FIELD_LABELS[key], edit)

        screening = QGroupBox("Screening")
        screening_form = QFormLayout(screening)
        self.status = QComboBox()
        self.status.setObjectName("field_status")
        self.status.addItems([s.capitalize() for s in STATUSES])
        self.status.activated.connect(self._status_picked)
        self.reason = QComboBox()
        self.reason.setObjectName("field_reason")
        self.reason.activated.connect(self._reason_picked)
        self.groups = QListWidget()
        self.groups.setObjectName("field_groups")
        self.groups.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.groups.itemChanged.connect(self._groups_changed)
        screening_form.addRow(FIELD_LABELS["status"], self.status)
        screening_form.addRow(FIELD_LABELS["reason"], self.reason)
        screening_form.addRow(FIELD_LABELS["groups"], self.groups)

        self.attributes_box = QGroupBox("Attributes")
        self.attributes_form = QFormLayout(self.attributes_box)
        self.attribute_edits: dict[str, QLineEdit | QComboBox] = {}
        self._defs: list[AttributeDef] = []

        self.attach = QPushButton("Attach PDF…")
        self.attach.setObjectName("attachPdf")
        self.delete = QPushButton("Delete study…")
        self.delete.setObjectName("deleteStudy")
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach)
        buttons.addStretch(1)
        buttons.addWidget(self.delete)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.flags)
        layout.addWidget(self.guess_bar)
        layout.addWidget(record_box)
        layout.addWidget(screening)
        layout.addWidget(self.attributes_box)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.confirm.clicked.connect(lambda: self._edit({"guessed": ()}, "Confirm record"))
        self.attach.clicked.connect(self.attachRequested)
        self.delete.clicked.connect(self.deleteRequested)
        self._loading = False
        self.show_record(None, [], [], [])

    # --- showing ---------------------------------------------------------------------------

    def show_record(
        self,
        record: StudyRecord | None,
        reasons: list[str],
        groups: list[str],
        defs: list[AttributeDef],
    ) -> None:
        same_study = record is not None and self.record is not None and record.id == self.record.id
        self.record = record
        self._loading = True
        try:
            self.setEnabled(record is not None)
            self.heading.setText(record.label if record else "No study selected")
            self.flags.setText(", ".join(record.flags()) if record else "")
            self.flags.setVisible(bool(record and record.flags()))
            guessed = sorted(record.guessed) if record else []
            self.guess_bar.setVisible(bool(guessed))
            if guessed:
                names = ", ".join(FIELD_LABELS[g].lower() for g in guessed if g in FIELD_LABELS)
                self.guess_label.setText(
                    f"Guessed from the PDF ({names}): check them, then confirm."
                )
            for key, edit in self.lines.items():
                # A field being typed in keeps what is typed; the rest follow the project.
                if same_study and edit.hasFocus() and edit.isModified():
                    continue
                value = getattr(record, key) if record else ""
                edit.setText(display(key, value))
                edit.setCursorPosition(0)  # a long title shows its beginning
                edit.setModified(False)
                self._mark_guess(edit, bool(record and key in record.guessed))
            if not (same_study and self.authors.hasFocus()):
                self.authors.setPlainText("\n".join(record.authors) if record else "")
            self._mark_guess(self.authors, bool(record and "authors" in record.guessed))
            status = record.status if record else STATUSES[0]
            self.status.setCurrentIndex(STATUSES.index(status))
            self.reason.clear()
            self.reason.addItems([NO_REASON, *reasons])
            self.reason.setCurrentIndex(
                max(self.reason.findText(record.reason), 0) if record else 0
            )
            self.reason.setEnabled(record is not None and record.status == "excluded")
            self.groups.clear()
            for name in groups:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = record is not None and name in record.groups
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.groups.addItem(item)
            self._show_attributes(record, defs)
            self.attach.setText("Replace PDF…" if record and record.has_pdf else "Attach PDF…")
        finally:
            self._loading = False

    def _show_attributes(self, record: StudyRecord | None, defs: list[AttributeDef]) -> None:
        if [(d.name, d.kind, d.choices) for d in defs] != [
            (d.name, d.kind, d.choices) for d in self._defs
        ]:
            while self.attributes_form.rowCount():
                self.attributes_form.removeRow(0)
            self.attribute_edits = {}
            for definition in defs:
                editor: QLineEdit | QComboBox
                if definition.kind == "choice":
                    editor = QComboBox()
                    editor.addItems(["", *definition.choices])
                    editor.activated.connect(lambda _i, n=definition.name: self._attribute_left(n))
                else:
                    editor = QLineEdit()
                    if definition.kind == "date":
                        editor.setPlaceholderText("YYYY-MM-DD")
                    elif definition.kind == "number":
                        editor.setPlaceholderText("a number")
                    editor.editingFinished.connect(
                        lambda n=definition.name: self._attribute_left(n)
                    )
                editor.setObjectName(f"attribute_{definition.name}")
                self.attribute_edits[definition.name] = editor
                self.attributes_form.addRow(definition.name, editor)
            self._defs = list(defs)
        self.attributes_box.setVisible(bool(defs))
        for name, editor in self.attribute_edits.items():
            value = record.attributes.get(name, "") if record else ""
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findText(value), 0))
            elif not (editor.hasFocus() and editor.isModified()):
                editor.setText(value)
                editor.setModified(False)

    @staticmethod
    def _mark_guess(widget: QWidget, guessed: bool) -> None:
        font = QFont(widget.font())
        font.setItalic(guessed)
        widget.setFont(font)
        widget.setToolTip("Guessed from the PDF" if guessed else "")

    # --- editing ---------------------------------------------------------------------------

    def _edit(self, changes: dict[str, Any], text: str) -> None:
        if self.record is not None and not self._loading:
            self.editRequested.emit(changes, text)

    def _line_left(self, key: str) -> None:
        record = self.record
        if record is None or self._loading:
            return
        text = self.lines[key].text()
        if text.strip() != display(key, getattr(record, key)).strip():
            self._edit({key: text}, f"Edit {FIELD_LABELS[key].lower()}")

    def _authors_left(self) -> None:
        record = self.record
        if record is None or self._loading:
            return
        authors = [line.strip() for line in self.authors.toPlainText().splitlines()]
        if tuple(a for a in authors if a) != record.authors:
            self._edit({"authors": authors}, "Edit authors")

    def _status_picked(self, index: int) -> None:
        if self.record is not None and STATUSES[index] != self.record.status:
            self._edit({"status": STATUSES[index]}, f"Mark {STATUSES[index]}")

    def _reason_picked(self, index: int) -> None:
        reason = "" if index <= 0 else self.reason.itemText(index)
        if self.record is not None and reason != self.record.reason:
            self._edit({"reason": reason}, "Set exclusion reason")

    def _groups_changed(self, _item: QListWidgetItem) -> None:
        if self._loading or self.record is None:
            return
        checked = [
            self.groups.item(row).text()
            for row in range(self.groups.count())
            if self.groups.item(row).checkState() == Qt.CheckState.Checked
        ]
        if tuple(checked) != self.record.groups:
            self._edit({"groups": checked}, "Change groups")

    def _attribute_left(self, name: str) -> None:
        record = self.record
        editor = self.attribute_edits.get(name)
        if record is None or editor is None or self._loading:
            return
        value = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        if value.strip() != record.attributes.get(name, ""):
            self._edit({f"attribute:{name}": value}, f"Edit {name}")
