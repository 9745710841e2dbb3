"""The sources of a .qdpx as studies, and their selections as places on the pages.

A PDF source is imported as it is. A text source (an interview transcript, field notes)
is typeset into a PDF, and each of its characters is followed from the text to the page,
so that a selection of the text becomes a passage quoting the very same words.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.types import Box
from app.exchange.qdpx.archive import QdpxArchive
from app.exchange.qdpx.conventions import Dialect, position_map
from app.exchange.qdpx.locate import Locator, align
from app.exchange.qdpx.model import QdeProject, QdeSelection, QdeSource

if TYPE_CHECKING:
    from app.core.project import Project
    from app.exchange.qdpx.importer import QdpxImportReport
    from app.pdf.compose import Typeset
    from app.pdf.frames import PageFrame

Progress = Callable[[int, int, str], None]
PAGE_BREAK = "\f"
_EXTENSIONS = re.compile(r"\.(pdf|txt|docx?|rtf|odt)$", re.IGNORECASE)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class Placed:
    """Where one selection (with any twins sharing its guid) lands on a study's pages."""

    selection: QdeSelection
    selections: list[QdeSelection]
    span: tuple[int, int, int, int] | None = None
    page: int = 0
    rect: tuple[float, float, float, float] | None = None
    boxes: tuple[Box, ...] | None = None
    text_check: str = ""
    quote: str | None = None  # a region's text, as Habitus wrote it
    unplaced: bool = False  # waiting to be placed by hand, as Habitus wrote it


@dataclass
class PreparedSource:
    source: QdeSource
    study_id: int | None = None
    added: bool = False  # a new study (not one the project already had)
    data: bytes = b""
    typeset: Typeset | None = None
    text: str | None = None  # a text source's text, as decoded
    placed: list[Placed] = field(default_factory=list)


class SourceFiles:
    """The archive's files by the paths the .qde gives them, and a folder for the PDFs
    Habitus imports from them (under names of its own making)."""

    def __init__(self, archive: QdpxArchive, qde_name: str, folder: Path):
        self.archive = archive
        self.qde_name = qde_name
        self.folder = folder
        self._count = 0

    def read(self, path: str) -> bytes | None:
        if not path:
            return None
        entry = self.archive.source(path, self.qde_name)
        return None if entry is None else self.archive.read(entry)

    def stage(self, name: str, data: bytes) -> Path:
        self._count += 1
        where = self.folder / str(self._count)
        where.mkdir()
        safe = _UNSAFE.sub("_", name).strip(" .") or "source"
        target = where / f"{safe[:120]}.pdf"
        target.write_bytes(data)
        return target


