"""`habitus search`, `passages`, `table1` and `cooccurrence`: the synthesis views, headless.

Each prints what the window shows, as text for reading or JSON (`--json`) for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.project import Project


def add_parsers(sub: Any) -> None:
    """Register the synthesis commands on `habitus`'s subparsers (see SYNTHESIS_COMMANDS)."""
    search = sub.add_parser(
        "search",
        help='search every study: words, "phrases", prefix*, AND, OR, NOT',
        description="Search the text of every study. Whole words by default; operators "
        "AND, OR, NOT in capitals; a trailing * matches the start of a word.",
    )
    search.add_argument("project", type=Path)
    search.add_argument("query")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--regex", action="store_true", help="the query is a regular expression")
    search.add_argument(
        "--substring", action="store_true", help='match inside words too ("race" in "trace")'
    )
    search.add_argument("--match-case", action="store_true", help="upper and lower case differ")
    search.add_argument(
        "--study", action="append", default=[], help="only this study (name or citation)"
    )


def open_for_search(path: Path) -> Project:
    """Writable when it can be (to bring the search index up to date), else read-only."""
    from app.core.errors import ProjectLocked
    from app.core.project import Project

    try:
        return Project.open(path)
    except ProjectLocked:
        return Project.open(path, read_only=True)


def study_ids(project: Project, names: list[str]) -> list[int] | None:
    from app.cli import UsageError

    if not names:
        return None
    studies = project.studies.list()
    chosen: list[int] = []
    for name in names:
        wanted = name.casefold()
        match = [s.id for s in studies if wanted in (s.name.casefold(), s.label.casefold())]
        if not match:
            raise UsageError(f"no study called {name!r} in {project.path.name}")
        chosen.extend(match)
    return chosen


def cmd_search(args: argparse.Namespace) -> int:
    from app.cli import UsageError
    from app.core.fulltext import QueryError, SearchOptions

    options = SearchOptions(
        ignore_case=not args.match_case, whole_words=not args.substring, regex=args.regex
    )
    with open_for_search(args.project) as project:
        try:
            result = project.fulltext.search(args.query, options, study_ids(project, args.study))
        except QueryError as error:
            raise UsageError(str(error)) from None
        studies = {s.id: s for s in project.studies.list()}
        cited = project.page_numbers.cited(list(result.by_study()))
        rows = [_hit_row(hit, studies[hit.study_id].label, cited) for hit in result.hits]
    if args.json:
        payload = {
            "query": args.query,
            "hits": rows,
            "studies": len({row["study_id"] for row in rows}),
            "indexed": result.used_index,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    if not result.used_index:
        print(
            "(the search index could not be brought up to date: every page was read)",
            file=sys.stderr,
        )
    current = None
    for row in rows:
        if row["study_id"] != current:
            current = row["study_id"]
            count = sum(1 for r in rows if r["study_id"] == current)
            print(f"{row['study']}  ({count} hit{'s' if count != 1 else ''})")
        print(f"  p. {row['cited']:<6} {row['context']}")
    hits = len(rows)
    print(f"{hits} hit{'s' if hits != 1 else ''} in {len({r['study_id'] for r in rows})} studies")
    return 0


def _hit_row(hit: Any, label: str, cited: dict[int, list[str]]) -> dict[str, Any]:
    from app.core.page_numbers import page_range

    return {
        "study_id": hit.study_id,
        "study": label,
        "page": hit.page + 1,
        "end_page": hit.hit.last_page + 1,
        "cited": page_range(cited.get(hit.study_id, []), hit.page, hit.hit.last_page),
        "start": hit.hit.start,
        "end": hit.hit.end,
        "text": hit.matched,
        "context": hit.context,
    }


SYNTHESIS_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"search": cmd_search}
