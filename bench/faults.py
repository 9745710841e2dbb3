"""Fault figures: a full disk, read-only media and files, deleted journals, a second writer.

    .venv/bin/python bench/faults.py

Each run says what the researcher is told, whether the file stays whole (integrity_check),
whether what was saved before is still there, and whether work goes on once the fault is
gone. The tmpfs runs (a really full disk, really read-only media) need root and `mount`;
without them they are reported as not run.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from soak import check, expected, make_material  # noqa: E402

Row = tuple[str, str]


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """The CLI's own output is not part of the figures."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def integrity(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def factors(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM codes").fetchone()[0])
    finally:
        connection.close()


@contextlib.contextmanager
def tmpfs(size: str) -> Iterator[Path | None]:
    """A small RAM disk of its own, or None where this process may not mount one."""
    folder = Path(tempfile.mkdtemp(prefix="habitus-tmpfs-"))
    mounted = False
    try:
        if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount"):
            result = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                capture_output=True,
            )
            mounted = result.returncode == 0
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def full_disk_by_page_limit(work: Path) -> list[Row]:
    from app.core.errors import StorageFull
    from app.core.project import Project

    path = work / "capped.habitus"
    Project.create(path, framework="capitals").close()
    project = Project.open(path)
    before = factors(path)
    with project.database.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        connection.exec_driver_sql(f"PRAGMA max_page_count={int(pages or 0) + 4}")
    message, saved = "", 0
    for number in range(200):
        try:
            project.codebook.add(f"Factor {number}", definition="x" * 3000)
            saved += 1
        except StorageFull as error:
            message = str(error)
            break
    whole = integrity(path)
    with project.database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA max_page_count=1073741823")  # space returns
    project.codebook.add("Written once space returned", definition="x" * 3000)
    project.close()
    return [
        ("full disk (max_page_count): message", message),
        ("  edits saved before it / file", f"{saved} / {integrity(path)} (during: {whole})"),
        ("  factors kept, then one more once space returned", f"{factors(path) - before - 1} + 1"),
    ]


def full_disk_on_tmpfs(work: Path) -> list[Row]:
    from app.core.errors import REFUSALS
    from app.core.project import Project
    from app.exchange.workbook import write_workbook

    (work / "material-full").mkdir()
    pdfs = make_material(work / "material-full", studies=150)
    with tmpfs("2m") as disk:
        if disk is None:
            return [("full disk (tmpfs)", "not run: no permission to mount a tmpfs")]
        path = disk / "review.habitus"
        Project.create(path, framework="capitals").close()
        filler = disk / "filler"
        filler.write_bytes(b"\0" * 400_000)
        project = Project.open(path)
        imported, stopped = 0, ""
        for pdf in pdfs:
            report = project.import_pdfs([pdf])
            imported += len(report.added)
            if report.stopped:
                stopped = report.stopped
                break
        refused = ""
        try:
            for number in range(500):
                project.codebook.add(f"Factor {number}", definition="x" * 4000)
        except REFUSALS as error:
            refused = str(error)
        with contextlib.suppress(OSError), (disk / "last-bytes").open("wb") as last:
            while True:  # whatever room SQLite left
                last.write(b"\0" * 4096)
                last.flush()
        export = ""
        try:
            write_workbook(project, disk / "coded.xlsx")
        except OSError as error:
            export = str(error)
        whole = integrity(path)
        filler.unlink()  # space returns
        (disk / "last-bytes").unlink()
        after = "went on"
        try:
            project.codebook.add("Written once space returned")
        except REFUSALS as error:
            after = f"refused: {error}"
        project.close()
        return [
            ("full disk (2 MB tmpfs): import stopped with", stopped or "(did not fill)"),
            ("  studies imported before the disk filled", str(imported)),
            ("  an edit on the full disk", refused or "(not refused)"),
            ("  an export to the full disk", export or "(written)"),
            ("  integrity during / after", f"{whole} / {integrity(path)}"),
            ("  once space returned, editing", after),
        ]


def read_only_media(work: Path) -> list[Row]:
    from app.cli import main
    from app.core.errors import REFUSALS
    from app.core.project import Project

    with tmpfs("8m") as disk:
        if disk is None:
            return [("read-only media (tmpfs)", "not run: no permission to mount a tmpfs")]
        path = disk / "review.habitus"
        with Project.create(path, framework="capitals") as project:
            project.codebook.add("Saved before the disk went read-only")
        result = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if result.returncode:
            return [("read-only media (tmpfs)", "not run: remount failed")]
        with quiet():
            info = main(["info", str(path)])
            export = main(["export", str(path), str(work / "from-ro.xlsx")])
        project = Project.open(path)
        refusal = ""
        try:
            project.codebook.add("Refused")
        except REFUSALS as error:
            refusal = str(error)
        reason = project.database.read_only_reason
        project.close()
        leftovers = sorted(p.name for p in disk.iterdir())
        return [
            ("read-only media: info / export exit codes", f"{info} / {export}"),
            ("  opened for writing, it opens read-only because", str(reason)),
            ("  an edit is refused with", refusal),
            ("  files on the medium afterwards", ", ".join(leftovers)),
        ]


