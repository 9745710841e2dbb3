"""What it costs to have every committed edit in the .habitus file itself.

    .venv/bin/python bench/store_commit.py [--edits 300]

Times one small edit (a factor added, full syncs, as the app runs) committed four ways:
into a write-ahead log (the edit then lives in `-wal` until a checkpoint: a copy of the
.habitus alone misses it), into a WAL checkpointed after every commit (PASSIVE or TRUNCATE),
and with a rollback journal (DELETE, what Habitus uses; TRUNCATE for comparison). Raw
sqlite3 first, then through Habitus's own writer. Medians and 95th percentiles, in ms.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WAYS = [
    ("WAL, no checkpoint", "wal", None),
    ("WAL + wal_checkpoint(PASSIVE) each commit", "wal", "PASSIVE"),
    ("WAL + wal_checkpoint(TRUNCATE) each commit", "wal", "TRUNCATE"),
    ("rollback journal, TRUNCATE", "truncate", None),
    ("rollback journal, DELETE (Habitus)", "delete", None),
]


def raw(folder: Path, journal: str, checkpoint: str | None, edits: int) -> list[float]:
    path = folder / f"raw-{journal}-{checkpoint}.db"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA journal_mode={journal}")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE codes (id INTEGER PRIMARY KEY, name TEXT, definition TEXT)")
    # A project's worth of PDFs beside the edits, so checkpoints are not free by emptiness.
    connection.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)")
    for _ in range(100):
        connection.execute("INSERT INTO blobs (data) VALUES (?)", (os.urandom(50_000),))
    times = []
    for number in range(edits):
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO codes (name, definition) VALUES (?, ?)", (f"Factor {number}", "x" * 200)
        )
        connection.execute("COMMIT")
        if checkpoint:
            connection.execute(f"PRAGMA wal_checkpoint({checkpoint})")
        times.append(time.perf_counter() - started)
    connection.close()
    return times


def habitus(folder: Path, edits: int) -> list[float]:
    from app.core.project import Project

    times = []
    with Project.create(folder / "habitus.habitus") as project:
        for number in range(edits):
            started = time.perf_counter()
            project.codebook.add(f"Factor {number}", definition="x" * 200)
            times.append(time.perf_counter() - started)
    return times


def line(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"  {label:46} median {1000 * statistics.median(times):6.2f}   p95 {1000 * p95:6.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    args = parser.parse_args()
    os.environ["HABITUS_SQLITE_SYNCHRONOUS"] = "FULL"
    os.environ["HABITUS_BACKUPS"] = "off"
    with tempfile.TemporaryDirectory(prefix="habitus-commit-") as name:
        folder = Path(name)
        print(f"One small edit committed, full syncs, {args.edits} edits each (ms):")
        for label, journal, checkpoint in WAYS:
            print(line(label, raw(folder, journal, checkpoint, args.edits)))
        print(line("Habitus: codebook.add through the one writer", habitus(folder, args.edits)))


if __name__ == "__main__":
    main()