def decode_text(data: bytes) -> str:
    """A plain-text source: UTF-8 (the standard's encoding) or UTF-16 with its byte-order
    mark (NVivo), else Windows-1252 rather than nothing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def study_name(source: QdeSource) -> str:
    # macOS tools write names decomposed ("e" and a combining accent); a name is compared
    # and searched for composed.
    name = unicodedata.normalize("NFC", source.name.strip())
    return _EXTENSIONS.sub("", name) or "Imported source"


def prepare_sources(
    project: Project,
    qde: QdeProject,
    files: SourceFiles,
    dialect: Dialect,
    result: QdpxImportReport,
    report: Progress,
) -> list[PreparedSource]:
    from app.pdf.compose import beyond_helvetica, typeset_text
    from app.pdf.text_fonts import font_for

    prepared: list[PreparedSource] = []
    for source in qde.sources:
        selections = len(source.selections) + (
            len(source.representation.selections) if source.representation else 0
        )
        if source.kind in ("picture", "audio", "video"):
            result.skipped[f"{source.kind} sources"] += 1
            if selections:
                result.skipped[f"selections of {source.kind} sources"] += selections
            continue
        item = PreparedSource(source)
        if source.kind == "pdf":
            data = files.read(source.path)
            if data is None:
                result.skipped["PDF sources missing from the archive"] += 1
                result.skipped["selections of missing sources"] += selections
                result.problems.append(f"{source.name}: its PDF ({source.path}) is not in the file")
                continue
            item.data = data
        else:
            text = source.plain_text
            if text is None:
                raw = files.read(source.plain_text_path)
                text = decode_text(raw) if raw is not None else None
            if text is None:
                result.skipped["text sources without their plain text"] += 1
                result.skipped["selections of missing sources"] += selections
                result.problems.append(f"{source.name}: its plain text is not in the file")
                continue
            item.text = text
            needed = beyond_helvetica(text)
            item.typeset = typeset_text(text, font=font_for(needed) if needed else None)
            item.data = item.typeset.pdf
        prepared.append(item)
    _import_studies(project, prepared, files, result, report)
    for number, item in enumerate(prepared, start=1):
        if item.study_id is not None:
            _place(project, item, dialect, result, files)
        report(number, len(prepared), "Reading the sources' pages")
    return [item for item in prepared if item.study_id is not None]


def _import_studies(
    project: Project,
    prepared: list[PreparedSource],
    files: SourceFiles,
    result: QdpxImportReport,
    report: Progress,
) -> None:
    staged: dict[str, list[PreparedSource]] = {}
    paths = []
    for item in prepared:
        digest = hashlib.sha256(item.data).hexdigest()
        known = project.studies.by_sha256(digest)
        if known is not None:
            item.study_id = known.id
            result.studies_matched += 1
            continue
        if digest not in staged:
            paths.append(files.stage(study_name(item.source), item.data))
        staged.setdefault(digest, []).append(item)
    if paths:
        outcome = project.import_pdfs(
            paths, progress=lambda done, total, _name: report(done, total, "Reading the PDFs")
        )
        for failure in outcome.failures:
            result.problems.append(f"{Path(failure.path).stem}: {failure.reason}")
    for digest, items in staged.items():
        study = project.studies.by_sha256(digest)
        if study is None:
            for item in items:
                result.skipped["sources that could not be opened"] += 1
                result.skipped["selections of missing sources"] += len(item.source.selections)
            continue
        result.studies_added += 1
        project.studies.rename(study.id, study_name(items[0].source))
        for number, item in enumerate(items):
            item.study_id = study.id
            item.added = number == 0
            if number:
                result.studies_matched += 1


# --- placing selections ------------------------------------------------------------------------


def _key(guid: str) -> str:
    return guid.strip().strip("{}").lower()


def _place(
    project: Project,
    item: PreparedSource,
    dialect: Dialect,
    result: QdpxImportReport,
    files: SourceFiles,
) -> None:
    assert item.study_id is not None
    texts = project.studies.texts(item.study_id)
    if item.typeset is not None and item.text is not None:
        _place_text(item, texts, dialect, result)
        return
    from app.pdf.errors import PdfError
    from app.pdf.frames import page_frames

    try:
        data, password, _ = project.studies.pdf(item.study_id)
        frames = page_frames(data, password)
    except PdfError:
        frames = []
    source = item.source
    representation = source.representation
    rep_text: str | None = None
    rep_positions: list[int] = []
    twins: dict[str, QdeSelection] = {}
    if representation is not None:
        rep_text = representation.plain_text
        if rep_text is None:
            raw = files.read(representation.plain_text_path)
            rep_text = None if raw is None else _strip_bom(raw)
        for selection in representation.selections:
            twins[_key(selection.guid)] = selection
        if rep_text is not None:
            rep_positions = position_map(rep_text, dialect.positions)
    joined = PAGE_BREAK.join(texts)
    direct = rep_text is not None and rep_text.replace("\r\n", "\n") == joined
    context = _PdfContext(project, item.study_id, texts, frames, dialect, result)
    done: set[str] = set()
    for selection in source.selections:
        if selection.kind != "pdf":
            continue
        twin = twins.get(_key(selection.guid))
        quote = selection.quote
        span = None
        if twin is not None and rep_text is not None:
            bounds = _bounds(twin, rep_positions)
            if bounds is not None:
                quote = quote or rep_text[bounds[0] : bounds[1]]
                if direct:
                    span = _span_in_joined(texts, *bounds)
        placed = context.pdf_selection(
            selection, [selection, *([twin] if twin else [])], quote, span
        )
        if placed is not None:
            item.placed.append(placed)
            done.add(_key(selection.guid))
    # Text selections of the representation that no PDF selection accompanies.
    for twin in twins.values():
        if _key(twin.guid) in done:
            continue
        bounds = _bounds(twin, rep_positions) if rep_text is not None else None
        if bounds is None or rep_text is None:
            result.skipped["text selections outside their text"] += 1
            continue
        span = (
            _span_in_joined(texts, *bounds)
            if direct
            else context.locate(rep_text[bounds[0] : bounds[1]], None)
        )
        if span is None:
            result.skipped["selections whose text was not found on the pages"] += 1
            continue
        item.placed.append(Placed(twin, [twin], span=span))


def _strip_bom(raw: bytes) -> str:
    return decode_text(raw)


def _bounds(selection: QdeSelection, positions: list[int]) -> tuple[int, int] | None:
    if selection.start is None or selection.end is None or not positions:
        return None
    start, end = sorted((selection.start, selection.end))
    if start < 0 or end >= len(positions) or start == end:
        return None
    return positions[start], positions[end]


def _span_in_joined(texts: list[str], start: int, end: int) -> tuple[int, int, int, int] | None:
    """Offsets of the pages joined by form feeds, as (page, offset) pairs."""
    position = 0
    first: tuple[int, int] | None = None
    last: tuple[int, int] | None = None
    for page, text in enumerate(texts):
        stop = position + len(text)
        if first is None and position <= start <= stop:
            first = (page, start - position) if start < stop or page == len(texts) - 1 else None
        if first is not None and position <= end <= stop:
            last = (page, end - position)
            break
        position = stop + len(PAGE_BREAK)
    if first is None or last is None or (last <= first):
        return None
    return (*first, *last)


class _PdfContext:
    def __init__(
        self,
        project: Project,
        study_id: int,
        texts: list[str],
        frames: list[PageFrame],
        dialect: Dialect,
        result: QdpxImportReport,
    ):
        self.project = project
        self.study_id = study_id
        self.texts = texts
        self.frames = frames
        self.dialect = dialect
        self.result = result
        self._locator: Locator | None = None

    def locate(self, quote: str, near: int | None) -> tuple[int, int, int, int] | None:
        if self._locator is None:
            self._locator = Locator(self.texts)
        return self._locator.find(quote, near)

    def pdf_selection(
        self,
        selection: QdeSelection,
        twins: list[QdeSelection],
        quote: str | None,
        span: tuple[int, int, int, int] | None,
    ) -> Placed | None:
        facts = selection.habitus
        page = self.dialect.page_index(selection.page) if selection.page is not None else None
        if page is not None and not 0 <= page < len(self.texts):
            page = None
        waiting = _habitus_unplaced(facts, selection, twins, len(self.texts))
        if waiting is not None:
            return waiting
        exact = _habitus_place(facts, self.texts, quote)
        if exact is not None:
            exact.selection, exact.selections = selection, twins
            return exact
        if span is None and quote:
            span = self.locate(quote, page)
        rect = self._rect(selection, page)
        if span is None and rect is not None and page is not None and quote:
            span = self._words_in(page, rect)
        if span is not None:
            return Placed(selection, twins, span=span)
        if rect is not None and page is not None:
            return Placed(selection, twins, page=page, rect=rect)
        self.result.skipped["PDF selections that could not be placed"] += 1
        return None

    def _rect(
        self, selection: QdeSelection, page: int | None
    ) -> tuple[float, float, float, float] | None:
        if page is None or selection.first is None or selection.second is None:
            return None
        if page >= len(self.frames):
            return None
        frame = self.frames[page]
        x0, top, x1, bottom = self.dialect.rect(frame, selection.first, selection.second)
        x0, x1 = max(0.0, x0), min(frame.width, x1)
        top, bottom = max(0.0, top), min(frame.height, bottom)
        if x1 - x0 < 1 or bottom - top < 1:
            return None
        return x0, top, x1, bottom

    def _words_in(
        self, page: int, rect: tuple[float, float, float, float]
    ) -> tuple[int, int, int, int] | None:
        from app.core.geometry import words_in_rect

        inside = words_in_rect(self.project.studies.words(self.study_id, page), rect)
        if not inside:
            return None
        return page, min(w.start for w in inside), page, max(w.end for w in inside)


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _habitus_unplaced(
    facts: dict[str, object], selection: QdeSelection, twins: list[QdeSelection], pages: int
) -> Placed | None:
    """A passage Habitus exported while it waited to be placed by hand: it comes back
    waiting, with its own quote, never anchored on whatever words are at its old place."""
    if facts.get("unplaced") is not True or facts.get("kind") not in ("text", "region"):
        return None
    quote = facts.get("quote")
    try:
        page = min(max(int(str(facts.get("page", 0))), 0), max(pages - 1, 0))
        span = None
        if facts.get("kind") == "text":
            raw = facts.get("span") or [page, 0, page, 0]
            start_page, start, end_page, end = (int(v) for v in _list(raw))
            span = (start_page, start, end_page, end)
        rect = None
        if facts.get("rect") is not None:
            x0, top, x1, bottom = (float(v) for v in _list(facts.get("rect")))
            rect = (x0, top, x1, bottom)
    except (TypeError, ValueError):
        return None
    return Placed(
        selection,
        twins,
        span=span,
        page=page,
        rect=rect,
        quote=quote if isinstance(quote, str) else "",
        unplaced=True,
    )


def _habitus_place(facts: dict[str, object], texts: list[str], quote: str | None) -> Placed | None:
    """A passage Habitus exported: its exact span and boxes, if the pages still match."""
    try:
        boxes = tuple(
            Box(int(b[0]), float(b[1]), float(b[2]), float(b[3]), float(b[4]))
            for b in _list(facts.get("boxes"))
        )
        if facts.get("kind") == "region":
            x0, top, x1, bottom = (float(v) for v in _list(facts.get("rect")))
            if not boxes or not 0 <= boxes[0].page < len(texts):
                return None
            text = facts.get("quote")
            return Placed(
                QdeSelection("pdf", ""),
                [],
                page=boxes[0].page,
                rect=(x0, top, x1, bottom),
                quote=text if isinstance(text, str) else None,
            )
        if facts.get("kind") != "text":
            return None
        start_page, start, end_page, end = (int(v) for v in _list(facts.get("span")))
    except (TypeError, ValueError, IndexError):
        return None
    if not 0 <= start_page <= end_page < len(texts):
        return None
    parts = []
    for page in range(start_page, end_page + 1):
        lo = start if page == start_page else 0
        hi = end if page == end_page else len(texts[page])
        if not 0 <= lo <= hi <= len(texts[page]):
            return None
        parts.append(texts[page][lo:hi])
    if quote is not None and "\n".join(parts) != quote:
        return None  # the pages were read differently: find the quote instead
    dummy = QdeSelection("pdf", "")
    return Placed(dummy, [], span=(start_page, start, end_page, end), boxes=boxes or None)


# --- typeset text sources ----------------------------------------------------------------------


def _place_text(
    item: PreparedSource, texts: list[str], dialect: Dialect, result: QdpxImportReport
) -> None:
    typeset, text = item.typeset, item.text
    assert typeset is not None and text is not None
    maps = [
        align(laid, texts[page]) if page < len(texts) else None
        for page, laid in enumerate(typeset.page_texts)
    ]
    positions = position_map(text, dialect.positions)
    locator: Locator | None = None
    for selection in item.source.selections:
        if selection.kind != "text":
            result.skipped[f"{selection.kind} selections of text sources"] += 1
            continue
        bounds = _bounds(selection, positions)
        if bounds is None:
            result.skipped["text selections outside their text"] += 1
            continue
        start, end = bounds
        chars = [i for i in range(start, end) if not text[i].isspace()]
        if not chars:
            result.skipped["text selections of white space only"] += 1
            continue
        span = _typeset_span(typeset, maps, chars[0], chars[-1])
        if span is None:
            if locator is None:
                locator = Locator(texts)
            span = locator.find(text[start:end], None)
        if span is None:
            result.skipped["selections whose text was not found on the pages"] += 1
            continue
        checks = []
        missing = sum(1 for i in chars if text[i] in typeset.unshown)
        if missing:
            checks.append(
                f"{missing} character{'s' if missing > 1 else ''} of the source could not be "
                "typeset and show as ?"
            )
        quoted = _slice(texts, span)
        if "\u00ad" in quoted and "\u00ad" not in text[start:end]:
            checks.append("a hyphen at a line end reads as a word break")
        item.placed.append(Placed(selection, [selection], span=span, text_check="; ".join(checks)))


def _typeset_span(
    typeset: Typeset, maps: list[list[int] | None], first: int, last: int
) -> tuple[int, int, int, int] | None:
    start_page, start_laid = typeset.places[first]
    end_page, end_laid = typeset.places[last]
    if start_page < 0 or end_page < 0:
        return None
    start_map, end_map = maps[start_page], maps[end_page]
    if start_map is None or end_map is None:
        return None
    start, end = start_map[start_laid], end_map[end_laid]
    if start < 0 or end < 0:
        return None
    return start_page, start, end_page, end + 1


def _slice(texts: list[str], span: tuple[int, int, int, int]) -> str:
    start_page, start, end_page, end = span
    parts = []
    for page in range(start_page, end_page + 1):
        lo = start if page == start_page else 0
        hi = end if page == end_page else len(texts[page])
        parts.append(texts[page][lo:hi])
    return "\n".join(parts)