def read_only_file(work: Path) -> list[Row]:
    """The file belongs to someone else: run the window's open as another user."""
    from app.core.project import Project

    path = work / "theirs.habitus"
    with Project.create(path, framework="capitals") as project:
        project.codebook.add("Education")
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        return [("read-only file", "not run: needs root and setpriv to act as another user")]
    os.chmod(work, 0o755)
    os.chmod(path, 0o644)
    script = "\n".join(
        [
            f"import sys; sys.path.insert(0, {str(ROOT)!r})",
            "from app.core.project import Project",
            f"p = Project.open({str(path)!r})",
            "print(p.database.read_only, '|', p.database.read_only_reason, end=' | ')",
            "try:\n    p.codebook.add('x')\nexcept Exception as e:\n    print(e)",
            "p.close()",
        ]
    )
    result = subprocess.run(
        [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "HABITUS_BACKUPS": "off", "HABITUS_LOCK_DIR": "/tmp"},
    )
    said = (result.stdout or result.stderr).strip().splitlines()[-1:] or ["(nothing)"]
    return [("read-only file (another user's)", said[0]), ("  file afterwards", integrity(path))]


def deleted_journal(work: Path, rounds: int = 20) -> list[Row]:
    """Delete every -journal (and -wal) file as it appears while a child edits, then kill it."""
    from app.core.project import Project

    material = work / "material-journal"
    material.mkdir()
    make_material(material, studies=6)
    path = work / "journal.habitus"
    Project.create(path, framework="capitals").close()
    log = work / "journal.log"
    log.touch()
    rng = random.Random(5)
    deleted = failures = lost = 0
    env = {**os.environ, "HABITUS_SQLITE_SYNCHRONOUS": "FULL", "HABITUS_BACKUPS": "off"}
    for _ in range(rounds):
        _, done = expected(log)
        child = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "soak.py"),
                "--child",
                str(path),
                str(log),
                str(material),
                str(done),
                str(done + 400),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        child.stdout.readline()
        until = time.monotonic() + rng.uniform(0.2, 1.5)
        while time.monotonic() < until:
            for name in (f"{path.name}-journal", f"{path.name}-wal"):
                with contextlib.suppress(FileNotFoundError):
                    (path.parent / name).unlink()
                    deleted += 1
        child.send_signal(signal.SIGKILL)
        child.wait()
        try:
            Project.open(path).close()
        except Exception:
            failures += 1
            continue
        state, _ = expected(log)
        found = check(path, state)
        failures += found["integrity"]
        lost += found["lost"]
    return [
        (f"deleted journals: {rounds} kills, journals deleted under the writer", str(deleted)),
        ("  integrity failures / reopen failures", str(failures)),
        ("  committed edits missing", str(lost)),
    ]


def second_writer(work: Path) -> list[Row]:
    from app.cli import main
    from app.core.errors import REFUSALS, ProjectLocked
    from app.core.project import Project
    from app.store import database

    path = work / "shared.habitus"
    Project.create(path, framework="capitals").close()
    link = work / "shortcut.habitus"
    link.symlink_to(path)
    first = Project.open(path)
    outcomes = []
    for label, other in (("same path", path), ("symlink", link)):
        try:
            Project.open(other).close()
            outcomes.append(f"{label}: OPENED")
        except ProjectLocked:
            outcomes.append(f"{label}: refused")
    hard = work / "hardlink.habitus"
    os.link(path, hard)  # made while the first window has it open
    second = Project.open(hard)
    outcomes.append(f"hard link: read-only ({second.database.read_only_reason})")
    second.close()
    hard.unlink()
    with quiet():
        cli = main(["autocode", str(link), "--phrase", "x", "--code", "Transport"])
    # Another program (not Habitus) holding the file's write lock longer than we wait.
    database.BUSY_TIMEOUT_MS = 200
    first.close()
    first = Project.open(path)
    intruder = sqlite3.connect(path, isolation_level=None)
    intruder.execute("BEGIN IMMEDIATE")
    busy = ""
    try:
        first.codebook.add("While another program writes")
    except REFUSALS as error:
        busy = str(error)
    intruder.execute("ROLLBACK")
    intruder.close()
    first.codebook.add("Once it let go")
    first.close()
    database.BUSY_TIMEOUT_MS = 5000
    return [
        ("second Habitus writer: " + "; ".join(outcomes[:2]), outcomes[2]),
        ("  `habitus autocode` through the symlink: exit code", str(cli)),
        ("  another program holding the write lock", busy),
        ("  file afterwards", integrity(path)),
    ]


RUNS: list[Callable[[Path], list[Row]]] = [
    full_disk_by_page_limit,
    full_disk_on_tmpfs,
    read_only_media,
    read_only_file,
    deleted_journal,
    second_writer,
]


def run_all() -> None:
    os.environ.setdefault("HABITUS_BACKUPS", "off")
    print("Faults:")
    for run in RUNS:
        with tempfile.TemporaryDirectory(prefix="habitus-fault-") as folder:
            try:
                rows = run(Path(folder))
            except Exception as error:
                rows = [(run.__name__, f"FAILED: {type(error).__name__}: {error}")]
        for label, value in rows:
            print(f"  {label:58} {value}")


if __name__ == "__main__":
    run_all()
