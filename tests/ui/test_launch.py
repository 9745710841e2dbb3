"""Starting the window: the platform check, the demo, screenshots, the crash log."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from app.ui.crash import CrashHandler, setup_logging
from app.ui.launch import launch
from app.ui.platform_check import NeededLibrary, missing_packages, platform_problem

X11 = {"DISPLAY": ":0"}


def only(*present: str) -> Callable[[NeededLibrary], bool]:
    def finder(library: NeededLibrary) -> bool:
        return library.soname in present

    return finder


def test_missing_xcb_libraries_are_named_with_the_apt_line() -> None:
    message = platform_problem(X11, "linux", only("libxcb-icccm.so.4"))
    assert message is not None
    assert "libxcb-cursor0, libxcb-keysyms1" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-keysyms1" in message
    assert "libxcb-icccm4" not in message


def test_all_libraries_present_means_no_problem() -> None:
    finder = only("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    assert missing_packages(finder) == []
    assert platform_problem(X11, "linux", finder) is None


def test_no_display_is_said_plainly() -> None:
    message = platform_problem({}, "linux", only())
    assert message is not None and "no display" in message


def test_other_platforms_and_offscreen_are_not_checked() -> None:
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", only()) is None
    assert platform_problem({}, "darwin", only()) is None
    wayland = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    assert platform_problem(wayland, "linux", only()) is None
    assert platform_problem({**wayland, "QT_QPA_PLATFORM": "xcb"}, "linux", only()) is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")
def test_launch_without_a_display_returns_1_and_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert launch(None, env={}, data_dir=tmp_path, log_dir=tmp_path) == 1
    assert "no display" in capsys.readouterr().err


def test_screenshot_of_the_demo_is_written(tmp_path: Path) -> None:
    out = tmp_path / "window.png"
    code = launch(
        None,
        demo=True,
        screenshot=out,
        data_dir=tmp_path / "data",
        log_dir=tmp_path / "logs",
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    assert code == 0
    assert (tmp_path / "data" / "demo" / "demo.habitus").exists()
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    # A page was drawn: the middle of the window holds dark text on white, not one flat colour.
    dark = [
        (x, y)
        for x in range(420, 980, 3)
        for y in range(80, 820, 3)
        if QColor(image.pixel(x, y)).lightness() < 100
    ]
    assert len(dark) > 200


def test_crash_handler_logs_the_traceback(tmp_path: Path) -> None:
    handler = CrashHandler(setup_logging(tmp_path), show_dialogs=False)
    previous = sys.excepthook
    handler.install()
    try:
        try:
            raise ValueError("a bug in a slot")
        except ValueError:
            kind, error, tb = sys.exc_info()
            assert kind is not None and error is not None
            sys.excepthook(kind, error, tb)
    finally:
        handler.uninstall()
    assert sys.excepthook is previous
    for h in logging.getLogger("habitus").handlers:
        h.flush()
    assert "a bug in a slot" in (tmp_path / "habitus.log").read_text()
