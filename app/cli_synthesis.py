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

    passages = sub.add_parser("passages", help="every coded passage, filtered (the browser)")
    passages.add_argument("project", type=Path)
    passages.add_argument("--factor", action="append", default=[], help="factor name (repeat)")
    passages.add_argument("--all-factors", action="store_true", help="carry every --factor")
    passages.add_argument("--theme", action="append", default=[], help="theme name (repeat)")
    passages.add_argument("--text", default="", help="in the quote or memo")
    _study_filters(passages)
    _outputs(passages)

    matrix = sub.add_parser("table1", help="studies by factors under the framework's themes")
    matrix.add_argument("project", type=Path)
    matrix.add_argument("--framework", help="framework name (default: the first)")
    matrix.add_argument("--status", action="append", default=[], help="only this status")
    matrix.add_argument("--group", action="append", default=[], help="only this group")
    matrix.add_argument("--no-subfactors", action="store_true")
    matrix.add_argument("--ticks", action="store_true", help="a tick instead of counts")
    matrix.add_argument("--rollup", action="store_true", help="add studies by theme")
    matrix.add_argument("--transpose", action="store_true", help="factors as rows")
    _outputs(matrix)

    pairs = sub.add_parser("cooccurrence", help="factor by factor: overlaps, both, studies")
    pairs.add_argument("project", type=Path)
    pairs.add_argument("--measure", choices=["overlapping", "both", "studies"], default="both")
    _outputs(pairs)


def _study_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--study", action="append", default=[], help="study name or citation")
    parser.add_argument("--status", action="append", default=[], help="screening status")
    parser.add_argument("--group", action="append", default=[], help="study group")
    parser.add_argument(
        "--attribute", action="append", default=[], metavar="NAME=VALUE", help="study attribute"
    )
    parser.add_argument("--no-subfactors", action="store_true", help="factors without children")


def _outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--out", type=Path, help="write .csv, .xlsx or .html instead")


def open_to_read(path: Path) -> Project:
    from app.core.project import Project

    return Project.open(path, read_only=True)


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


def _named(items: list[Any], names: list[str], what: str) -> tuple[int, ...]:
    from app.cli import UsageError

    found: list[int] = []
    for name in names:
        wanted = name.strip().casefold()
        match = next((item.id for item in items if item.name.casefold() == wanted), None)
        if match is None:
            raise UsageError(f"no {what} called {name!r}")
        found.append(match)
    return tuple(found)


def _emit(args: argparse.Namespace, grid: Any, payload: Any) -> int:
    from app.cli import UsageError
    from app.exchange.grid_formats import to_html, to_tsv, write_csv, write_xlsx

    if args.out is not None:
        suffix = args.out.suffix.lower()
        if suffix == ".csv":
            rows = write_csv(grid, args.out)
        elif suffix == ".xlsx":
            rows = write_xlsx(grid, args.out)
        elif suffix in (".html", ".htm"):
            args.out.write_text(to_html(grid), encoding="utf-8")
            rows = len(grid.body)
        else:
            raise UsageError(f"cannot write {args.out.name}: use .csv, .xlsx or .html")
        print(f"Wrote {rows} rows to {args.out}")
    elif args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(to_tsv(grid))
    return 0


def cmd_passages(args: argparse.Namespace) -> int:

    from app.cli import UsageError
    from app.core.synthesis.browser import PassageFilter, browse
    from app.core.synthesis.grid import passages_grid

    attributes = []
    for item in args.attribute:
        name, equals, value = item.partition("=")
        if not equals:
            raise UsageError(f"--attribute takes NAME=VALUE, not {item!r}")
        attributes.append((name.strip(), value.strip()))
    with open_to_read(args.project) as project:
        wanted = PassageFilter(
            code_ids=_named(project.codebook.list(), args.factor, "factor"),
            all_codes=args.all_factors,
            subfactors=not args.no_subfactors,
            theme_ids=_named(project.frameworks.themes(), args.theme, "theme"),
            study_ids=tuple(study_ids(project, args.study) or ()),
            statuses=tuple(args.status),
            groups=tuple(args.group),
            attributes=tuple(attributes),
            text=args.text,
        )
        table = browse(project, wanted)
    payload = {"passages": [row.as_dict() for row in table.rows], "studies": table.studies}
    return _emit(args, passages_grid(table), payload)


def cmd_table1(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.core.synthesis.grid import table1_grid
    from app.core.synthesis.table1 import table1

    with open_to_read(args.project) as project:
        framework = None
        if args.framework:
            framework = _named(project.frameworks.list(), [args.framework], "framework")[0]
        table = table1(
            project, framework, args.status, args.group, subfactors=not args.no_subfactors
        )
    grid = table1_grid(table, transpose=args.transpose, ticks=args.ticks, rollup=args.rollup)
    payload = {
        "framework": table.framework.name if table.framework else None,
        "record_headers": list(table.record_headers),
        "groups": [asdict(g) for g in table.groups],
        "columns": [asdict(c) for c in table.columns],
        "rows": [asdict(r) for r in table.rows],
    }
    return _emit(args, grid, payload)


def cmd_cooccurrence(args: argparse.Namespace) -> int:
    from app.core.synthesis.cooccurrence import Measure, cooccurrence
    from app.core.synthesis.grid import cooccurrence_grid

    measure = Measure[args.measure.upper()]
    with open_to_read(args.project) as project:
        result = cooccurrence(project)
    payload = {
        "measure": measure.value,
        "factors": [code.name for code in result.codes],
        "matrix": result.matrix(measure),
    }
    return _emit(args, cooccurrence_grid(result, measure), payload)


SYNTHESIS_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "search": cmd_search,
    "passages": cmd_passages,
    "table1": cmd_table1,
    "cooccurrence": cmd_cooccurrence,
}
