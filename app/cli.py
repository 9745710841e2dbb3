"""`habitus`: the headless commands, and the door to the window.

Exit codes: 0 success, 1 when some input failed (each failure named with its reason),
2 on usage errors or a project that cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__, cli_records
from app.cli_synthesis import SYNTHESIS_COMMANDS, add_parsers

if TYPE_CHECKING:
    from app.core.project import Project
    from app.core.verify import VerifyReport
    from app.exchange.workbook import WorkbookOptions

# Codebooks by their file type; everything else named is taken for a PDF (folders are
# searched for *.pdf). Old .xls files reach the codebook reader, which says to save them as
# .xlsx, rather than the PDF importer, which would only say they are not PDFs.
CODEBOOK_SUFFIXES = {".qdc", ".xlsx", ".xlsm", ".xls", ".csv", ".tsv"}


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="habitus",
        description="Qualitative evidence synthesis on the real PDF page.",
    )
    parser.add_argument("--version", action="version", version=f"Habitus {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="create a project file")
    new.add_argument("project", type=Path)
    new.add_argument("--framework", help="start from a built-in framework, e.g. capitals")
    new.add_argument("--template", type=Path, help="start from a template file (.qdc)")

    imp = sub.add_parser(
        "import",
        help="import PDFs (files or folders), a codebook, references (.ris, .bib) "
        "or a REFI-QDA project (.qdpx)",
    )
    imp.add_argument("project", type=Path)
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--password", help="password for protected PDFs")
    imp.add_argument(
        "--accept-proposed",
        action="store_true",
        help="references: apply matches by title or file name that would otherwise be listed",
    )

    info = sub.add_parser("info", help="studies, factors, themes and passage counts")
    info.add_argument("project", type=Path)
    info.add_argument("--json", action="store_true", help="print JSON")

    auto = sub.add_parser("autocode", help="code every occurrence of a phrase")
    auto.add_argument("project", type=Path)
    wanted = auto.add_mutually_exclusive_group(required=True)
    wanted.add_argument("--phrase")
    wanted.add_argument("--query", help="a search, as `habitus search` takes it")
    auto.add_argument("--code", required=True, help="factor name (created if missing)")
    auto.add_argument("--ignore-case", action="store_true")
    auto.add_argument(
        "--substring",
        action="store_true",
        help="match inside words too (by default only whole words match)",
    )
    auto.add_argument("--regex", action="store_true", help="--query is a regular expression")

    ver = sub.add_parser("verify", help="check every quote against its page, read again")
    ver.add_argument("project", type=Path)
    ver.add_argument("--study", help="only this study (its id, name or file name)")
    ver.add_argument(
        "--reread",
        action="store_true",
        help="read the pages of studies with mismatches again and find their passages anew",
    )

    pages = sub.add_parser("pages", help="show or set the page numbers a study is cited by")
    pages.add_argument("project", type=Path)
    pages.add_argument("study", help="the study's id, name or file name")
    numbering = pages.add_mutually_exclusive_group()
    numbering.add_argument(
        "--first", type=int, metavar="N", help="the number printed on the study's first page"
    )
    numbering.add_argument(
        "--detected", action="store_true", help="go back to the numbers found on the pages"
    )

    exp = sub.add_parser(
        "export",
        help="export the workbook (.xlsx), passages (.csv), the project (.qdpx) or codebook (.qdc)",
    )
    exp.add_argument("project", type=Path)
    exp.add_argument("out", type=Path)
    exp.add_argument("--framework", help="the framework whose themes group Table 1 (by name)")
    exp.add_argument("--included", action="store_true", help="included studies only")
    exp.add_argument("--group", help="only the studies of this group")
    exp.add_argument(
        "--wide", action="store_true", help="one row per passage with a 0/1 column per factor"
    )
    exp.add_argument("--ticks", action="store_true", help="Table 1 shows ticks, not counts")
    exp.add_argument(
        "--no-pictures", action="store_true", help="leave out the pictures of region passages"
    )

    demo = sub.add_parser("demo", help="build the demo project in a folder")
    demo.add_argument("folder", type=Path)

    add_parsers(sub)

    gui = sub.add_parser("gui", help="open the window")
    gui.add_argument("project", nargs="?", type=Path)
    gui.add_argument("--demo", action="store_true", help="open the demo project")
    gui.add_argument("--screenshot", type=Path, help="save the window to a PNG and exit")
    cli_records.add_parsers(sub)
    gui.add_argument(
        "--screen",
        type=_screen_size,
        metavar="WIDTHxHEIGHT",
        help="with --screenshot: lay the window out as on first launch on a screen this size",
    )
    return parser


def _open(path: Path, read_only: bool = False) -> Project:
    from app.core.project import Project

    return Project.open(path, read_only=read_only)


class _ProgressBar:
    """A one-line bar on stderr; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int, _name: str = "", unit: str = "pages") -> None:
        if not self.live or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {unit}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.live:
            sys.stderr.write("\n")


