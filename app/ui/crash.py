"""Unexpected errors: logged to a rotating file, and shown to the user with the details.

A researcher who hits a bug should see what happened and where the log is, and keep working:
every edit is already committed, so an error in one handler loses nothing saved before it.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("habitus")

HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc"}


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("Habitus", appauthor=False))


class _AppLog(logging.handlers.RotatingFileHandler):
    pass


def setup_logging(log_dir: Path) -> Path:
    """The app log: a few rotating files of a megabyte, so it never fills a disk."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "habitus.log"
    for old in [h for h in log.handlers if isinstance(h, _AppLog)]:
        if old.baseFilename == str(path.resolve()):
            return path
        log.removeHandler(old)  # one app log at a time, the last one set up
        old.close()
    handler = _AppLog(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


class _Reporter(QObject):
    """Carries a report to the GUI thread: a dialog may only be shown from there."""

    report = Signal(str)


class CrashHandler:
    def __init__(self, log_path: Path, show_dialogs: bool):
        self.log_path = log_path
        self.show_dialogs = show_dialogs
        self._reporter = _Reporter()
        self._reporter.report.connect(self._show, type=Qt.ConnectionType.QueuedConnection)
        self._previous: tuple[object, object] | None = None

    def install(self) -> Callable[[], None]:
        """Take over the hooks; returns a function that puts the previous ones back."""
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        return self.uninstall

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def _excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self._handle("".join(traceback.format_exception(kind, error, tb)))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        details = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        self._handle(f"In thread {name}:\n{details}")

    def _handle(self, details: str) -> None:
        log.error("Unexpected error:\n%s", details)
        sys.stderr.write(details)
        if self.show_dialogs:
            self._reporter.report.emit(details)

    def _show(self, details: str) -> None:
        if QApplication.instance() is None:
            return
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Habitus: unexpected error")
        box.setText(
            "Something went wrong. Your work up to this point is saved in the project file.\n\n"
            f"The details are in the log: {self.log_path}"
        )
        box.setDetailedText(details)
        box.exec()


def dialogs_wanted() -> bool:
    """No modal dialogs where nobody can click them: headless runs and tests."""
    return QGuiApplication.platformName() not in HEADLESS_PLATFORMS and "pytest" not in sys.modules


def install(log_dir: Path | None = None) -> CrashHandler:
    handler = CrashHandler(setup_logging(log_dir or default_log_dir()), dialogs_wanted())
    handler.install()
    return handler
