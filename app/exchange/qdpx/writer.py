"""A project as a REFI-QDA .qdpx that NVivo, ATLAS.ti, MAXQDA and QualCoder can open.

- Each study is a PDFSource whose PDF travels in sources/, with a plain-text
  Representation (its pages' text, separated by form feeds).
- A text passage is a PDFSelection (page from 1, whole points from the media box's
  bottom-left) whose own Representation holds the quote, and, under the same guid, a
  PlainTextSelection of the Representation: tools that code text and tools that code PDF
  areas both find it, as in the standard's own example.
- A region passage is a PDFSelection alone.
- Factors are Codes (colour, hierarchy, definition); themes are Sets of codes; memos are
  Notes; study records are Cases with Variables.
- What the standard has no place for (a framework's name and a theme's colour, the exact
  boxes and span of a passage) rides in `<?habitus {...}?>` processing instructions, which
  validators and other tools pass by and Habitus reads back.
"""

from __future__ import annotations

import datetime as dt
import getpass
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.bulk import collector_paused
from app.exchange.atomic import atomic_target
from app.exchange.errors import Cancelled, ExchangeError
from app.exchange.qdpx.conventions import derived_guid, whole_points
from app.exchange.qdpx.xmlout import XmlOut

if TYPE_CHECKING:
    from app.core.project import Project
    from app.core.reporting.coded import CodedPassage
    from app.core.reporting.records import ExchangedField, StudyRecord
    from app.core.types import Code
    from app.pdf.frames import PageFrame

NAMESPACE = "urn:QDA-XML:project:1.0"
PAGE_BREAK = "\f"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class QdpxSummary:
    studies: int
    passages: int
    factors: int
    notes: int


def variable_type(values: list[str]) -> str:
    """The narrowest REFI-QDA variable type all values fit."""
    present = [v for v in values if v != ""]
    if not present:
        return "Text"
    if all(v.lstrip("-").isdigit() and str(int(v)) == v for v in present):
        return "Integer"
    if all(v.lower() in ("true", "false") for v in present):
        return "Boolean"
    try:
        if all(dt.date.fromisoformat(v).isoformat() == v for v in present):
            return "Date"
    except ValueError:
        pass
    return "Text"


_VALUE_ELEMENT = {
    "Text": "TextValue",
    "Integer": "IntegerValue",
    "Boolean": "BooleanValue",
    "Date": "DateValue",
}


def _name(quote: str, limit: int = 80) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "Habitus user"


