"""An SVG drawing as a PNG, through Qt's SVG renderer; usable without a window (the CLI)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

_app: QGuiApplication | None = None


def _ensure_application() -> None:
    """Qt draws text only with an application object; the command line has none."""
    global _app
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([])


def svg_image(svg: str, scale: float = 2.0) -> QImage:
    _ensure_application()
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("the SVG drawing could not be read")
    size = renderer.defaultSize()
    image = QImage(
        round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_RGB32
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    finally:
        painter.end()
    return image


def write_png(svg: str, path: Path, scale: float = 2.0) -> None:
    """Render and save; an unwritable path raises OSError like any other export."""
    image = svg_image(svg, scale)
    tmp = path.with_name(f".{path.name}.tmp.png")
    if not image.save(str(tmp)):  # the format follows the .png suffix
        tmp.unlink(missing_ok=True)
        raise OSError(f"cannot write {path}")
    os.replace(tmp, path)
