"""File > Restore from backup: choosing one of the project's backups and putting it in place
of the project file, the file as it is now kept beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.core.errors import CoreError, ProjectFileError
from app.ui.context import AppContext
from app.ui.window.messages import Messages
from app.ui.window.projects import ProjectLifecycle
from app.ui.window.restore_dialog import RestoreDialog


class BackupRestorer(QObject):
    def __init__(
        self,
        window: QMainWindow,
        context: AppContext,
        projects: ProjectLifecycle,
        alerts: Messages,
    ):
        super().__init__(window)
        self._window = window
        self._context = context
        self._projects = projects
        self._alerts = alerts
        self.dialog: RestoreDialog | None = None

    def choose(self) -> RestoreDialog | None:
        from app.core.backups import backups

        project = self._context.project
        if project is None:
            return None
        path = project.path
        dialog = RestoreDialog(path, backups(path), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.restore(path, dialog.chosen()))
        dialog.open()
        self.dialog = dialog
        return dialog

    def restore(self, path: Path, backup: object) -> None:
        from app.core.backups import BackupInfo, restore

        if not isinstance(backup, BackupInfo):
            return
        when = backup.taken_at.strftime("%d %b %Y, %H:%M")
        answer = QMessageBox.question(
            self._window,
            "Restore from backup",
            f"Put the backup of {when} ({backup.passages} passages, {backup.factors} "
            f"factors) in place of {path.name}? The project as it is now is kept beside it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._projects.close()
        try:
            kept = restore(backup, path)
        except (ProjectFileError, CoreError, OSError) as error:
            self._alerts.error(f"The backup could not be restored: {error}")
            self._projects.open_project(path)
            return
        if self._projects.open_project(path):
            self._window.statusBar().showMessage(
                f"Restored the backup of {when}; the previous file is kept as {kept.name}",
                15000,
            )