@collector_paused()
def export_qdpx(
    project: Project,
    path: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> QdpxSummary:
    """Write the whole project; the target is replaced only once the archive is complete."""
    from app.core.reporting.coded import coded_passages
    from app.core.reporting.records import EXCHANGED_FIELDS, study_records
    from app.pdf.errors import PdfError
    from app.pdf.frames import page_frames

    def report(done: int, total: int, what: str) -> None:
        if progress is not None:
            progress(done, total, what)
        if cancelled is not None and cancelled():
            raise Cancelled()

    report(0, 1, "Reading the project")
    records = study_records(project)
    codes = project.codebook.list()
    passages = coded_passages(project)
    memos = project.memos.all()
    by_study: dict[int, list[CodedPassage]] = {}
    for item in passages:
        by_study.setdefault(item.passage.study_id, []).append(item)

    created = project.database.meta("created_at") or ""
    user = derived_guid("user", project.name, created)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    who = {"creatingUser": user}
    notes: list[tuple[str, str, str, str]] = []  # guid, name, text, date
    note_of: dict[tuple[str, int | None], str] = {}
    code_guid = {code.id: code.guid for code in codes}
    study_guid = {r.study.id: r.study.guid for r in records}
    passage_guid = {item.passage.id: item.passage.guid for item in passages}
    code_name = {code.id: code.name for code in codes}
    project_name = project.name
    for target, target_id, text in memos:
        owner = {
            "project": project_name,
            "study": study_guid.get(target_id or -1, ""),
            "code": code_guid.get(target_id or -1, ""),
            "passage": passage_guid.get(target_id or -1, ""),
        }[target]
        guid = derived_guid("memo", target, owner)
        label = {
            "project": f"Memo: {project_name}",
            "study": "Study memo",
            "code": f"Memo: {code_name.get(target_id or -1, '')}",
            "passage": "Passage memo",
        }[target]
        notes.append((guid, label, text, now))
        note_of[(target, target_id)] = guid

    xml = XmlOut()
    xml.open(
        "Project",
        {
            "xmlns": NAMESPACE,
            "name": project.name,
            "origin": f"Habitus {__version__}",
            "creatingUserGUID": user,
            "creationDateTime": created or None,
            "modifyingUserGUID": user,
            "modifiedDateTime": now,
        },
    )
    xml.open("Users")
    xml.empty("User", {"guid": user, "name": _user()})
    xml.close("Users")
    if codes:
        _codebook(xml, codes, note_of)
    _cases(xml, records, EXCHANGED_FIELDS)

    total = len(passages)
    done = 0
    if records:
        xml.open("Sources")
        for record in records:
            study = record.study
            data, password, _ = project.studies.pdf(study.id)
            try:
                frames = page_frames(data, password, None)
            except PdfError as error:
                raise ExchangeError(
                    f"The PDF of {study.label} cannot be read, so its passages cannot be "
                    f"placed: {error}"
                ) from error
            texts = project.studies.texts(study.id)
            _source(
                xml,
                project,
                record,
                frames,
                texts,
                by_study.get(study.id, []),
                note_of,
                who,
                code_guid,
            )
            done += len(by_study.get(study.id, []))
            report(done, total, "Writing passages")
        xml.close("Sources")
    if notes:
        xml.open("Notes")
        for guid, label, text, date in notes:
            xml.open("Note", {"guid": guid, "name": label, **who, "creationDateTime": date})
            xml.text("PlainTextContent", text)
            xml.close("Note")
        xml.close("Notes")
    _sets(xml, project, code_guid)
    if ("project", None) in note_of:
        xml.empty("NoteRef", {"targetGUID": note_of[("project", None)]})
    xml.close("Project")
    report(total, total, "Saving")
    _write_archive(project, Path(path), xml.encode(), records, report)
    return QdpxSummary(len(records), total, len(codes), len(notes))


def _codebook(xml: XmlOut, codes: list[Code], note_of: dict[tuple[str, int | None], str]) -> None:
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    known = {code.id for code in codes}

    def write(code: Code) -> None:
        attrs: dict[str, str | int | None] = {
            "guid": code.guid,
            "name": code.name,
            "isCodable": "true",
            "color": code.colour.upper(),
        }
        kids = children.get(code.id, [])
        note = note_of.get(("code", code.id))
        if not kids and not code.definition and note is None:
            xml.empty("Code", attrs)
            return
        xml.open("Code", attrs)
        if code.definition:
            xml.text("Description", code.definition)
        if note is not None:
            xml.empty("NoteRef", {"targetGUID": note})
        for kid in kids:
            write(kid)
        xml.close("Code")

    xml.open("CodeBook")
    xml.open("Codes")
    for code in codes:
        if code.parent_id is None or code.parent_id not in known:
            write(code)
    xml.close("Codes")
    xml.close("CodeBook")


def _cases(xml: XmlOut, records: list[StudyRecord], fields: tuple[ExchangedField, ...]) -> None:
    if not records:
        return
    names: list[str] = []
    for record in records:
        for name in record.attributes:
            if name not in names:
                names.append(name)
    for exchanged in fields:
        if any(exchanged.get(r) for r in records) and exchanged.name not in names:
            names.append(exchanged.name)
    exchanged_by_name = {f.name: f for f in fields}

    def value(record: StudyRecord, name: str) -> str:
        if name in record.attributes:
            return record.attributes[name]
        if name in exchanged_by_name:
            return str(exchanged_by_name[name].get(record))
        return ""

    types = {name: variable_type([value(r, name) for r in records]) for name in names}
    if names:
        xml.open("Variables")
        for name in names:
            xml.empty(
                "Variable",
                {
                    "guid": derived_guid("variable", name),
                    "name": name,
                    "typeOfVariable": types[name],
                },
            )
        xml.close("Variables")
    xml.open("Cases")
    for record in records:
        xml.open("Case", {"guid": derived_guid("case", record.study.guid), "name": record.citation})
        for name in names:
            text = value(record, name)
            if text == "":
                continue
            xml.open("VariableValue")
            xml.empty("VariableRef", {"targetGUID": derived_guid("variable", name)})
            xml.text(
                _VALUE_ELEMENT[types[name]], text.lower() if types[name] == "Boolean" else text
            )
            xml.close("VariableValue")
        xml.empty("SourceRef", {"targetGUID": record.study.guid})
        xml.close("Case")
    xml.close("Cases")


def _source(
    xml: XmlOut,
    project: Project,
    record: StudyRecord,
    frames: list[PageFrame],
    texts: list[str],
    passages: list[CodedPassage],
    note_of: dict[tuple[str, int | None], str],
    who: dict[str, str],
    code_guid: dict[int, str],
) -> None:
    from app.core.textnorm import display_quote

    study = record.study
    # Page offsets in the joined text, for the PlainTextSelections.
    starts: list[int] = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(PAGE_BREAK)
    xml.open(
        "PDFSource",
        {
            "guid": study.guid,
            "name": study.name,
            "path": f"internal://{study.guid}.pdf",
            "creatingUser": who["creatingUser"],
        },
    )
    first_printed = project.page_numbers.first_printed(study.id)
    if first_printed is not None:
        xml.pi("habitus", {"first_printed": first_printed})
    text_passages = []
    for item in passages:
        passage = item.passage
        if not passage.placed:
            _unplaced(xml, item, frames, who, code_guid, note_of)
            continue
        page = passage.start_page
        if not 0 <= page < len(frames):
            continue
        frame = frames[page]
        boxes = [b for b in passage.boxes if b.page == page] or list(passage.boxes)
        if passage.kind == "region" and passage.rect is not None:
            rect = passage.rect
        elif boxes:
            rect = (
                min(b.x0 for b in boxes),
                min(b.top for b in boxes),
                max(b.x1 for b in boxes),
                max(b.bottom for b in boxes),
            )
        else:
            rect = (0.0, 0.0, frame.width, frame.height)
        left, bottom, right, top = whole_points(frame, rect)
        quote = display_quote(passage.quote)
        attrs: dict[str, str | int | None] = {
            "guid": passage.guid,
            "name": _name(quote) if quote else f"Region on page {page + 1}",
            "page": page + 1,
            "firstX": left,
            "firstY": top,
            "secondX": right,
            "secondY": bottom,
            "creatingUser": who["creatingUser"],
            "creationDateTime": item.created_at,
        }
        xml.open("PDFSelection", attrs)
        facts: dict[str, object] = {
            "kind": passage.kind,
            # A thousandth of a point is finer than any screen; it halves the file.
            "boxes": [
                [b.page, round(b.x0, 3), round(b.top, 3), round(b.x1, 3), round(b.bottom, 3)]
                for b in passage.boxes
            ],
        }
        if passage.kind == "text":
            facts["span"] = [
                passage.start_page,
                passage.start_offset,
                passage.end_page,
                passage.end_offset,
            ]
            text_passages.append(item)
        else:
            facts["rect"] = [round(v, 3) for v in passage.rect or rect]
            facts["quote"] = passage.quote
        xml.pi("habitus", facts)
        quoted = passage.quote if passage.kind == "text" else None
        _end_selection(xml, item, quoted, who, code_guid, note_of)
    representation = derived_guid("text", study.guid)
    xml.open(
        "Representation",
        {
            "guid": representation,
            "name": f"Text of {study.name}",
            "plainTextPath": f"internal://{representation}.txt",
        },
    )
    for item in text_passages:
        passage = item.passage
        assert passage.start_offset is not None and passage.end_offset is not None
        xml.open(
            "PlainTextSelection",
            {
                "guid": passage.guid,
                "name": _name(display_quote(passage.quote)),
                "startPosition": starts[passage.start_page] + passage.start_offset,
                "endPosition": starts[passage.end_page] + passage.end_offset,
                "creatingUser": who["creatingUser"],
                "creationDateTime": item.created_at,
            },
        )
        _codings(xml, item, who, code_guid, "text")
        xml.close("PlainTextSelection")
    xml.close("Representation")
    note = note_of.get(("study", study.id))
    if note is not None:
        xml.empty("NoteRef", {"targetGUID": note})
    xml.close("PDFSource")


def _unplaced(
    xml: XmlOut,
    item: CodedPassage,
    frames: list[PageFrame],
    who: dict[str, str],
    code_guid: dict[int, str],
    note_of: dict[tuple[str, int | None], str],
) -> None:
    """A passage waiting to be placed by hand: where it was is no longer where its words
    are, so other tools get its page whole, named as still to place, and no text selection
    (which would code other words); Habitus reads it back as waiting to be placed."""
    from app.core.textnorm import display_quote

    passage = item.passage
    if not frames:
        return
    page = min(max(passage.start_page, 0), len(frames) - 1)
    frame = frames[page]
    left, bottom, right, top = whole_points(frame, (0.0, 0.0, frame.width, frame.height))
    quote = display_quote(passage.quote)
    xml.open(
        "PDFSelection",
        {
            "guid": passage.guid,
            "name": "To place by hand: " + (_name(quote) if quote else "a region"),
            "page": page + 1,
            "firstX": left,
            "firstY": top,
            "secondX": right,
            "secondY": bottom,
            "creatingUser": who["creatingUser"],
            "creationDateTime": item.created_at,
        },
    )
    facts: dict[str, object] = {
        "kind": passage.kind,
        "unplaced": True,
        "quote": passage.quote,
        "page": page,
    }
    if passage.kind == "text" and passage.start_offset is not None:
        facts["span"] = [
            passage.start_page,
            passage.start_offset,
            passage.end_page,
            passage.end_offset,
        ]
    if passage.rect is not None:
        facts["rect"] = [round(v, 3) for v in passage.rect]
    xml.pi("habitus", facts)
    _end_selection(xml, item, passage.quote, who, code_guid, note_of)


def _end_selection(
    xml: XmlOut,
    item: CodedPassage,
    quote: str | None,
    who: dict[str, str],
    code_guid: dict[int, str],
    note_of: dict[tuple[str, int | None], str],
) -> None:
    """What follows a PDFSelection's own facts: its quote, its codings and its note."""
    passage = item.passage
    if quote:
        xml.open("Representation", {"guid": derived_guid("quote", passage.guid)})
        xml.text("PlainTextContent", quote)
        xml.close("Representation")
    _codings(xml, item, who, code_guid, "")
    note = note_of.get(("passage", passage.id))
    if note is not None:
        xml.empty("NoteRef", {"targetGUID": note})
    xml.close("PDFSelection")


def _codings(
    xml: XmlOut, item: CodedPassage, who: dict[str, str], code_guid: dict[int, str], variant: str
) -> None:
    for coding in item.codings:
        if coding.code_id not in code_guid:
            continue
        guid = derived_guid("coding", coding.guid, variant) if variant else coding.guid
        xml.open(
            "Coding",
            {
                "guid": guid,
                "creatingUser": who["creatingUser"],
                "creationDateTime": coding.coded_at,
            },
        )
        xml.empty("CodeRef", {"targetGUID": code_guid[coding.code_id]})
        xml.close("Coding")


def _sets(xml: XmlOut, project: Project, code_guid: dict[int, str]) -> None:
    frameworks = project.frameworks.list()
    mapping = project.frameworks.mapping()
    themes = project.frameworks.themes()
    if not themes:
        return
    names = {f.id: f.name for f in frameworks}
    xml.open("Sets")
    for theme in themes:
        xml.open("Set", {"guid": theme.guid, "name": theme.name})
        xml.pi("habitus", {"framework": names.get(theme.framework_id, ""), "colour": theme.colour})
        if theme.description:
            xml.text("Description", theme.description)
        for code_id, theme_ids in mapping.items():
            if theme.id in theme_ids and code_id in code_guid:
                xml.empty("MemberCode", {"targetGUID": code_guid[code_id]})
        xml.close("Set")
    xml.close("Sets")


def _write_archive(
    project: Project,
    path: Path,
    qde: bytes,
    records: list[StudyRecord],
    report: Progress,
) -> None:
    with atomic_target(path) as out, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # The fastest deflate: a large project's XML shrinks nearly as much at level 1.
        archive.writestr("project.qde", qde, compresslevel=1)
        for number, record in enumerate(records, start=1):
            study = record.study
            data, _, _ = project.studies.pdf(study.id)
            # PDFs are compressed already; storing them saves time and nothing else.
            archive.writestr(f"sources/{study.guid}.pdf", data, compress_type=zipfile.ZIP_STORED)
            text = PAGE_BREAK.join(project.studies.texts(study.id))
            representation = derived_guid("text", study.guid)
            archive.writestr(f"sources/{representation}.txt", text.encode("utf-8"), compresslevel=1)
            report(number, len(records), "Packing sources")
