"""A .qdpx into a project: studies, passages, factors, themes, memos and records.

Everything the archive and its XML can be refused for is checked before the project is
touched; then the whole import is one action, saved whole or not at all. What has no place
in Habitus (audio, video, pictures, graphs...) is counted in the report, never silently
dropped.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.bulk import collector_paused
from app.exchange.errors import Cancelled
from app.exchange.qdpx.archive import MAX_XML_BYTES, QdpxArchive
from app.exchange.qdpx.conventions import Dialect, dialect_of
from app.exchange.qdpx.model import QdeCode, QdeNote, QdeProject, QdeSelection
from app.exchange.qdpx.reader import parse_qde
from app.exchange.qdpx.sources import (
    PreparedSource,
    SourceFiles,
    decode_text,
    prepare_sources,
)

if TYPE_CHECKING:
    from app.core.passage_import import IncomingPassage
    from app.core.project import Project

Progress = Callable[[int, int, str], None]

_NAMES = {
    "picture": ("picture source", "picture sources"),
    "audio": ("audio source", "audio sources"),
    "video": ("video source", "video sources"),
}


@dataclass
class QdpxImportReport:
    source: str
    origin: str = ""
    studies_added: int = 0
    studies_matched: int = 0  # already in the project (same PDF)
    passages: int = 0
    passages_present: int = 0  # already in the project (same guid)
    factors_added: int = 0
    factors_matched: int = 0
    themes_added: int = 0
    memos: int = 0
    attributes: int = 0
    # What could not be mapped, with how many: "video sources", "selections of video"...
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        made = (
            f"{self.source}: {self.studies_added} studies added"
            + (f" ({self.studies_matched} already in the project)" if self.studies_matched else "")
            + f", {self.passages} passages, {self.factors_added} factors added"
            + (f" ({self.factors_matched} matched)" if self.factors_matched else "")
            + f", {self.themes_added} themes, {self.memos} memos, "
            f"{self.attributes} study attributes."
        )
        if self.passages_present:
            made += f" {self.passages_present} passages were already in the project."
        return made

    def not_imported(self) -> list[str]:
        return [f"{count} {what}" for what, count in sorted(self.skipped.items()) if count]


@dataclass
class LoadedQdpx:
    """A checked archive and its parsed project: nothing in it was refused."""

    path: Path
    archive: QdpxArchive
    project: QdeProject
    qde_name: str

    def close(self) -> None:
        self.archive.close()


@collector_paused()
def load_qdpx(path: Path) -> LoadedQdpx:
    """Open and check the archive, parse its .qde; raises ExchangeError (Refused for a
    hostile file) before anything is written anywhere."""
    archive = QdpxArchive(Path(path))
    try:
        entry = archive.project_entry()
        data = archive.read(entry, limit=MAX_XML_BYTES)
        project = parse_qde(data, entry.name)
    except BaseException:
        archive.close()
        raise
    return LoadedQdpx(Path(path), archive, project, entry.name)


def import_qdpx(
    project: Project,
    path: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> QdpxImportReport:
    loaded = load_qdpx(path)
    try:
        return import_loaded(project, loaded, progress, cancelled)
    finally:
        loaded.close()


@collector_paused()
def import_loaded(
    project: Project,
    loaded: LoadedQdpx,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> QdpxImportReport:
    from app.core.passage_import import one_action

    def report(done: int, total: int, what: str) -> None:
        if progress is not None:
            progress(done, total, what)
        if cancelled is not None and cancelled():
            raise Cancelled("The import was cancelled; the project is as it was.")

    qde = loaded.project
    result = QdpxImportReport(loaded.path.name, qde.origin)
    result.problems.extend(qde.problems)
    for tag, count in qde.unknown.items():
        result.skipped[f"{tag} elements"] += count
    pages = [
        s.page
        for src in qde.sources
        for s in src.selections
        if s.kind == "pdf" and s.page is not None
    ]
    dialect = dialect_of(qde.origin, pages)
    report(0, 1, "Reading the project file")
    with tempfile.TemporaryDirectory(prefix="habitus-qdpx-") as folder:
        files = SourceFiles(loaded.archive, loaded.qde_name, Path(folder))
        with one_action(project):
            mapper = _Mapper(project, qde, dialect, result, files, report)
            mapper.run()
    return result


class _Mapper:
    def __init__(
        self,
        project: Project,
        qde: QdeProject,
        dialect: Dialect,
        result: QdpxImportReport,
        files: SourceFiles,
        report: Progress,
    ):
        self.project = project
        self.qde = qde
        self.dialect = dialect
        self.result = result
        self.files = files
        self.report = report
        self.codes: dict[str, int] = {}  # file guid key -> factor id
        self.notes = {_key(n.guid): n for n in qde.notes}
        self.notes_used: set[str] = set()
        # Notes linked to something (ATLAS.ti's memo-quotation links), by target guid.
        self.linked: dict[str, list[str]] = {}
        for link in qde.links:
            if link.origin in self.notes:
                self.linked.setdefault(link.target, []).append(link.origin)
            elif link.target in self.notes:
                self.linked.setdefault(link.origin, []).append(link.target)

    # --- orchestration -----------------------------------------------------------------------

    def run(self) -> None:
        self._codes()
        self._themes()
        sources = prepare_sources(
            self.project, self.qde, self.files, self.dialect, self.result, self.report
        )
        self._records(sources)
        incoming: list[IncomingPassage] = []
        for number, prepared in enumerate(sources, start=1):
            incoming.extend(self._passages(prepared))
            self.report(number, len(sources), "Placing passages")
        self._add(incoming)
        self._project_memo()

    # --- codebook ----------------------------------------------------------------------------

    def _codes(self) -> None:
        from app.core.passage_import import canonical_guid
        from app.exchange.qdc import normalise_colour

        existing = self.project.codebook.list()
        by_guid = {code.guid.lower(): code.id for code in existing}
        by_name = {code.name.casefold(): code.id for code in existing}

        def visit(node: QdeCode, parent_id: int | None) -> None:
            name = unicodedata.normalize("NFC", node.name.strip())
            guid = canonical_guid(node.guid)
            if not name:
                self.result.skipped["codes without a name"] += 1
                for child in node.children:
                    visit(child, parent_id)
                return
            code_id = by_guid.get(guid or "") or by_name.get(name.casefold())
            if code_id is None:
                colour = _colour(node.colour, normalise_colour)
                made = self.project.codebook.add(
                    name, colour, node.description.strip(), parent_id, guid=guid
                )
                code_id = made.id
                by_guid[made.guid.lower()] = code_id
                by_name[name.casefold()] = code_id
                self.result.factors_added += 1
            else:
                self.result.factors_matched += 1
            self.codes[_key(node.guid)] = code_id
            memo = self._note_text(node.note_refs + self.linked.get(_key(node.guid), []))
            if memo:
                self._append_memo("code", code_id, memo)
            for child in node.children:
                visit(child, code_id)

        for node in self.qde.codes:
            visit(node, None)

    def _themes(self) -> None:
        from app.core.palette import is_colour, next_colour
        from app.core.passage_import import canonical_guid

        frameworks = {f.name: f for f in self.project.frameworks.list()}
        known_guids = {t.guid.lower(): t for t in self.project.frameworks.themes()}
        fallback = f"Sets from {self.qde.name or self.result.source}"
        for qset in self.qde.sets:
            if not qset.codes:
                if not qset.sources and not qset.notes:
                    self.result.skipped["empty sets"] += 1
                elif qset.notes and not qset.sources:
                    self.result.skipped["sets of notes"] += 1
                continue
            name = str(qset.habitus.get("framework") or fallback)
            framework = frameworks.get(name)
            if framework is None:
                framework = self.project.frameworks.add(name)
                frameworks[name] = framework
            themes = self.project.frameworks.themes(framework.id)
            guid = canonical_guid(qset.guid)
            theme = known_guids.get(guid or "") or next(
                (t for t in themes if t.name.casefold() == qset.name.strip().casefold()), None
            )
            if theme is None:
                colour = str(qset.habitus.get("colour") or "")
                if not is_colour(colour):
                    colour = next_colour([t.colour for t in themes])
                theme = self.project.frameworks.add_theme(
                    framework.id,
                    unicodedata.normalize("NFC", qset.name.strip()) or "Unnamed set",
                    qset.description,
                    colour,
                    guid=guid if guid and guid not in known_guids else None,
                )
                known_guids[theme.guid.lower()] = theme
                self.result.themes_added += 1
            mapped = self.project.frameworks.codes_of(theme.id)
            for member in qset.codes:
                code_id = self.codes.get(member)
                if code_id is None:
                    self.result.skipped["set members that are not codes of the file"] += 1
                elif code_id not in mapped:
                    self.project.frameworks.map(code_id, theme.id)
                    mapped.append(code_id)

    # --- records -----------------------------------------------------------------------------

    def _records(self, sources: list[PreparedSource]) -> None:
        from app.core.reporting.records import apply_exchanged

        study_of = {_key(p.source.guid): p.study_id for p in sources if p.study_id is not None}
        variables = {_key(v.guid): v.name for v in self.qde.variables}
        values: dict[int, dict[str, str]] = {}
        for prepared in sources:
            if prepared.study_id is None:
                continue
            for guid, value in prepared.source.values:
                if guid in variables and value:
                    values.setdefault(prepared.study_id, {})[variables[guid]] = value
        for case in self.qde.cases:
            studies = [study_of[s] for s in case.sources if s in study_of]
            if not studies:
                self.result.skipped["cases without an imported source"] += 1
                continue
            for study_id in studies:
                found = values.setdefault(study_id, {})
                for guid, value in case.values:
                    if guid in variables and value:
                        found.setdefault(variables[guid], value)
                name = case.name.strip()
                if len(studies) > 1 and name and name != self.project.studies.get(study_id).name:
                    found.setdefault("Case", name)
        # Sets of sources are how ATLAS.ti writes document groups ("gender: female").
        for qset in self.qde.sets:
            if qset.codes or not qset.sources:
                continue
            attribute, _, value = qset.name.partition(":")
            for member in qset.sources:
                member_study = study_of.get(member)
                if member_study is None:
                    continue
                found = values.setdefault(member_study, {})
                if value.strip():
                    found.setdefault(attribute.strip(), value.strip())
                else:
                    sets = [s for s in found.get("Sets", "").split("; ") if s]
                    found["Sets"] = "; ".join([*sets, qset.name.strip()])
        for study_id, pairs in values.items():
            rest = apply_exchanged(self.project, study_id, pairs)
            current = self.project.studies.attributes(study_id)
            for name, value in rest.items():
                if current.get(name) != value:
                    self.project.studies.set_attribute(study_id, name, value)
                    self.result.attributes += 1
        for prepared in sources:
            if prepared.study_id is None:
                continue
            memo = self._note_text(
                prepared.source.note_refs + self.linked.get(_key(prepared.source.guid), []),
                prepared.source.description,
            )
            if memo:
                self._append_memo("study", prepared.study_id, memo)
            if prepared.source.codings:
                self.result.skipped["codings of whole sources"] += len(prepared.source.codings)
            first = prepared.source.habitus.get("first_printed")
            if isinstance(first, int) and prepared.added:
                self.project.page_numbers.set_first_printed(prepared.study_id, first)

    # --- passages ----------------------------------------------------------------------------

    def _passages(self, prepared: PreparedSource) -> list[IncomingPassage]:
        from app.core.passage_import import IncomingPassage

        if prepared.study_id is None:
            return []
        made: list[IncomingPassage] = []
        for placed in prepared.placed:
            selection = placed.selection
            code_ids, coded_at = self._codings(placed.selections)
            memo = self._note_text(
                [r for s in placed.selections for r in s.note_refs]
                + [n for s in placed.selections for n in self.linked.get(_key(s.guid), [])],
                "\n\n".join(
                    dict.fromkeys(s.description for s in placed.selections if s.description)
                ),
            )
            made.append(
                IncomingPassage(
                    prepared.study_id,
                    code_ids,
                    span=placed.span,
                    page=placed.page,
                    rect=placed.rect,
                    boxes=placed.boxes,
                    guid=selection.guid,
                    created_at=selection.created_at,
                    coded_at=coded_at,
                    memo=memo,
                    text_check=placed.text_check,
                    quote=placed.quote,
                    unplaced=placed.unplaced,
                )
            )
        return made

    def _codings(
        self, selections: Iterable[QdeSelection]
    ) -> tuple[tuple[int, ...], dict[int, str]]:
        ids: dict[int, None] = {}
        dates: dict[int, str] = {}
        for selection in selections:
            for coding in selection.codings:
                code_id = self.codes.get(coding.code_guid)
                if code_id is None:
                    self.result.skipped["codings of codes missing from the codebook"] += 1
                    continue
                ids[code_id] = None
                if coding.created_at and code_id not in dates:
                    dates[code_id] = coding.created_at
        return tuple(ids), dates

    def _add(self, incoming: list[IncomingPassage]) -> None:
        from app.core.passage_import import add_passages, existing_guids

        present = existing_guids(self.project, [p.guid for p in incoming if p.guid])
        fresh = []
        for item in incoming:
            if item.guid and _key(item.guid) in present:
                self.result.passages_present += 1
            else:
                fresh.append(item)
        self.report(0, 1, f"Saving {len(fresh)} passages")
        made = add_passages(self.project, fresh)
        self.result.passages = len(made)
        self.result.memos += sum(1 for item in fresh if item.memo.strip())

    # --- memos -------------------------------------------------------------------------------

    def _note_text(self, refs: Iterable[str], lead: str = "") -> str:
        parts = [lead.strip()] if lead.strip() else []
        for ref in dict.fromkeys(refs):
            note = self.notes.get(ref)
            if note is None:
                continue
            self.notes_used.add(ref)
            text = self._note_body(note)
            if text:
                parts.append(text)
        return "\n\n".join(parts)

    def _note_body(self, note: QdeNote) -> str:
        text = note.text
        if not text.strip() and note.path:
            raw = self.files.read(note.path)
            text = decode_text(raw) if raw is not None else ""
        return text.strip()

    def _append_memo(self, target: str, target_id: int | None, text: str) -> None:
        current = self.project.memos.get(target, target_id)  # type: ignore[arg-type]
        if text in current:
            return
        self.project.memos.set(target, target_id, f"{current}\n\n{text}" if current else text)  # type: ignore[arg-type]
        self.result.memos += 1

    def _project_memo(self) -> None:
        parts = []
        for ref in self.qde.note_refs:
            note = self.notes.get(ref)
            if note is not None and note.text.strip():
                self.notes_used.add(ref)
                parts.append(note.text.strip())
        # Memos attached to nothing Habitus keeps are gathered here, with their names.
        for key, note in self.notes.items():
            if key in self.notes_used or key in self.linked_notes():
                continue
            body = "\n".join(p for p in (note.description.strip(), self._note_body(note)) if p)
            if body:
                parts.append(f"{note.name.strip() or 'Memo'}\n{body}" if note.name else body)
        if parts:
            self._append_memo("project", None, "\n\n".join(parts))

    def linked_notes(self) -> set[str]:
        return {n for notes in self.linked.values() for n in notes if n in self.notes_used}


def _key(guid: str) -> str:
    return guid.strip().strip("{}").lower()


def _colour(raw: str | None, normalise: Callable[[str], str | None]) -> str | None:
    if not raw:
        return None
    text = raw.strip()
    if len(text) == 9 and text.startswith("#"):
        text = text[:7]  # #RRGGBBAA: the alpha is dropped
    return normalise(text)