def cmd_new(args: argparse.Namespace) -> int:
    from app.core.project import Project
    from app.exchange.codebook_files import read_template

    template = None if args.template is None else read_template(args.template)
    with Project.create(args.project, framework=args.framework, template=template) as project:
        print(f"Created {project.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    codebooks = [p for p in args.paths if p.suffix.lower() in CODEBOOK_SUFFIXES and p.is_file()]
    references = [p for p in args.paths if p.suffix.lower() in cli_records.REFERENCE_SUFFIXES]
    projects = [p for p in args.paths if p.suffix.lower() == ".qdpx" and p.is_file()]
    pdfs = [p for p in args.paths if p not in codebooks and p not in references + projects]
    status = 0
    if not args.project.exists() and projects and not (pdfs or codebooks or references):
        # A REFI-QDA project into a new project file: made only once the .qdpx is checked.
        return _import_qdpx_new(args.project, projects)
    with _open(args.project) as project:
        if projects:
            # An import into an existing project is saved whole, with no undo: the project
            # as it was is kept among its backups before anything else is added.
            kept = project.back_up()
            if kept is not None:
                print(f"Backed up the project first: {kept}")
        for path in codebooks:
            status = max(status, _import_codebook(project, path))
        for path in references:
            status = max(status, cli_records.import_references(project, path, args.accept_proposed))
        for path in projects:
            status = max(status, _import_qdpx(project, path))
        if pdfs:
            bar = _ProgressBar()
            report = project.import_pdfs(pdfs, password=args.password, progress=bar)
            bar.finish()
            print(
                f"Imported {len(report.added)} studies ({report.pages} pages); "
                f"{len(report.duplicates)} already in the project; "
                f"{len(report.failures)} failed."
            )
            for failure in report.failures:
                hint = " (give it with --password)" if failure.needs_password else ""
                print(f"  failed: {failure.path}: {failure.reason}{hint}", file=sys.stderr)
            if report.stopped:
                print(f"The import stopped: {report.stopped}", file=sys.stderr)
            if report.failures or report.stopped:
                status = 1
    return status


def _import_qdpx_new(target: Path, sources: list[Path]) -> int:
    from app.core.project import Project
    from app.exchange.errors import ExchangeError
    from app.exchange.qdpx.importer import load_qdpx

    try:
        first = load_qdpx(sources[0])
    except ExchangeError as error:
        print(f"habitus: {error}", file=sys.stderr)
        return 1
    first.close()
    project = Project.create(target)
    try:
        status = max(_import_qdpx(project, path, strict=True) for path in sources)
    except ExchangeError as error:
        project.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        print(f"habitus: {error}", file=sys.stderr)
        return 1
    project.close()
    print(f"Created {target}")
    return status


def _import_codebook(project: Project, path: Path) -> int:
    from app.core.errors import REFUSALS
    from app.exchange.codebook_files import import_codebook_file

    bar = _ProgressBar()
    try:
        result = import_codebook_file(
            project, path, progress=lambda done, total: bar(done, total, unit="factors")
        )
    except REFUSALS as error:
        bar.finish()
        print(f"habitus: {error}", file=sys.stderr)
        return 1
    bar.finish()
    print(result.summary())
    for problem in result.problems:
        print(f"  {path.name}: {problem}", file=sys.stderr)
    return 1 if result.problems else 0


def _import_qdpx(project: Project, path: Path, strict: bool = False) -> int:
    from app.exchange.errors import ExchangeError
    from app.exchange.qdpx.importer import import_qdpx

    bar = _ProgressBar()
    try:
        result = import_qdpx(project, path, progress=bar)
    except ExchangeError as error:
        bar.finish()
        if strict:
            raise
        print(f"habitus: {error}", file=sys.stderr)
        return 1
    bar.finish()
    print(result.summary())
    missing = result.not_imported()
    if missing:
        print(f"  Not imported: {'; '.join(missing)}.")
    for problem in result.problems:
        print(f"  {path.name}: {problem}", file=sys.stderr)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from app.core.summary import project_summary

    with _open(args.project, read_only=True) as project:
        summary = project_summary(project)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    print(f"{summary['name']}  ({summary['path']})")
    print(f"Studies: {len(summary['studies'])}")
    for study in summary["studies"]:
        flags = f"  [{', '.join(study['flags'])}]" if study["flags"] else ""
        cited = f" (pp. {study['cited_pages']})" if study["cited_pages"] else ""
        print(
            f"  {study['label']}: {study['pages']} pages{cited}, "
            f"{study['passages']} passages{flags}"
        )
    print(f"Factors: {len(summary['factors'])}")
    for factor in summary["factors"]:
        themes = f"  ({', '.join(factor['themes'])})" if factor["themes"] else ""
        print(f"  {factor['name']}: {factor['passages']} passages{themes}")
    for framework in summary["frameworks"]:
        print(f"Framework {framework['name']}: {', '.join(framework['themes'])}")
    print(f"Passages: {summary['passages']}")
    return 0


def cmd_autocode(args: argparse.Namespace) -> int:
    from app.core.fulltext import SearchOptions
    from app.core.fulltext.coding import plan_coding

    if args.regex and args.query is None:
        raise UsageError("--regex goes with --query")
    with _open(args.project) as project:
        code = project.codebook.find(args.code) or project.codebook.add(args.code)
        whole_words = not args.substring
        if args.query is None:
            made = project.autocode(
                args.phrase, code.id, ignore_case=args.ignore_case, whole_words=whole_words
            )
        else:
            options = SearchOptions(args.ignore_case, whole_words, args.regex)
            hits = [hit.hit for hit in project.fulltext.search(args.query, options).hits]
            plan = plan_coding(project.passages, hits, code.id)
            made = project.passages.add_text_many(plan.new) if plan.new else []
    print(f"Coded {len(made)} new passages with {code.name!r}.")
    return 0


def _find_study(project: Project, ref: str) -> int:
    """A study named on the command line by its id, citation, name or file name."""
    return project.records.find(ref).id


def cmd_verify(args: argparse.Namespace) -> int:
    from app.core.errors import ProjectLocked
    from app.core.verify import verify

    try:
        project = _open(args.project)
    except ProjectLocked:
        if args.reread:
            raise
        # Open in a window: check anyway, without recording the findings.
        project = _open(args.project, read_only=True)
    with project:
        study_id = _find_study(project, args.study) if args.study else None
        report = verify(project, study_id)
        if args.reread:
            stale = {m.study_id for m in report.mismatches} | set(report.earlier_layers)
            if stale:
                _reread(project, sorted(stale))
                report = verify(project, study_id)
        elif report.earlier_layers:
            print(
                f"{len(report.earlier_layers)} studies were read by an earlier version of "
                "Habitus; `--reread` reads them again with today's."
            )
    _print_mismatches(report)
    return 1 if report.mismatches else 0


def _reread(project: Project, study_ids: list[int]) -> None:
    from app.core.replace_pdf import read_stored_pdf, replace_pdf
    from app.core.text_layer import LAYER_VERSION

    for study_id in study_ids:
        info = project.studies.get(study_id)
        if not info.has_pdf:
            continue
        earlier = project.studies.text_layer(study_id) < LAYER_VERSION
        result = replace_pdf(project, study_id, read_stored_pdf(project, study_id), reread=True)
        why = " (read by an earlier version of Habitus)" if earlier else ""
        print(f"Read {info.label} again{why}: {result.summary()}")


def _print_mismatches(report: VerifyReport) -> None:
    by_study: dict[str, list[str]] = {}
    for m in report.mismatches:
        where = f"p. {m.page} (PDF page {m.pdf_page})" if m.pdf_page else "to place"
        by_study.setdefault(m.study, []).append(f"    {where}: {m.quote[:80]!r}\n      {m.problem}")
    for study, lines in by_study.items():
        print(f"{study}:")
        print("\n".join(lines))
    print(
        f"Checked {report.checked} quotes: "
        + (f"{len(report.mismatches)} no longer match their page." if report.mismatches
           else "every one matches its page.")
    )  # fmt: skip


def cmd_pages(args: argparse.Namespace) -> int:
    with _open(args.project, read_only=args.first is None and not args.detected) as project:
        study_id = _find_study(project, args.study)
        if args.first is not None:
            project.page_numbers.set_first_printed(study_id, args.first)
        elif args.detected:
            project.page_numbers.set_first_printed(study_id, None)
        numbers = project.page_numbers.of_study(study_id)
        setting = project.page_numbers.first_printed(study_id)
        label = project.studies.get(study_id).label
    source = f"numbered by hand from {setting}" if setting is not None else "as found on the pages"
    print(f"{label}: {len(numbers)} pages, {source}")
    for number in numbers:
        found = number.printed or "-"
        viewer = number.label or "-"
        print(f"  PDF page {number.position:>4}  cited as {number.cited:>6}  "
              f"(printed {found}, viewer label {viewer})")  # fmt: skip
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.exchange.errors import ExchangeError

    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".qdpx", ".qdc"):
        raise UsageError(f"cannot export to {args.out.name}: use .xlsx, .csv, .qdpx or .qdc")
    with _open(args.project, read_only=True) as project:
        try:
            _export(project, args, suffix)
        except ExchangeError as error:
            print(f"habitus: {error}", file=sys.stderr)
            return 1
    return 0


