"""`habitus`: the headless commands, and the door to the window.

Exit codes: 0 success, 1 when some input failed (each failure named with its reason),
2 on usage errors or a project that cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    from app.core.project import Project

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

    imp = sub.add_parser("import", help="import PDFs (files or folders) or a codebook")
    imp.add_argument("project", type=Path)
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--password", help="password for protected PDFs")

    info = sub.add_parser("info", help="studies, factors, themes and passage counts")
    info.add_argument("project", type=Path)
    info.add_argument("--json", action="store_true", help="print JSON")

    auto = sub.add_parser("autocode", help="code every occurrence of a phrase")
    auto.add_argument("project", type=Path)
    auto.add_argument("--phrase", required=True)
    auto.add_argument("--code", required=True, help="factor name (created if missing)")
    auto.add_argument("--ignore-case", action="store_true")

    exp = sub.add_parser("export", help="export coded passages (.xlsx) or the codebook (.qdc)")
    exp.add_argument("project", type=Path)
    exp.add_argument("out", type=Path)

    demo = sub.add_parser("demo", help="build the demo project in a folder")
    demo.add_argument("folder", type=Path)

    gui = sub.add_parser("gui", help="open the window")
    gui.add_argument("project", nargs="?", type=Path)
    gui.add_argument("--demo", action="store_true", help="open the demo project")
    gui.add_argument("--screenshot", type=Path, help="save the window to a PNG and exit")
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

    with Project.create(
        args.project, framework=args.framework, template_file=args.template
    ) as project:
        print(f"Created {project.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    codebooks = [p for p in args.paths if p.suffix.lower() in CODEBOOK_SUFFIXES]
    pdfs = [p for p in args.paths if p not in codebooks]
    status = 0
    with _open(args.project) as project:
        for path in codebooks:
            status = max(status, _import_codebook(project, path))
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
                print(f"  failed: {failure.path}: {failure.reason}", file=sys.stderr)
            if report.stopped:
                print(f"The import stopped: {report.stopped}", file=sys.stderr)
            if report.failures or report.stopped:
                status = 1
    return status


def _import_codebook(project: Project, path: Path) -> int:
    from app.core.codebook_import import import_codebook_file
    from app.core.errors import REFUSALS

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
        print(f"  {study['name']}: {study['pages']} pages, {study['passages']} passages{flags}")
    print(f"Factors: {len(summary['factors'])}")
    for factor in summary["factors"]:
        themes = f"  ({', '.join(factor['themes'])})" if factor["themes"] else ""
        print(f"  {factor['name']}: {factor['passages']} passages{themes}")
    for framework in summary["frameworks"]:
        print(f"Framework {framework['name']}: {', '.join(framework['themes'])}")
    print(f"Passages: {summary['passages']}")
    return 0


def cmd_autocode(args: argparse.Namespace) -> int:
    with _open(args.project) as project:
        code = project.codebook.find(args.code) or project.codebook.add(args.code)
        made = project.autocode(args.phrase, code.id, ignore_case=args.ignore_case)
    print(f"Coded {len(made)} new passages with {code.name!r}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    suffix = args.out.suffix.lower()
    with _open(args.project, read_only=True) as project:
        if suffix == ".xlsx":
            from app.exchange.xlsx_passages import write_passages_xlsx

            rows = write_passages_xlsx(project, args.out)
            print(f"Wrote {rows} coded passages to {args.out}")
        elif suffix == ".qdc":
            from app.core.codebook_export import codebook_data
            from app.exchange.qdc import write_qdc

            data = codebook_data(project)
            write_qdc(data, args.out, origin=f"Habitus {__version__}")
            print(f"Wrote {len(data.codes)} top-level factors to {args.out}")
        else:
            raise UsageError(f"cannot export to {args.out.name}: use .xlsx or .qdc")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.core.demo import build_demo

    path = build_demo(args.folder)
    print(f"Built the demo project {path}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.launch import launch

    return launch(args.project, demo=args.demo, screenshot=args.screenshot)


COMMANDS = {
    "new": cmd_new,
    "import": cmd_import,
    "info": cmd_info,
    "autocode": cmd_autocode,
    "export": cmd_export,
    "demo": cmd_demo,
    "gui": cmd_gui,
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
    except UsageError as error:
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
