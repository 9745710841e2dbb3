"""Finding a font on this computer for text Helvetica cannot show (Polish, Greek, Russian,
Vietnamese, Chinese... transcripts), to typeset it with. Nothing is bundled: the usual
Unicode fonts of each system are looked for, and HABITUS_TEXT_FONT names others (paths
separated as in PATH). HABITUS_SYSTEM_FONTS=off leaves the system's fonts out.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from app.pdf.embedded_font import FontUnusable, TrueTypeFont

log = logging.getLogger(__name__)

ENVIRONMENT = "HABITUS_TEXT_FONT"

_LINUX = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    # Chinese, Japanese and Korean, in fonts with TrueType outlines.
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
_MAC = (
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/System/Library/Fonts/STHeiti Light.ttc",
)
_WINDOWS = (
    "arial.ttf",
    "segoeui.ttf",
    "tahoma.ttf",
    "calibri.ttf",
    "msyh.ttc",  # Chinese
    "simsun.ttc",
    "meiryo.ttc",  # Japanese
    "malgun.ttf",  # Korean
)


def candidates() -> list[Path]:
    """Font files to try, in order: those named by the environment, then the system's."""
    named = [Path(p) for p in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if p.strip()]
    if os.environ.get("HABITUS_SYSTEM_FONTS", "").lower() in ("off", "0", "no"):
        return named
    if sys.platform.startswith("win"):
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        system = [folder / name for name in _WINDOWS]
    elif sys.platform == "darwin":
        system = [Path(p) for p in _MAC]
    else:
        system = [Path(p) for p in _LINUX]
    return named + system


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> tuple[TrueTypeFont, ...]:
    try:
        return tuple(TrueTypeFont.from_file(path))
    except (FontUnusable, OSError) as error:
        log.info("font %s not used: %s", path, error)
        return ()


def font_for(chars: Iterable[str], paths: Iterable[Path] | None = None) -> TrueTypeFont | None:
    """The first font that has every one of `chars`, else the one that has most of them;
    None when there is none, or none has any."""
    wanted = set(chars)
    best: TrueTypeFont | None = None
    best_count = 0
    for path in candidates() if paths is None else paths:
        if not path.is_file():
            continue
        for font in _load(path):
            count = font.coverage(wanted)
            if count == len(wanted):
                return font
            if count > best_count:
                best, best_count = font, count
    return best
