"""The Memo dock: the selected passage's memo (else the study's), the factor's, the project's."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.core.errors import NotFound
from app.core.project import Change
from app.ui.context import AppContext
from app.ui.window.memo_editor import MemoEditor


def _page(label: QLabel, editor: MemoEditor) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(label)
    layout.addWidget(editor)
    return page


class MemoPanel(QTabWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._passage_id: int | None = None
        self.setObjectName("memoTabs")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.editor = MemoEditor(context)
        self.editor.setPlaceholderText("Notes on this passage or study, saved as you type.")
        self.code_heading = QLabel("Select a factor in the codebook to write its memo.")
        self.code_heading.setWordWrap(True)
        self.code_editor = MemoEditor(context)
        self.code_editor.setPlaceholderText("Notes on this factor, saved as you type.")
        self.project_editor = MemoEditor(context)
        self.project_editor.setPlaceholderText("Notes on the whole review, saved as you type.")
        self.addTab(_page(self.heading, self.editor), "Study")
        self.addTab(_page(self.code_heading, self.code_editor), "Factor")
        self.addTab(_page(QLabel("Memo of the project"), self.project_editor), "Project")
        context.aboutToClose.connect(self.save)
        context.projectOpened.connect(self._on_opened)
        context.projectClosed.connect(self._on_closed)
        context.studySelected.connect(self._on_study)
        context.codeSelected.connect(self.show_code)
        context.changed.connect(self._on_change)
        if context.project is not None:
            self._on_opened()

    def show_passage(self, passage_id: int | None) -> None:
        self._passage_id = passage_id
        self._retarget()

    def edit_passage(self, passage_id: int) -> None:
        self.show_passage(passage_id)
        self.setCurrentIndex(0)
        self.editor.setFocus()

    def show_code(self, code_id: object) -> None:
        project = self._context.project
        if project is None or not isinstance(code_id, int):
            self.code_editor.set_target(None)
            self.code_heading.setText("Select a factor in the codebook to write its memo.")
            return
        try:
            name = project.codebook.get(code_id).name
        except NotFound:
            self.code_editor.set_target(None)
            return
        self.code_heading.setText(f"Memo of the factor {name}")
        self.code_editor.set_target("code", code_id)

    def save(self) -> None:
        self.editor.save()
        self.code_editor.save()
        self.project_editor.save()

    def _retarget(self) -> None:
        project, study_id = self._context.project, self._context.study_id
        if project is None:
            self.editor.set_target(None)
            return
        if self._passage_id is not None:
            try:
                passage = project.passages.get(self._passage_id)
            except NotFound:
                self._passage_id = None
            else:
                if passage.placed:
                    page = project.page_numbers.cite(
                        passage.study_id, passage.start_page, passage.end_page
                    )
                    self.heading.setText(f"Memo of the passage on p. {page}")
                else:
                    self.heading.setText("Memo of the passage to place by hand")
                self.setTabText(0, "Passage")
                self.editor.set_target("passage", passage.id, passage.study_id)
                return
        if study_id is None:
            self.heading.setText("Select a study to write its memo.")
            self.setTabText(0, "Study")
            self.editor.set_target(None)
            return
        self.heading.setText(f"Memo of the study {project.studies.get(study_id).name}")
        self.setTabText(0, "Study")
        self.editor.set_target("study", study_id, study_id)

    def _on_opened(self) -> None:
        self.project_editor.set_target("project", None)
        self._retarget()

    def _on_closed(self) -> None:
        self._passage_id = None
        self.editor.set_target(None)
        self.code_editor.set_target(None)
        self.project_editor.set_target(None)

    def _on_study(self, _study_id: object) -> None:
        self._passage_id = None
        self._retarget()

    def _on_change(self, change: Change) -> None:
        # A passage taken away (undo, delete) leaves its memo: fall back to the study's.
        shown = self._passage_id
        if shown is None or "passages" not in change.kinds:
            return
        gone = shown in change.passages and shown not in self._context.changed_passages(change)
        if gone or change.whole("passages"):
            self._retarget()
