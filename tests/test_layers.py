"""The layers of DESIGN.md: import-linter's contracts (pyproject.toml) hold, and nothing below
the UI pulls Qt in when it is imported."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(app.__file__).resolve().parents[1]
HEADLESS = ("core", "store", "pdf", "exchange")


def test_the_import_contracts_hold() -> None:
    # In its own interpreter: the linter sets up logging and imports as it likes.
    script = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)

    report = result.stdout + result.stderr
    assert "BROKEN" not in report, report
    assert result.returncode == 0, report
    kept = re.search(r"Contracts: (\d+) kept, 0 broken", report)
    assert kept is not None and int(kept.group(1)) >= 5, report


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
