"""Keeping each study's reading position in the project: where she left it is where it opens.

The position follows every scroll in memory and is written once scrolling pauses, when
another study is picked, and before the project closes; picking a study shows it where it
was left.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app.core.errors import CoreError
from app.ui.context import AppContext
from app.ui.pageview import PageView

SAVE_DELAY_MS = 1000


class ReadingTracker(QObject):
    def __init__(self, context: AppContext, view: PageView, parent: QObject | None = None):
        super().__init__(parent)
        self._context = context
        self._view = view
        self._position: tuple[int, int, float] | None = None  # study, page, points down
        self._saved: tuple[int, int, float] | None = None
        self._restoring = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        view.navigator.moved.connect(self._on_moved)
        # Connected after the page view's own: the study is laid out when this runs.
        context.studySelected.connect(self._on_study)
        context.aboutToClose.connect(self.save)
        context.projectClosed.connect(self._forget)

    def pending(self) -> bool:
        return self._timer.isActive()

    def save(self) -> None:
        """Write the position of the study last read, if it moved since it was saved."""
        self._timer.stop()
        project, position = self._context.project, self._position
        if project is None or position is None or position == self._saved:
            return
        try:
            project.reading.set(*position)
        except CoreError:
            return  # a reading position is not worth an error message
        self._saved = position

    def _on_moved(self) -> None:
        study_id = self._view.study_id()
        found = self._view.reading_position()
        if study_id is None or found is None or self._restoring:
            return
        if self._position is not None and self._position[0] != study_id:
            self.save()  # the study left behind keeps where it was
        self._position = (study_id, found[0], round(found[1], 1))
        self._timer.start()

    def _on_study(self, study_id: object) -> None:
        project = self._context.project
        if project is None or not isinstance(study_id, int):
            return
        kept = project.reading.get(study_id)
        if kept is None:
            return
        self._restoring = True
        try:
            self._view.show_position(kept.page, kept.top)
        finally:
            self._restoring = False
        self._position = self._saved = (study_id, kept.page, kept.top)

    def _forget(self) -> None:
        self._timer.stop()
        self._position = self._saved = None
