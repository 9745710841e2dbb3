"""Can Qt open a window here? Said in words before Qt aborts with a plugin error.

Qt's xcb plugin loads a few XCB helper libraries that a bare Debian or Ubuntu install lacks;
without them Qt prints a cryptic "could not load the Qt platform plugin" and aborts the
process. Checking first lets us name the packages to install instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class NeededLibrary:
    name: str  # as ctypes.util.find_library wants it
    soname: str
    package: str  # Debian/Ubuntu package


XCB_LIBRARIES = (
    NeededLibrary("xcb-cursor", "libxcb-cursor.so.0", "libxcb-cursor0"),
    NeededLibrary("xcb-icccm", "libxcb-icccm.so.4", "libxcb-icccm4"),
    NeededLibrary("xcb-keysyms", "libxcb-keysyms.so.1", "libxcb-keysyms1"),
)

Finder = Callable[[NeededLibrary], bool]


def library_present(library: NeededLibrary) -> bool:
    try:
        ctypes.CDLL(library.soname)
    except OSError:
        return ctypes.util.find_library(library.name) is not None
    return True


def missing_packages(finder: Finder = library_present) -> list[str]:
    return [library.package for library in XCB_LIBRARIES if not finder(library)]


def _uses_xcb(env: Mapping[str, str]) -> bool:
    platform = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if platform:
        return platform == "xcb"
    wayland_session = env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY")
    return bool(env.get("DISPLAY")) and not wayland_session


def platform_problem(
    env: Mapping[str, str],
    system: str = sys.platform,
    finder: Finder = library_present,
) -> str | None:
    """A message saying why no window can open, or None when Qt should start fine."""
    if not system.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").strip()
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, eglfs... need no display server
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "Habitus cannot open its window: no display was found (neither DISPLAY nor "
            "WAYLAND_DISPLAY is set).\n"
            "Start it from a desktop session, or over SSH with X forwarding (ssh -X).\n"
            "The command-line tools (habitus import, info, export...) work without a display."
        )
    if not _uses_xcb(env):
        return None
    missing = missing_packages(finder)
    if not missing:
        return None
    return (
        "Habitus cannot open its window: Qt's X11 (xcb) platform needs system libraries that "
        f"are not installed: {', '.join(missing)}.\n"
        "On Debian or Ubuntu, install them with:\n"
        f"    sudo apt-get install {' '.join(missing)}\n"
        "then start Habitus again."
    )
