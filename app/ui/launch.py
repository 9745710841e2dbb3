"""Starting the window: platform check, crash handler, which project to open, screenshots."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from app import APP_NAME
from app.ui.platform_check import platform_problem

SCREENSHOT_SIZE = (1400, 900)
FIRST_PAGE_TIMEOUT_MS = 10_000


def launch(
    project: Path | None,
    demo: bool = False,
    screenshot: Path | None = None,
    *,
    data_dir: Path | None = None,
    log_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    screen: tuple[int, int] | None = None,
) -> int:
    """Open the window (and a project); returns the process exit code.

    `data_dir` (where the demo is built) and `log_dir` default to the user's folders;
    tests pass their own so that nothing of the user's is touched. A screenshot shows the
    window as first launched on a screen of `screen` (width, height), by default 1400x900.
    """
    problem = platform_problem(os.environ if env is None else env)
    if problem:
        print(problem, file=sys.stderr)
        return 1

    # Qt is imported only once we know it can start: a missing library aborts the process.
    from PySide6.QtWidgets import QApplication

    from app.ui import crash
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from app.ui.window.demo import demo_project

    app = QApplication.instance()
    if app is None:
        QApplication.setOrganizationName(APP_NAME)
        QApplication.setApplicationName(APP_NAME)
        app = QApplication(sys.argv[:1])
    handler = crash.install(log_dir)
    try:
        settings = Settings()
        window = MainWindow(settings=settings, data_dir=data_dir, remember=screenshot is None)
        path: Path | None = project
        if demo:
            try:
                path = demo_project(data_dir)
            except OSError as error:
                print(f"habitus: the demo could not be built: {error}", file=sys.stderr)
                return 1
        elif path is None:
            recent = settings.recent_projects()
            path = recent[0] if recent else None
        if screenshot is not None:
            return _screenshot(window, path, screenshot, screen or SCREENSHOT_SIZE)
        window.show()
        if path is not None:
            window.open_project(path)
        return int(app.exec())
    finally:
        handler.uninstall()


def _screenshot(window: object, project: Path | None, out: Path, screen: tuple[int, int]) -> int:
    from PySide6.QtCore import QEventLoop, QRect, QTimer

    from app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.first_run = True  # the layout of a first launch, whatever this machine recalls
    window.first_run_area = QRect(0, 0, *screen)
    window.show()
    loop = QEventLoop()
    # Connected before the project opens: the first page may be drawn on the next turn.
    window.view.firstPageDrawn.connect(loop.quit)
    QTimer.singleShot(FIRST_PAGE_TIMEOUT_MS, loop.quit)
    if project is not None and window.open_project(project) and window.context.study_id:
        loop.exec()
    # One more turn so that docks and highlights painted after the page are in the picture.
    QTimer.singleShot(50, loop.quit)
    loop.exec()
    saved = window.grab().save(str(out), "PNG")
    window.close()
    window.deleteLater()
    if not saved:
        print(f"habitus: could not write the screenshot {out}", file=sys.stderr)
        return 1
    return 0
