"""The layers of DESIGN.md: nothing below the UI imports Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import app

HEADLESS = ("core", "store", "pdf", "exchange")


def test_core_store_pdf_and_exchange_never_import_qt() -> None:
    root = Path(app.__file__).parent
    modules = [
        ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for package in HEADLESS
        for path in sorted((root / package).rglob("*.py"))
        if "migrations" not in path.parts
    ] + ["app.cli"]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert len(modules) > 20
    assert result.stdout.strip() == "[]"


def test_store_never_imports_core() -> None:
    root = Path(app.__file__).parent / "store"
    offenders = [
        path.name
        for path in root.rglob("*.py")
        if "from app.core" in path.read_text() or "import app.core" in path.read_text()
    ]
    assert offenders == []