def _export(project: Project, args: argparse.Namespace, suffix: str) -> None:
    if suffix == ".qdc":
        from app.core.codebook_export import codebook_data
        from app.exchange.qdc import write_qdc

        data = codebook_data(project)
        write_qdc(data, args.out, origin=f"Habitus {__version__}")
        print(f"Wrote {len(data.codes)} top-level factors to {args.out}")
        return
    if suffix == ".qdpx":
        from app.exchange.qdpx.writer import export_qdpx

        bar = _ProgressBar()
        written = export_qdpx(project, args.out, progress=bar)
        bar.finish()
        print(
            f"Wrote {written.studies} studies, {written.passages} passages, "
            f"{written.factors} factors and {written.notes} memos to {args.out}"
        )
        return
    options = _workbook_options(project, args)
    if suffix == ".csv":
        from app.exchange.csv_passages import write_passages_csv

        rows = write_passages_csv(project, args.out, options)
        print(f"Wrote {rows} rows of coded passages to {args.out}")
        return
    from app.exchange.workbook import write_workbook

    summary = write_workbook(project, args.out, options)
    print(
        f"Wrote the workbook of {summary.studies} studies and {summary.passages} passages "
        f"({summary.rows} rows) to {args.out}"
    )
    if summary.pictures_missing:
        print(f"  {summary.pictures_missing} region pictures could not be drawn.", file=sys.stderr)


