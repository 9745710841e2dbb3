"""Finding ../shared (the corpus of real PDFs, the REFI-QDA schemas) from the tests.

The suite's own tests make their own fixtures; tests that read ../shared skip when it is not
there, except under CI (CI=true), which always has it: there a missing folder fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_dir(name: str) -> Path | None:
    """../shared/<name> beside the checkout (or beside a folder above it)."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / name
        if candidate.is_dir():
            return candidate
    return None


def _missing(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; CI always has it")
    pytest.skip(message)


def require_shared(name: str) -> Path:
    found = shared_dir(name)
    if found is None:
        _missing(f"../shared/{name} is missing")
    assert found is not None
    return found


def shared_file(folder: str, *parts: str) -> Path:
    """A file in ../shared/<folder>."""
    path = require_shared(folder).joinpath(*parts)
    if not path.exists():
        _missing(f"{path} is missing")
    return path
