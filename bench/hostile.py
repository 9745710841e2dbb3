"""Hostile PDFs: deflate bombs, zero-filled files and 1,000 byte-flipped corpus PDFs.

    .venv/bin/python bench/hostile.py [--variants 1000] [--seconds 30]

Imports each through a project, as the window does, and prints what happened to each kind
of file, how long it took, the largest memory a reader worker reached (VmHWM, sampled every
20 ms) and how far this process's own peak memory moved. Nothing may escape as an
exception, hang past the time limit or grow this process. Corpus: ../shared/corpus.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import CORPUS  # noqa: E402

MB = 1024 * 1024


class WorkerMemory:
    """The highest VmHWM of any reader worker while it runs (Linux)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        from soak import descendants

        me = os.getpid()
        while not self._stop.wait(0.02):
            for pid in descendants(me):
                try:
                    with open(f"/proc/{pid}/status") as status:
                        for line in status:
                            if line.startswith("VmHWM:"):
                                self.peak = max(self.peak, int(line.split()[1]) * 1024)
                except OSError:
                    continue


def own_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def import_one(project: object, path: Path) -> tuple[str, float, int]:
    started = time.monotonic()
    with WorkerMemory() as memory:
        report = project.import_pdfs([path])  # type: ignore[attr-defined]
    took = time.monotonic() - started
    outcome = f"imported ({report.pages} pages)" if report.added else report.failures[0].reason
    return outcome, took, memory.peak


def bombs_and_zeros(work: Path) -> None:
    from app.core.project import Project
    from tests.hostile import deflate_bomb, zero_filled

    print("Bombs and zero-filled files (default limits):")
    with Project.create(work / "hostile.habitus") as project:
        cases = [
            (f"deflate bomb, {n // 1_000_000}M text objects", deflate_bomb(work / f"b{n}.pdf", n))
            for n in (1_000_000, 4_000_000, 16_000_000)
        ] + [
            (f"zero-filled %PDF, {size} MB", zero_filled(work / f"z{size}.pdf", size))
            for size in (4, 8, 24)
        ]
        for label, path in cases:
            before = own_peak()
            outcome, took, worker = import_one(project, path)
            grew = max(0, own_peak() - before)
            size = path.stat().st_size
            print(
                f"  {label:34} {size / 1024:9.0f} kB  {took:6.1f} s  worker peak "
                f"{worker / MB:6.0f} MB  this process +{grew / MB:4.0f} MB  {outcome}"
            )


def flipped(source: bytes, rng: random.Random) -> bytes:
    data = bytearray(source)
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(data))
        data[at] = rng.randrange(256)
    if rng.random() < 0.2:  # and sometimes a cut
        data = data[: rng.randrange(len(data) // 2, len(data))]
    return bytes(data)


def fuzz(work: Path, variants: int, seconds: float) -> None:
    from app.core.project import Project
    from app.pdf import sandbox

    sources = sorted(
        p for p in CORPUS.glob("*.pdf") if 0 < p.stat().st_size < 3 * MB and "enc_" not in p.name
    )
    if not sources:
        print(f"Fuzz: no corpus at {CORPUS}")
        return
    sandbox.DEFAULT_LIMITS = sandbox.Limits(seconds=seconds)
    rng = random.Random(2024)
    folder = work / "fuzz"
    folder.mkdir()
    for number in range(variants):
        source = sources[number % len(sources)]
        (folder / f"{number:04d}-{source.name}").write_bytes(flipped(source.read_bytes(), rng))
    outcomes: Counter[str] = Counter()
    escaped = 0
    before = own_peak()
    started = time.monotonic()
    files = sorted(folder.glob("*.pdf"))
    with WorkerMemory() as memory:
        for batch in range(0, len(files), 50):
            with Project.create(work / f"fuzz-{batch}.habitus") as project:
                try:
                    report = project.import_pdfs(files[batch : batch + 50])
                except Exception as error:  # would be a crash of the window
                    escaped += 1
                    print(f"  ESCAPED: {type(error).__name__}: {error}")
                    continue
                outcomes["imported"] += len(report.added)
                for failure in report.failures:
                    reason = failure.reason
                    for key in ("took longer", "needs more memory", "crashed", "damaged"):
                        if key in reason:
                            reason = key
                    outcomes[reason[:60]] += 1
    took = time.monotonic() - started
    print(f"Fuzz: {variants} byte-flipped variants of {len(sources)} corpus PDFs in {took:.0f} s")
    for outcome, count in outcomes.most_common():
        print(f"  {count:5}  {outcome}")
    print(f"  exceptions escaping the import: {escaped}")
    print(f"  largest reader worker: {memory.peak / MB:.0f} MB (VmHWM)")
    print(f"  this process's peak grew by {max(0, own_peak() - before) / MB:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit per file")
    parser.add_argument("--skip-bombs", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HABITUS_BACKUPS", "off")
    with tempfile.TemporaryDirectory(prefix="habitus-hostile-") as folder:
        if not args.skip_bombs:
            bombs_and_zeros(Path(folder))
        fuzz(Path(folder), args.variants, args.seconds)


if __name__ == "__main__":
    main()