def _workbook_options(project: Project, args: argparse.Namespace) -> WorkbookOptions:
    from app.exchange.workbook import WorkbookOptions

    framework_id = None
    if args.framework:
        wanted = args.framework.strip().casefold()
        found = [f for f in project.frameworks.list() if f.name.casefold() == wanted]
        if not found:
            names = ", ".join(f.name for f in project.frameworks.list()) or "none"
            raise UsageError(f"no framework named {args.framework!r} (the project has: {names})")
        framework_id = found[0].id
    return WorkbookOptions(
        framework_id=framework_id,
        included_only=args.included,
        group=args.group or None,
        wide=args.wide,
        ticks=args.ticks,
        pictures=not args.no_pictures,
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from app.core.demo import build_demo

    path = build_demo(args.folder)
    print(f"Built the demo project {path}")
    return 0


def _screen_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT (1366x768)") from None
    if width < 640 or height < 480:
        raise argparse.ArgumentTypeError(f"{text} is smaller than a screen Habitus fits on")
    return width, height


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.launch import launch

    return launch(args.project, demo=args.demo, screenshot=args.screenshot, screen=args.screen)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new,
    "import": cmd_import,
    "info": cmd_info,
    "autocode": cmd_autocode,
    "verify": cmd_verify,
    "pages": cmd_pages,
    "export": cmd_export,
    "demo": cmd_demo,
    "gui": cmd_gui,
    **cli_records.COMMANDS,
    **SYNTHESIS_COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; whatever happens, the user reads a sentence, never a traceback."""
    from app.core.errors import CoreError, ProjectFileError, StoreError
    from app.exchange.errors import CodebookError, ExportError

    for stream in (sys.stdout, sys.stderr):
        # A file name that is not valid UTF-8, or a terminal that is not UTF-8, must not
        # turn printing a result into a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, cli_records.UsageError) as error:
        print(f"habitus: {error}", file=sys.stderr)
        return 2
    except (ProjectFileError, FileExistsError) as error:
        print(f"habitus: {error}", file=sys.stderr)
        return 2
    except (CoreError, StoreError, CodebookError, ExportError) as error:
        print(f"habitus: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # A full disk, a read-only folder, a missing directory: name it, no traceback.
        where = f" ({error.filename})" if error.filename else ""
        print(f"habitus: {error.strerror or error}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("habitus: interrupted; every change made before is saved.", file=sys.stderr)
        return 130
    except Exception as error:
        # Something we did not foresee: say what and where the details went.
        return _unexpected(args.command, error)


def _unexpected(command: str, error: Exception) -> int:
    import logging
    import tempfile
    import traceback

    details = "".join(traceback.format_exception(error))
    log = Path(tempfile.gettempdir()) / "habitus-error.log"
    try:
        log.write_text(details, encoding="utf-8")
        where = f"; the details are in {log}"
    except OSError:
        where = ""
    logging.getLogger("habitus").error("%s failed:\n%s", command, details)
    print(
        f"habitus: {command} failed: {error or type(error).__name__}{where}. "
        "Changes saved before this point are kept.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
