"""Study records at review scale: listing records, matching references, re-anchoring passages
in a replaced PDF; each figure beside the raw library doing the same work.

    .venv/bin/python bench/records.py [--studies 300] [--references 600]

The re-anchoring part reads the journal articles of ../shared/corpus.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import common
from rapidfuzz import fuzz, process

from app.core.passages import TextSpan
from app.core.project import Project
from app.core.reanchor import Finder, fold_whitespace
from app.core.record_types import Reference
from app.core.reference_match import StudyFacts, fold, plan
from app.core.replace_pdf import read_pdf, replace_pdf

T = TypeVar("T")
WORDS = [
    *("personal", "budgets", "families", "disability", "funding", "planning", "meetings"),
    *("parents", "advocacy", "informal", "networks", "income", "employment", "education"),
    *("inequality", "scheme", "choice", "control", "market", "care", "services", "rural"),
    *("access", "self-management", "carers", "assistance", "outcomes"),
]


def timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    print(f"  {label:58} {1000 * elapsed:9.1f} ms")
    return result, elapsed


def titles(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))) for _ in range(count)]


def bench_matching(studies: int, references: int) -> None:
    print(f"Matching {references} references to {studies} studies (titles, first pages)")
    rng = random.Random(3)
    study_titles = titles(rng, studies)
    facts = [
        StudyFacts(i, f"s{i}", "", "", fold(t), 2020, fold(f"Journal {t} by Someone"), f"s{i}.pdf")
        for i, t in enumerate(study_titles)
    ]
    refs = []
    for i in range(references):
        if i % 2 == 0:  # a study's title, re-cased and with a word changed
            words = study_titles[i % studies].upper().split()
            words[-1] = rng.choice(WORDS)
            refs.append(Reference(line=i, title=" ".join(words), year=2020, fields={"n": str(i)}))
        else:
            refs.append(Reference(line=i, title=titles(rng, 1)[0], fields={"n": str(i)}))
    _, ours = timed(
        "plan(): DOI, title, first page, file name", lambda: plan("x", refs, facts, set())
    )
    folded = [fold(r.title) for r in refs]
    tops = [f.top_of_page for f in facts]
    names = [f.title for f in facts]

    def raw() -> None:
        for title in folded:
            process.extractOne(title, names, scorer=fuzz.ratio, score_cutoff=88)
            process.extractOne(title, tops, scorer=fuzz.partial_ratio, score_cutoff=88)

    _, base = timed("rapidfuzz extractOne: ratio + partial_ratio, same pairs", raw)
    print(f"    {ours / base:.1f}x the raw comparisons")


def bench_listing(studies: int) -> None:
    print(f"Listing {studies} records")
    with (
        tempfile.TemporaryDirectory() as temp,
        Project.create(Path(temp) / "r.habitus") as project,
    ):
        project.records.lists.add_group("a")
        rng = random.Random(5)
        for title in titles(rng, studies):
            project.records.create(
                fields={"title": title, "authors": "Hall, S.; Ortiz, J.", "groups": "a"}
            )
        timed("records.list() (citations, groups, attributes)", project.records.list)
        timed("studies.list() (citations)", project.studies.list)
        with project.database.reading() as session:
            from sqlalchemy import text

            timed(
                "raw SELECT * FROM studies",
                lambda: session.execute(text("SELECT * FROM studies")).all(),
            )


_SENTENCE = re.compile(r"[A-Z][^.!?]{60,280}[.!?]")


def articles() -> list[Path]:
    # A worktree sits one folder deeper than the main checkout beside ../shared.
    for corpus in (common.CORPUS, common.ROOT.parents[1] / "shared" / "corpus"):
        if corpus.is_dir():
            common.CORPUS = corpus
            break
    return [p for p in common.corpus_files() if "large" not in p.name]


def bench_reanchoring() -> None:
    print("Re-anchoring passages in a new version of real articles")
    files = articles()
    with tempfile.TemporaryDirectory() as temp:
        for path in files:
            new = read_pdf(path)
            texts = [page.text for page in new.pages]
            rng = random.Random(11)
            quotes = [
                (index, m.group())
                for index, text in enumerate(texts)
                for m in _SENTENCE.finditer(text)
            ]
            if not quotes:
                continue
            picked = rng.sample(quotes, min(40, len(quotes)))
            # The "corrected proof": a new first page, and one word of each quote changed.
            shifted = ["An erratum page added in proof.\n" * 20, *texts]
            finder = Finder(shifted)
            edited = [(p, q.replace(" the ", " a ", 1)) for p, q in picked]
            found, ours = timed(
                f"{path.name[:28]}: {len(picked)} quotes, {len(texts)} pp",
                lambda f=finder, e=edited: [f.find(q, p) for p, q in e],
            )
            right = sum(
                1
                for hit, (page, _) in zip(found, edited, strict=True)
                if hit is not None and hit.start_page == page + 1
            )
            fuzzy = sum(1 for hit in found if hit is not None and not hit.exact)
            print(f"    {right} found on their page, {fuzzy} of them fuzzy")
            joined = fold_whitespace("\n".join(shifted))[0]
            _, base = timed(
                "    rapidfuzz partial_ratio_alignment over the whole text",
                lambda j=joined, e=edited: [
                    fuzz.partial_ratio_alignment(fold_whitespace(q)[0], j) for _, q in e
                ],
            )
            print(f"    {ours / base:.2f}x the raw alignment")
        bench_replace(files[0], Path(temp))


def bench_replace(path: Path, folder: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    print(f"Replacing {path.name} with a re-saved copy, passages coded on every page")
    with Project.create(folder / "replace.habitus") as project:
        study = project.import_pdfs([path]).added[0]
        texts = project.studies.texts(study.id)
        spans = []
        for index, text in enumerate(texts):
            for match in list(_SENTENCE.finditer(text))[:3]:
                spans.append(TextSpan(study.id, index, match.start(), index, match.end()))
        timed(f"code {len(spans)} passages", lambda: project.passages.add_text_many(spans))
        writer = PdfWriter(clone_from=PdfReader(path))
        buffer = io.BytesIO()
        writer.write(buffer)
        copy = folder / f"resaved-{path.name}"
        copy.write_bytes(buffer.getvalue())
        new, _ = timed("read the new PDF (text of every page)", lambda: read_pdf(copy))
        result, _ = timed(
            "replace: store pages, find and re-anchor every passage",
            lambda: replace_pdf(project, study.id, new),
        )
        print(f"    {result.summary()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=300)
    parser.add_argument("--references", type=int, default=600)
    args = parser.parse_args()
    bench_listing(args.studies)
    bench_matching(args.studies, args.references)
    bench_reanchoring()


if __name__ == "__main__":
    main()
