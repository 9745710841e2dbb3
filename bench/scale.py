"""Synthesis at review scale: 300 studies, 6,000 pages, 50,000 passages, 40 factors.

    .venv/bin/python bench/scale.py [--studies 300] [--pages 20] [--passages 50000]
                                    [--keep review.habitus]

Writes the studies as PDFs (app.pdf.compose), imports them as a researcher would, then
codes the passages and sets the study records in bulk through the store (a GUI would take
days). Then it times what the synthesis views wait for: opening the project, the passage
browser with each filter, searches, Table 1 and co-occurrence, with the resident memory.
Where there is an earlier way of doing the same thing (reading every page for a search,
the previous autocode), it is timed beside the new one on the same project.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

from sqlalchemy import insert, select

from app.core.fulltext import SearchOptions
from app.core.project import Project
from app.core.synthesis.browser import PassageFilter, browse
from app.core.synthesis.cooccurrence import cooccurrence
from app.core.synthesis.table1 import table1
from app.pdf.compose import PdfComposer
from app.store import models

T = TypeVar("T")
COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "with",
    "as",
    "was",
    "on",
    "by",
    "were",
    "their",
    "they",
    "from",
    "this",
    "be",
    "at",
    "or",
    "not",
    "are",
    "which",
    "have",
    "had",
    "been",
    "it",
    "an",
    "but",
    "who",
    "all",
    "more",
    "one",
    "support",
    "plan",
    "budget",
    "family",
    "parents",
    "people",
    "participants",
    "scheme",
    "service",
    "services",
    "care",
    "disability",
    "funding",
    "review",
    "access",
    "choice",
    "control",
    "providers",
    "worker",
    "workers",
    "needs",
    "goals",
    "time",
    "money",
    "staff",
    "local",
    "children",
    "person",
    "carers",
    "health",
    "study",
    "interviews",
    "findings",
    "report",
    "experience",
    "system",
    "process",
    "information",
    "planning",
    "meeting",
    "reviews",
    "decisions",
    "community",
    "network",
    "advocate",
    "education",
    "employment",
    "income",
    "household",
    "knowledge",
    "skills",
    "friends",
    "networks",
    "capital",
    "social",
    "cultural",
    "economic",
    "symbolic",
    "government",
    "policy",
    "market",
    "individual",
    "personal",
]
LINES, WORDS_PER_LINE = 40, 12
SIZE = 10.0


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, action: Callable[[], T], repeat: int = 1) -> T:
    best = float("inf")
    result: T
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    print(f"  {label:58} {1000 * best:9.1f} ms")
    return result


class Text:
    """Sentences from a few hundred words, Zipf-weighted, with rarer made-up words."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        rare = [
            "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
            for _ in range(2500)
        ]
        self.words = COMMON + rare
        self.cumulative = list(accumulate(1 / (rank + 3) for rank in range(len(self.words))))

    def line(self) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cumulative, k=WORDS_PER_LINE))


def write_pdfs(folder: Path, studies: int, pages: int, rng: random.Random) -> None:
    text = Text(rng)
    for number in range(studies):
        pdf = PdfComposer()
        carry = False  # the previous page ended "financial": this one starts "burden"
        for page_number in range(pages):
            page = pdf.page()
            lines = [text.line() for _ in range(LINES)]
            if carry:
                lines[0] = "burden " + lines[0]
            if rng.random() < 0.04:
                lines[rng.randrange(1, LINES - 1)] += " household income"
            if rng.random() < 0.005:
                lines[rng.randrange(1, LINES - 1)] += " a fierce advocate"
            carry = page_number + 1 < pages and rng.random() < 0.01
            if carry:
                lines[-1] += " financial"
            top = 72.0
            for line in lines:
                top = page.text(72, top, line, SIZE)
        pdf.save(folder / f"study-{number:03d}.pdf")


def make_codebook(project: Project) -> tuple[list[int], list[int]]:
    """40 factors under 4 themes: 8 are sub-factors, 4 sit under two themes."""
    framework = project.frameworks.add("Capitals at scale")
    themes = [
        project.frameworks.add_theme(framework.id, name).id
        for name in ("Economic", "Cultural", "Social", "Symbolic")
    ]
    codes: list[int] = []
    for number in range(40):
        parent = codes[number - 32] if number >= 32 else None
        code = project.codebook.add(f"Factor {number + 1:02d}", parent_id=parent)
        codes.append(code.id)
        project.frameworks.map(code.id, themes[number % 4])
        if number % 10 == 3:
            project.frameworks.map(code.id, themes[(number + 1) % 4])
    return codes, themes


