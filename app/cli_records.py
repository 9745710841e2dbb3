"""The command line's study records: `studies`, `study`, `lists`, `prisma` and reference files
given to `import`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.project import Project
    from app.core.record_types import StudyRecord

REFERENCE_SUFFIXES = {".ris", ".bib", ".bibtex"}
PRISMA_SUFFIXES = {".svg", ".png", ".csv", ".json"}


class UsageError(Exception):
    pass


def add_parsers(sub: Any) -> None:
    studies = sub.add_parser("studies", help="list the studies with their records")
    studies.add_argument("project", type=Path)
    studies.add_argument("--json", action="store_true", help="print JSON")

    study = sub.add_parser(
        "study",
        help="show or edit one study's record, rename, delete it or attach its PDF",
        description="STUDY is an id, a citation such as 'Hall et al. (2021)', or a name.",
    )
    study.add_argument("project", type=Path)
    study.add_argument("study")
    action = study.add_mutually_exclusive_group()
    action.add_argument(
        "--set",
        metavar="FIELD=VALUE",
        action="append",
        help="set a field (authors, year, title, journal, volume, issue, page_range, doi, "
        "design, sample_size, sample, country, setting, status, reason, groups) or an "
        "attribute by its name; authors and groups are separated by ';'",
    )
    action.add_argument("--confirm", action="store_true", help="confirm the guessed fields")
    action.add_argument("--rename", metavar="NAME")
    action.add_argument("--delete", action="store_true")
    action.add_argument("--attach", metavar="FILE.pdf", type=Path, help="attach or replace")
    study.add_argument("--password", help="password of the PDF given with --attach")
    study.add_argument("--json", action="store_true", help="print the record as JSON")

    lists = sub.add_parser("lists", help="groups, exclusion reasons and attributes; add to them")
    lists.add_argument("project", type=Path)
    lists.add_argument("--group", action="append", default=[], metavar="NAME")
    lists.add_argument("--reason", action="append", default=[], metavar="NAME")
    lists.add_argument(
        "--attribute",
        action="append",
        default=[],
        metavar="NAME=KIND",
        help="KIND is text, number, date or choice:a|b|c",
    )

    prisma = sub.add_parser("prisma", help="PRISMA 2020 flow diagram (.svg, .png) or numbers")
    prisma.add_argument("project", type=Path)
    prisma.add_argument("out", type=Path, help="OUT.svg, OUT.png, OUT.csv or OUT.json")


def _open(path: Path, read_only: bool = False) -> Project:
    from app.core.project import Project

    return Project.open(path, read_only=read_only)


def _line(record: StudyRecord) -> str:
    year = str(record.year) if record.year is not None else "—"
    status = record.status + (f" ({record.reason})" if record.reason else "")
    groups = f"  [{'; '.join(record.groups)}]" if record.groups else ""
    flags = f"  ({', '.join(record.flags())})" if record.flags() else ""
    return (
        f"{record.id:>4}  {record.label}  {year}  {status}  "
        f"{record.page_count} pages, {record.passage_count} passages{groups}{flags}"
    )


def cmd_studies(args: argparse.Namespace) -> int:
    from app.core.record_export import record_dict

    with _open(args.project, read_only=True) as project:
        records = project.records.list()
    if args.json:
        print(json.dumps([record_dict(r) for r in records], indent=2, ensure_ascii=False))
        return 0
    for record in records:
        print(_line(record))
    print(f"{len(records)} studies")
    return 0


def _field_changes(project: Project, assignments: list[str]) -> dict[str, str]:
    from app.core.record_types import FIELD_LABELS

    names = {key: key for key in FIELD_LABELS} | {
        label.casefold(): key for key, label in FIELD_LABELS.items()
    }
    changes: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep:
            raise UsageError(f"--set takes FIELD=VALUE, not {assignment!r}")
        name = name.strip()
        key = names.get(name.casefold()) or names.get(name.casefold().replace(" ", "_"))
        if key == "name":
            raise UsageError("use --rename to change the study's name")
        if key is None:
            attribute = project.records.attributes.find(name.removeprefix("attribute:"))
            if attribute is None:
                known = ", ".join(d.name for d in project.records.attributes.defs()) or "none"
                raise UsageError(
                    f"no field or attribute called {name!r} (attributes: {known}); "
                    "define attributes with `habitus lists P --attribute NAME=KIND`"
                )
            key = f"attribute:{attribute.name}"
        changes[key] = value
    return changes


def cmd_study(args: argparse.Namespace) -> int:
    from app.core.record_export import record_dict

    with _open(args.project) as project:
        record = project.records.find(args.study)
        if args.set:
            project.records.update(record.id, _field_changes(project, args.set), create_groups=True)
            print(f"Updated {project.records.get(record.id).label}")
        elif args.confirm:
            project.records.update(record.id, {"guessed": ()})
            print(f"Confirmed the record of {project.records.get(record.id).label}")
        elif args.rename is not None:
            project.studies.rename(record.id, args.rename)
            print(f"Renamed study {record.id} to {project.studies.get(record.id).name!r}")
        elif args.delete:
            project.records.delete([record.id])
            print(f"Deleted {record.label} and its {record.passage_count} passages")
            return 0
        elif args.attach is not None:
            return _attach(project, record, args.attach, args.password)
        shown = project.records.get(record.id)
    if args.json:
        print(json.dumps(record_dict(shown), indent=2, ensure_ascii=False))
    elif not (args.set or args.confirm or args.rename is not None):
        _show(shown)
    return 0


def _show(record: StudyRecord) -> None:
    from app.core.record_export import record_dict
    from app.core.record_fields import display
    from app.core.record_types import FIELD_LABELS, RECORD_FIELDS

    data = record_dict(record)
    print(f"{record.label}  (study {record.id}, {record.name})")
    for name in (*RECORD_FIELDS, "status", "reason", "groups"):
        value = display(name, getattr(record, name))
        guess = "  (guessed)" if name in record.guessed else ""
        print(f"  {FIELD_LABELS[name]}: {value}{guess}")
    for name, value in record.attributes.items():
        print(f"  {name}: {value}")
    full_text = record.filename if record.has_pdf else "none yet"
    print(f"  Full text: {full_text}; {data['pages']} pages, {data['passages']} passages")
    if record.flags():
        print(f"  Flags: {', '.join(record.flags())}")


def _attach(project: Project, record: StudyRecord, path: Path, password: str | None) -> int:
    from app.core.errors import CoreError
    from app.core.replace_pdf import PasswordNeeded, read_pdf, replace_pdf, unplaced_passages

    try:
        new = read_pdf(path, password)
    except PasswordNeeded as error:
        raise CoreError(f"{error} (give it with --password)") from error
    result = replace_pdf(project, record.id, new)
    verb = "Replaced the PDF of" if record.has_pdf else "Attached the PDF to"
    print(f"{verb} {project.records.get(record.id).label}: {result.summary()}")
    for passage_id in unplaced_passages(project, record.id):
        passage = project.passages.get(passage_id)
        quote = " ".join(passage.quote.split())
        print(
            f"  to place: passage {passage.id} (was on page {passage.start_page + 1}): "
            f"{quote[:80]!r}",
            file=sys.stderr,
        )
    return 0


def cmd_lists(args: argparse.Namespace) -> int:
    from app.core.record_types import ATTRIBUTE_KINDS

    with _open(args.project) as project:
        lists = project.records.lists
        for name in args.group:
            lists.add_group(name)
        for name in args.reason:
            lists.add_reason(name)
        for spec in args.attribute:
            name, _, kind = spec.partition("=")
            kind, _, choices = (kind or "text").partition(":")
            if kind not in ATTRIBUTE_KINDS:
                raise UsageError(f"attribute kinds are {', '.join(ATTRIBUTE_KINDS)}; not {kind!r}")
            project.records.attributes.define(name, kind, choices.split("|") if choices else ())
        groups, reasons = lists.groups(), lists.reasons()
        attributes = project.records.attributes.defs()
    print("Groups:")
    for group in groups:
        print(f"  {group.name} ({group.studies} studies)")
    print("Exclusion reasons:")
    for reason in reasons:
        print(f"  {reason.name} ({reason.studies} studies)")
    print("Attributes:")
    for attribute in attributes:
        choices = f": {' | '.join(attribute.choices)}" if attribute.choices else ""
        print(f"  {attribute.name} ({attribute.kind}{choices})")
    return 0


def cmd_prisma(args: argparse.Namespace) -> int:
    from app.core.prisma import project_prisma
    from app.exchange.prisma import prisma_svg, write_prisma

    suffix = args.out.suffix.lower()
    if suffix not in PRISMA_SUFFIXES:
        raise UsageError(f"cannot write {args.out.name}: use .svg, .png, .csv or .json")
    with _open(args.project, read_only=True) as project:
        counts = project_prisma(project)
        title = f"{project.name}: PRISMA 2020 flow diagram"
    if suffix == ".png":
        from app.ui.svg_png import write_png

        write_png(prisma_svg(counts, title), args.out)
    else:
        write_prisma(counts, args.out, title)
    for stage, what, n in counts.rows():
        print(f"{stage:<15} {what}: {n}")
    for note in counts.notes:
        print(f"Note: {note}")
    print(f"Wrote {args.out}")
    return 0


def import_references(project: Project, path: Path, accept_proposed: bool) -> int:
    """`habitus import P refs.ris`: sure matches are applied, the rest printed."""
    from app.core.reference_import import apply, propose
    from app.exchange.errors import ReferenceFileError
    from app.exchange.references import read_references

    try:
        references = read_references(path)
    except ReferenceFileError as error:
        print(f"habitus: {error} Nothing was imported.", file=sys.stderr)
        return 1
    plan = propose(project, path.name, references)
    result = apply(project, plan, only_sure=not accept_proposed)
    print(result.summary())
    waiting = [p for p in plan.proposals if not p.sure and p.method != "known"]
    if waiting and not accept_proposed:
        print(
            "Proposed but not applied (confirm them with File ▸ Import references in the "
            "window, or run again with --accept-proposed):"
        )
        labels = {r.id: r.label for r in project.records.list()}
        for proposal in waiting:
            ref = proposal.reference
            title = ref.title[:60] or "(no title)"
            target = labels.get(proposal.study_id or -1, "?")
            print(f"  line {ref.line}: {title!r} -> {target} ({proposal.why})")
    return 0


COMMANDS = {
    "studies": cmd_studies,
    "study": cmd_study,
    "lists": cmd_lists,
    "prisma": cmd_prisma,
}
