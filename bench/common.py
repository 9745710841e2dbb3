"""Shared by the benchmarks: where the corpus is and which files to use."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus() -> Path:
    configured = os.environ.get("HABITUS_CORPUS")
    if configured:
        return Path(configured)
    # Beside the checkout, or beside a folder above it (a second working tree).
    for base in ROOT.parents:
        if (base / "shared" / "corpus").is_dir():
            return base / "shared" / "corpus"
    return ROOT.parent / "shared" / "corpus"


CORPUS = _corpus()
ARTICLES = ("acad_*.pdf", "report_*.pdf", "large_*.pdf")


def corpus_files(patterns: tuple[str, ...] = ARTICLES) -> list[Path]:
    if not CORPUS.is_dir():
        sys.exit(f"No corpus at {CORPUS}; the benchmarks read ../shared/corpus.")
    return sorted(path for pattern in patterns for path in CORPUS.glob(pattern))


def habitus_command() -> list[str]:
    return [str(Path(sys.executable).with_name("habitus"))]