def code_passages(project: Project, codes: list[int], total: int, rng: random.Random) -> int:
    """Passages over whole or part lines, 1-3 factors each, some overlapping, in bulk."""
    with project.database.reading() as session:
        pages = session.execute(
            select(models.Page.study_id, models.Page.page_index, models.Page.text)
        ).all()
        hashes = dict(session.execute(select(models.Study.id, models.Study.sha256)).all())
    per_page = total / len(pages)
    weights = [1 / (rank + 2) for rank in range(len(codes))]
    rows: list[dict[str, object]] = []
    codings: list[tuple[int, list[int]]] = []
    for study_id, index, text in pages:
        lines = text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        count = int(per_page) + (1 if rng.random() < per_page - int(per_page) else 0)
        for _ in range(count):
            line = rng.randrange(len(lines))
            span = rng.randint(1, 2)
            last = min(len(lines) - 1, line + span - 1)
            start = starts[line] + rng.randrange(max(1, len(lines[line]) // 2))
            end = starts[last] + len(lines[last])
            if end <= start:
                continue
            boxes = [
                [index, 72.0, 72.0 + 13.5 * n, 72.0 + 5.3 * len(lines[n]), 72.0 + 13.5 * n + 11]
                for n in range(line, last + 1)
            ]
            rows.append(
                {
                    "study_id": study_id,
                    "kind": "text",
                    "start_page": index,
                    "start_offset": start,
                    "end_page": index,
                    "end_offset": end,
                    "quote": text[start:end],
                    "boxes": json.dumps(boxes),
                    "pdf_sha256": hashes[study_id],
                    "guid": f"{study_id}-{index}-{len(rows)}",
                }
            )
            chosen = set(rng.choices(codes, weights, k=rng.choice((1, 1, 1, 2, 3))))
            codings.append((len(rows) - 1, sorted(chosen)))
    with project.database.transaction() as session:
        session.execute(insert(models.Passage), rows)
        ids = session.scalars(select(models.Passage.id).order_by(models.Passage.id)).all()
        session.execute(
            insert(models.Coding),
            [
                {"passage_id": ids[row], "code_id": code, "guid": f"c{row}-{code}"}
                for row, chosen in codings
                for code in chosen
            ],
        )
    return len(rows)


def set_records(project: Project, rng: random.Random) -> None:
    studies = [s.id for s in project.studies.list()]
    included = {study_id: rng.random() < 0.8 for study_id in studies}
    project.records.update_many(
        {
            study_id: {
                **(
                    {"status": "included"} if included[study_id] else {"reason": "Wrong population"}
                ),
                "groups": (rng.choice(["(a)", "(b)"]),),
                "country": rng.choice(["Australia", "United Kingdom", "Canada", "Sweden"]),
                "design": rng.choice(["Interviews", "Survey", "Mixed methods"]),
            }
            for study_id in studies
        },
        create_groups=True,
    )


def build(path: Path, studies: int, pages: int, passages: int) -> None:
    rng = random.Random(2019)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        print(f"Building: {studies} studies x {pages} pages, {passages} passages")
        timed("write the PDFs", lambda: write_pdfs(folder, studies, pages, rng))
        with Project.create(path) as project:
            report = timed(
                "import them (2 workers; text and search index)",
                lambda: project.import_pdfs([folder]),
            )
            print(f"    {report.pages} pages, {len(report.failures)} failures")
            codes, _ = timed("40 factors in 4 themes", lambda: make_codebook(project))
            made = timed(
                "code the passages (bulk)", lambda: code_passages(project, codes, passages, rng)
            )
            print(f"    {made} passages")
            timed(
                "study records: status, group, country, design", lambda: set_records(project, rng)
            )
    print(f"    project file {path.stat().st_size / 1e6:.0f} MB")


def measure(path: Path) -> None:
    print(f"\nMeasuring {path.name} (best of 3 where repeated)")
    print(f"  resident memory before opening: {rss_mb():.0f} MB")
    project = timed("open the project", lambda: Project.open(path))
    with project:
        studies = project.studies.list()
        codes = project.codebook.list()
        themes = project.frameworks.themes()
        parent = next(c for c in codes if any(d.parent_id == c.id for d in codes))
        facets = project.study_facets
        print(
            f"  {len(studies)} studies, {sum(s.page_count for s in studies)} pages, "
            f"{sum(s.passage_count for s in studies)} passages, {len(codes)} factors"
        )
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        print("Passage browser")
        timed(
            "  raw SQLite: every passage's row and factors, no Python objects",
            lambda: (
                raw.execute(
                    "SELECT p.id, p.study_id, p.kind, p.start_page, p.end_page, p.quote, "
                    "p.text_check, m.text FROM passages p JOIN studies s ON s.id = p.study_id "
                    "LEFT JOIN memos m ON m.passage_id = p.id "
                    "ORDER BY s.position, s.id, p.start_page, p.start_offset, p.top, p.id"
                ).fetchall(),
                raw.execute("SELECT passage_id, code_id FROM codings ORDER BY id").fetchall(),
            ),
            repeat=3,
        )
        filters = {
            "no filter (every passage)": PassageFilter(),
            "one factor": PassageFilter(code_ids=(codes[5].id,)),
            "a factor with its sub-factors": PassageFilter(code_ids=(parent.id,)),
            "two factors, passages carrying both": PassageFilter(
                code_ids=(codes[0].id, codes[1].id), all_codes=True
            ),
            "one theme": PassageFilter(theme_ids=(themes[-1].id,)),
            "one study": PassageFilter(study_ids=(studies[len(studies) // 2].id,)),
            "status included": PassageFilter(statuses=("included",)),
            "group (a)": PassageFilter(groups=("(a)",)),
            "attribute country = Sweden": PassageFilter(attributes=(("country", "Sweden"),)),
            "text in quote or memo": PassageFilter(text="household income"),
            "factor + status + attribute": PassageFilter(
                code_ids=(codes[5].id,),
                statuses=("included",),
                attributes=(("design", "Survey"),),
            ),
        }
        for label, wanted in filters.items():
            table = timed(label, lambda w=wanted: browse(project, w), repeat=3)  # type: ignore[misc]
            print(f"    -> {len(table.rows)} rows")
        timed(
            "facets: statuses, groups, attribute values",
            lambda: (facets.statuses(), facets.groups(), facets.attribute_values("country")),
        )
        print("Search all studies")
        current = project.search_index.current()
        timed(
            "bring the search index up to date"
            + (" (it was)" if current else " (rebuilt: another normaliser)"),
            project.search_index.ensure,
        )
        queries = {
            'phrase "household income"': '"household income"',
            'rare phrase "fierce advocate"': '"fierce advocate"',
            "common word: support": "support",
            "boolean: advocate AND (income OR budget) NOT paid": (
                "advocate AND (income OR budget) NOT paid"
            ),
            "prefix: househ*": "househ*",
            'across a page break: "financial burden"': '"financial burden"',
        }
        for label, query in queries.items():
            result = timed(label, lambda q=query: project.fulltext.search(q), repeat=3)  # type: ignore[misc]
            print(f"    -> {len(result.hits)} hits on {result.pages_searched} pages read")
        timed(
            "  raw FTS5 MATCH of the phrase, no checking (sqlite3)",
            lambda: raw.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH '\"household income\"'"
            ).fetchall(),
            repeat=3,
        )
        result = timed(
            "regex: househ\\w+ income",
            lambda: project.fulltext.search(r"househ\w+ income", SearchOptions(regex=True)),
            repeat=3,
        )
        print(f"    -> {len(result.hits)} hits")
        result = timed(
            'substring: "ousehold inc"',
            lambda: project.fulltext.search('"ousehold inc"', SearchOptions(whole_words=False)),
            repeat=1,
        )
        print(f"    -> {len(result.hits)} hits")
        hits = timed(
            "previous: read every page for the phrase (Search.find)",
            lambda: project.search.find("household income", ignore_case=True),
        )
        print(f"    -> {len(hits)} hits")
        print("Table 1 and co-occurrence")
        table = timed("Table 1 (first framework, sub-factors)", lambda: table1(project), 3)
        print(f"    -> {len(table.rows)} studies x {len(table.columns)} columns")
        timed(
            "  raw SQLite: passages per study and factor (GROUP BY, no sub-factors)",
            lambda: raw.execute(
                "SELECT p.study_id, c.code_id, COUNT(*) FROM codings c "
                "JOIN passages p ON p.id = c.passage_id GROUP BY p.study_id, c.code_id"
            ).fetchall(),
            repeat=3,
        )
        timed(
            "Table 1, included studies of group (a)",
            lambda: table1(project, statuses=["included"], groups=["(a)"]),
            3,
        )
        result = timed("co-occurrence (three matrices)", lambda: cooccurrence(project), 3)
        print(f"    -> {len(result.pairs)} overlapping pairs")
        print("Coding every hit")
        code = project.codebook.add("Autocoded")
        made = timed(
            "autocode 'fierce advocate' across every study",
            lambda: project.autocode("fierce advocate", code.id, ignore_case=True),
        )
        print(f"    -> {len(made)} passages")
        other = project.codebook.add("Autocoded, previous way")
        previous = timed(
            "previous: Search.autocode of the same phrase",
            lambda: project.search.autocode(project.passages, "fierce advocate", other.id, True),
        )
        print(f"    -> {len(previous)} passages")
        many = project.codebook.add("Autocoded, a phrase on every 25th page")
        made = timed(
            "autocode 'household income' across every study",
            lambda: project.autocode("household income", many.id, ignore_case=True),
        )
        print(f"    -> {len(made)} passages")
        print(f"  resident memory now: {rss_mb():.0f} MB; peak: {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=300)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--passages", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="build here once and reuse it next time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        path = args.keep or Path(temp) / "scale.habitus"
        if not path.exists():
            build(path, args.studies, args.pages, args.passages)
        # Measured on a copy: autocoding adds passages, and a kept project stays as built.
        copy = Path(temp) / "measured.habitus"
        shutil.copyfile(path, copy)
        measure(copy)


if __name__ == "__main__":
    main()
