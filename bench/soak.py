"""Crash figures: 1,000 scripted edits in a child process, killed with SIGKILL at 50 moments.

    .venv/bin/python bench/soak.py [--edits 1000] [--kills 50] [--seed 12] [--faults]

A child process opens a project and works through a script of edits (imports of PDFs,
autocoding, passages, factors, memos, deletions, codebook imports), appending a line to a
log after each edit it saw committed. The parent picks 50 random points of the script; when
the child reaches one it waits a random moment (often into the next, longer operation) and
kills it with SIGKILL. After each kill it reopens the file and counts: integrity_check and
foreign_key_check failures, a lock that is not recovered (the next writer refused), edits the
child reported committed that the file does not hold, and reader workers that outlived the
child. Then a new child goes on from where the log stopped. The file keeps full syncs, as
the app does. With --faults the fault runs of bench/faults.py follow.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PHRASES = ["university degree", "household income", "informal networks", "plan", "support"]
SENTENCES = [
    "Parents with a university degree negotiated their plans with confidence.",
    "Household income decided who could top up the support the scheme gave.",
    "Informal networks and support helped families with the forms.",
    "Advocates paid by the family spoke for them at every review of the plan.",
    "Knowing where to find information made the process shorter for some.",
]


# --------------------------------------------------------------------------------------------
# Material


def make_material(folder: Path, studies: int = 24) -> list[Path]:
    """PDFs to import, each different."""
    from app.pdf.compose import PdfComposer

    pdfs = []
    for number in range(studies):
        pdf = PdfComposer()
        for page_number in range(2 + number % 9):
            page = pdf.page()
            for line in range(30):
                sentence = SENTENCES[(number + page_number + line) % len(SENTENCES)]
                page.text(72, 60 + 22 * line, f"{sentence} ({number}.{page_number}.{line})", size=9)
        pdfs.append(pdf.save(folder / f"study-{number:02d}.pdf"))
    return pdfs


def write_sheet(path: Path, n: int, rows: int = 2000) -> Path:
    """A codebook sheet of its own for edit n: rows factors, nested four to a parent."""
    with path.open("w", encoding="utf-8") as out:
        out.write("Factor,Definition,Themes,Parent\n")
        for row in range(rows):
            parent = f"Sheet {n} factor {row // 4}" if row else ""
            out.write(f"Sheet {n} factor {row},Row {row},Imported theme {row % 5},{parent}\n")
    return path


# --------------------------------------------------------------------------------------------
# The child: edits, and a line in the log after each commit


def child(project_path: Path, log_path: Path, material: Path, start: int, edits: int) -> None:
    from app.core.project import Project
    from app.exchange.codebook_files import import_codebook_file

    pdfs = sorted(material.glob("study-*.pdf"))
    sheet = material / "codebook.csv"  # written afresh for each codebook import
    started = log_path.with_suffix(".started")
    with (
        Project.open(project_path) as project,
        log_path.open("a", encoding="utf-8") as log,
        started.open("a", encoding="utf-8") as begun,
    ):
        print("ready", flush=True)
        for n in range(start, edits):
            begun.write(f"{n} {kind_of(n)}\n")
            begun.flush()
            fact = _edit(project, n, pdfs, sheet, import_codebook_file)
            # Written only once the edit returned, i.e. committed.
            log.write(json.dumps({"n": n, **fact}) + "\n")
            log.flush()


def _edit(project: Any, n: int, pdfs: list[Path], sheet: Path, import_codebook: Any) -> dict:
    rng = random.Random(n)
    if n % 40 == 0:
        pdf = pdfs[(n // 40) % len(pdfs)]
        report = project.import_pdfs([pdf])
        studies = [s.sha256 for s in report.added] or [project_sha(project, pdf)]
        return {"kind": "import", "studies": studies}
    if n % 250 == 125:
        result = import_codebook(project, write_sheet(sheet, n))
        return {"kind": "codebook", "factors": [result.added[0], result.added[-1]]}
    studies = project.studies.list()
    if n % 20 == 10 and studies:
        code = project.codebook.add(f"Auto {n}")
        made = project.autocode(rng.choice(PHRASES), code.id)
        return {"kind": "autocode", "factor": code.name, "passages": [p.guid for p in made]}
    passages = project.passages.list()
    choice = rng.random()
    if choice < 0.2 or not studies:
        code = project.codebook.add(f"Factor {n}")
        return {"kind": "factor", "factor": code.name}
    if choice < 0.55:
        study = rng.choice(studies)
        text = project.studies.text(study.id, 0)
        start = rng.randrange(0, max(1, len(text) - 40))
        codes = project.codebook.list()
        code = rng.choice(codes)
        passage = project.passages.add_text(study.id, 0, start, 0, start + 30, (code.id,))
        return {"kind": "passage", "passage": passage.guid, "codes": [code.name]}
    if not passages:
        code = project.codebook.add(f"Factor {n}")
        return {"kind": "factor", "factor": code.name}
    passage = rng.choice(passages)
    if choice < 0.75:
        text = f"Memo {n}: " + rng.choice(SENTENCES)
        project.memos.set("passage", passage.id, text)
        return {"kind": "memo", "passage": passage.guid, "memo": text}
    if choice < 0.9:
        code = rng.choice(project.codebook.list())
        project.passages.apply(passage.id, code.id)
        return {"kind": "apply", "passage": passage.guid, "codes": [code.name]}
    project.passages.delete(passage.id)
    return {"kind": "delete", "passage": passage.guid}


def project_sha(project: Any, pdf: Path) -> str:
    import hashlib

    return hashlib.sha256(pdf.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------
# The parent: what must be in the file after a kill


def expected(log_path: Path) -> tuple[dict[str, Any], int]:
    """What every logged edit leaves in the file, and how many edits were logged."""
    state: dict[str, Any] = {"factors": set(), "studies": set(), "passages": {}, "gone": set()}
    count = 0
    for line in log_path.read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        count += 1
        kind = fact["kind"]
        if kind == "import":
            state["studies"].update(fact["studies"])
        elif kind == "codebook":
            state["factors"].update(fact["factors"])
        elif kind in ("factor", "autocode"):
            state["factors"].add(fact["factor"])
            for guid in fact.get("passages", []):
                state["passages"][guid] = {"codes": {fact["factor"]}, "memo": None}
        elif kind == "passage":
            state["passages"][fact["passage"]] = {"codes": set(fact["codes"]), "memo": None}
        elif kind == "memo" and fact["passage"] in state["passages"]:
            state["passages"][fact["passage"]]["memo"] = fact["memo"]
        elif kind == "apply" and fact["passage"] in state["passages"]:
            state["passages"][fact["passage"]]["codes"].update(fact["codes"])
        elif kind == "delete":
            state["passages"].pop(fact["passage"], None)
            state["gone"].add(fact["passage"])
    return state, count


def check(project_path: Path, state: dict[str, Any]) -> dict[str, int]:
    """Integrity, and how many logged edits the file does not hold."""
    connection = sqlite3.connect(f"file:{project_path}?mode=ro", uri=True)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
        factors = {row[0] for row in connection.execute("SELECT name FROM codes")}
        studies = {row[0] for row in connection.execute("SELECT sha256 FROM studies")}
        passages = {row[1]: row[0] for row in connection.execute("SELECT id, guid FROM passages")}
        codings: dict[int, set[str]] = {}
        for passage_id, name in connection.execute(
            "SELECT passage_id, codes.name FROM codings JOIN codes ON codes.id = code_id"
        ):
            codings.setdefault(passage_id, set()).add(name)
        memos = dict(
            connection.execute("SELECT passage_id, text FROM memos WHERE passage_id IS NOT NULL")
        )
    finally:
        connection.close()
    lost = len(state["factors"] - factors) + len(state["studies"] - studies)
    for guid, want in state["passages"].items():
        if guid not in passages:
            lost += 1
            continue
        pid = passages[guid]
        lost += not want["codes"] <= codings.get(pid, set())
        lost += want["memo"] is not None and memos.get(pid) != want["memo"]
    lost += len(state["gone"] & set(passages))
    return {"integrity": int(integrity != "ok"), "foreign": len(foreign), "lost": lost}


def descendants(pid: int) -> list[int]:
    """Processes started by pid, at any depth (Linux /proc)."""
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    children = [int(c) for c in handle.read().split()]
            except OSError:
                continue
            found += children
            frontier += children
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ", 1)[1][0] not in "ZX"
    except OSError:
        return False


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [p for p in left if alive(p)]
    return left


def soak(work: Path, edits: int, kills: int, seed: int) -> dict[str, Any]:
    from app.core.project import Project

    material = work / "material"
    material.mkdir()
    make_material(material)
    project_path = work / "soak.habitus"
    Project.create(project_path, framework="capitals").close()
    log_path = work / "edits.log"
    log_path.touch()
    rng = random.Random(seed)
    points = kill_points(rng, edits, kills)
    totals = {
        "kills": 0,
        "integrity": 0,
        "foreign": 0,
        "lost": 0,
        "locked": 0,
        "hot_journal": 0,
        "orphans": 0,
        "kinds": {},
    }
    env = {**os.environ, "HABITUS_SQLITE_SYNCHRONOUS": "FULL", "HABITUS_BACKUPS": "off"}
    started = time.monotonic()
    for point, delay in [*points, (None, 0.0)]:
        _, done = expected(log_path)
        command = [
            sys.executable,
            __file__,
            "--child",
            str(project_path),
            str(log_path),
            str(material),
            str(done),
            str(edits),
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        assert process.stdout is not None
        process.stdout.readline()  # "ready"
        if point is None:
            process.wait()
            break
        while process.poll() is None and _lines(log_path) < point:
            time.sleep(0.002)
        time.sleep(delay)  # a random moment into the edit the point names
        workers = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        in_flight = _in_flight(log_path)
        process.wait()
        totals["kills"] += 1
        totals["kinds"][in_flight] = totals["kinds"].get(in_flight, 0) + 1
        totals["orphans"] += len(wait_gone(workers, 10))
        totals["hot_journal"] += Path(f"{project_path}-journal").exists()
        try:
            Project.open(project_path).close()  # the lock is recovered, the journal replayed
        except Exception as error:  # counted, and shown
            totals["locked"] += 1
            print(f"  reopen failed after kill {totals['kills']}: {error}")
        state, _ = expected(log_path)
        for key, value in check(project_path, state).items():
            totals[key] += value
    state, done = expected(log_path)
    final = check(project_path, state)
    totals["edits"] = done
    totals["final_lost"] = final["lost"]
    totals["final_integrity"] = final["integrity"]
    totals["seconds"] = round(time.monotonic() - started, 1)
    return totals


def kill_points(rng: random.Random, edits: int, kills: int) -> list[tuple[int, float]]:
    """Where to kill: a share of the kills aimed into each kind of long operation (each
    codebook import twice: the child starts it again after the first kill), the rest at
    random edits; each with a random delay into that edit."""
    imports = [n for n in range(1, edits) if kind_of(n) == "import"]
    codebooks = [n for n in range(1, edits) if kind_of(n) == "codebook-import"]
    autocodes = [n for n in range(1, edits) if kind_of(n) == "autocode"]
    aimed = (
        [(n, rng.uniform(0.0, 0.6)) for n in rng.sample(imports, min(10, len(imports)))]
        + [(n, rng.uniform(0.0, 0.8)) for n in codebooks for _ in range(2)][: kills // 5]
        + [(n, rng.uniform(0.0, 0.3)) for n in rng.sample(autocodes, min(10, len(autocodes)))]
    )
    rest = rng.sample(range(1, edits), max(0, kills - len(aimed)))
    aimed += [(n, rng.uniform(0.0, 0.05)) for n in rest]
    return sorted(aimed)[:kills]


def _in_flight(log_path: Path) -> str:
    """The kind of edit the child had begun and not finished when it was killed."""
    lines = log_path.with_suffix(".started").read_text(encoding="utf-8").splitlines()
    if lines:
        number, kind = lines[-1].split(" ", 1)
        if int(number) >= _lines(log_path):
            return kind
    return "between edits"


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 16), b""))


def kind_of(n: int) -> str:
    if n % 40 == 0:
        return "import"
    if n % 250 == 125:
        return "codebook-import"
    if n % 20 == 10:
        return "autocode"
    return "edit"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--faults", action="store_true", help="then run bench/faults.py")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        project, log, material, start, edits = args.child
        child(Path(project), Path(log), Path(material), int(start), int(edits))
        return
    os.environ["HABITUS_BACKUPS"] = "off"
    with tempfile.TemporaryDirectory(prefix="habitus-soak-") as folder:
        totals = soak(Path(folder), args.edits, args.kills, args.seed)
    print(
        f"Soak: {totals['edits']} edits logged as committed, {totals['kills']} SIGKILLs "
        f"in {totals['seconds']} s"
    )
    print(f"  kills by operation in flight: {totals['kinds']}")
    for label, key in (
        ("integrity_check failures after a kill", "integrity"),
        ("foreign_key_check violations", "foreign"),
        ("reopen refused (lock not recovered)", "locked"),
        ("committed edits missing after a kill", "lost"),
        ("hot journals found (rolled back on reopen)", "hot_journal"),
        ("reader workers alive 10 s after their parent's kill", "orphans"),
        ("committed edits missing at the end", "final_lost"),
        ("integrity failure at the end", "final_integrity"),
    ):
        print(f"  {label:52} {totals[key]}")
    if args.faults:
        from faults import run_all

        run_all()


if __name__ == "__main__":
    main()
