"""Merging a codebook into a project (`app.exchange.codebook_files` reads it from a .qdc,
.xlsx or .csv file).

Factors match by GUID first, then by name ignoring case; a match keeps its codings and
takes the file's definition where the project has none. Themes go into the framework of
the file's name, created if missing.

A codebook of any depth and size goes in one pass: the tree is walked with a stack, not by
recursion, and new factors are written in bulk as the walk goes, with their ids chosen
here, so 100,000 rows take seconds rather than hours. `progress` hears how many factors
are done (read, matched and written); it may raise to stop the import, which then leaves
the project as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, delete, func, insert, select, update

from app.core.controls import strip_controls
from app.core.frameworks import FrameworkSnapshot, ThemeSnapshot
from app.core.palette import PALETTE, is_colour
from app.core.types import CodebookCode, CodebookData, CodebookTheme
from app.store import models
from app.store.models import new_guid, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.project import Project

Progress = Callable[[int, int], None]
# Bulk writes go to the tables themselves: one executemany, not one statement a row.
_CODES = cast(Table, models.Code.__table__)
_CODE_THEMES = cast(Table, models.CodeTheme.__table__)
_CODINGS = cast(Table, models.Coding.__table__)
_BATCH = 2000  # rows per INSERT statement batch
_REPORT_EVERY = 1000  # factors between two progress reports


@dataclass
class CodebookImportResult:
    source: str
    added: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    themes_added: list[str] = field(default_factory=list)
    mappings_added: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.source}: {len(self.added)} factors added, {len(self.matched)} matched "
            f"existing ones, {len(self.themes_added)} themes added, "
            f"{self.mappings_added} factor-theme links added"
            + (f", {len(self.problems)} problems" if self.problems else "")
            + "."
        )


def walk(codes: list[CodebookCode]) -> Iterator[tuple[CodebookCode, CodebookCode | None]]:
    """Every factor of a tree with its parent, parents first, siblings in order."""
    stack: list[tuple[CodebookCode, CodebookCode | None]] = [(c, None) for c in reversed(codes)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((child, node) for child in reversed(node.children))


def count(codes: list[CodebookCode]) -> int:
    return sum(1 for _ in walk(codes))


def merge_codebook(
    project: Project, data: CodebookData, source: str, progress: Progress | None = None
) -> CodebookImportResult:
    """Merge as one action: every factor, theme and link of the file, or none of them (an
    error, or an exception `progress` raises, leaves the project as it was). `data` is left
    as it was."""
    project.require_writable()
    with project.database.transaction() as session:
        result = _Merge(project, session, data, source, progress).run()
    return result


@dataclass(frozen=True)
class CodebookMerge:
    """A merge done, with the codebook as it was just before and just after it: what undo
    takes back is exactly what the merge added, whatever was written since."""

    result: CodebookImportResult
    before: CodebookState
    after: CodebookState


def merge_undoable(
    project: Project, data: CodebookData, source: str, progress: Progress | None = None
) -> CodebookMerge:
    """`merge_codebook`, with the states around it read in the same transaction, so that
    no other write can slip in between."""
    project.require_writable()
    with project.database.transaction() as session:
        before = codebook_state(project)
        result = _Merge(project, session, data, source, progress).run()
        after = codebook_state(project)
    return CodebookMerge(result, before, after)


class _Colours:
    """The palette's next unused colour, kept up to date as factors are added (what
    `palette.next_colour` answers, without looking at every factor each time)."""

    def __init__(self, used: list[str]):
        self.taken = {colour.lower() for colour in used}
        self.count = len(used)

    def take(self, wanted: str | None) -> str:
        colour = wanted.lower() if wanted and is_colour(wanted) else None
        if colour is None:
            colour = next((c for c in PALETTE if c not in self.taken), None)
            if colour is None:
                colour = PALETTE[self.count % len(PALETTE)]
        self.taken.add(colour)
        self.count += 1
        return colour


class _Merge:
    def __init__(
        self,
        project: Project,
        session: Session,
        data: CodebookData,
        source: str,
        progress: Progress | None,
    ):
        self.project = project
        self.session = session
        self.data = data
        self.progress = progress
        self.result = CodebookImportResult(source, problems=list(data.problems))

    def run(self) -> CodebookImportResult:
        session, result = self.session, self.result
        theme_ids = self._themes()
        rows = session.execute(
            select(
                models.Code.id,
                models.Code.guid,
                models.Code.name,
                models.Code.definition,
                models.Code.colour,
                models.Code.parent_id,
                models.Code.position,
            )
        ).all()
        by_guid = {row.guid.lower(): row.id for row in rows}
        by_name = {row.name.casefold(): row.id for row in rows}
        definitions = {row.id: row.definition for row in rows}
        next_position: dict[int | None, int] = {}
        for row in rows:
            next_position[row.parent_id] = max(
                next_position.get(row.parent_id, 0), row.position + 1
            )
        links = {
            (code_id, theme_id)
            for code_id, theme_id in session.execute(
                select(models.CodeTheme.code_id, models.CodeTheme.theme_id)
            )
        }
        colours = _Colours([row.colour for row in rows])
        next_id = int(session.scalar(select(func.coalesce(func.max(models.Code.id), 0))) or 0) + 1

        new_codes: list[dict[str, object]] = []
        new_links: list[dict[str, int]] = []
        new_definitions: dict[int, str] = {}
        placed: dict[int, int] = {}  # id(node) -> factor id, for its children
        total = count(self.data.codes)
        now = utcnow()
        for done, (node, parent) in enumerate(walk(self.data.codes), start=1):
            parent_id = placed[id(parent)] if parent is not None else None
            name = strip_controls(node.name).strip()
            if name != node.name.strip():
                result.problems.append(
                    f"factor {name!r}: control characters were removed from its name"
                )
            if not name:
                result.problems.append("a factor without a name was skipped")
                continue
            code_id = (by_guid.get(node.guid.lower()) if node.guid else None) or by_name.get(
                name.casefold()
            )
            definition = strip_controls(node.definition)
            if code_id is None:
                code_id, next_id = next_id, next_id + 1
                guid = node.guid if node.guid and node.guid.lower() not in by_guid else new_guid()
                position = next_position.get(parent_id, 0)
                next_position[parent_id] = position + 1
                new_codes.append(
                    {
                        "id": code_id,
                        "guid": guid,
                        "name": name,
                        "definition": definition,
                        "colour": colours.take(node.colour),
                        "parent_id": parent_id,
                        "position": position,
                        "created_at": now,
                    }
                )
                by_guid[guid.lower()] = code_id
                by_name[name.casefold()] = code_id
                definitions[code_id] = definition
                result.added.append(name)
            else:
                result.matched.append(name)
                if definition and not definitions.get(code_id):
                    definitions[code_id] = definition
                    new_definitions[code_id] = definition
            placed[id(node)] = code_id
            for theme in node.themes:
                theme_id = theme_ids.get(theme.casefold())
                if theme_id is None:
                    result.problems.append(f"{name}: theme {theme!r} is not in the codebook")
                elif (code_id, theme_id) not in links:
                    links.add((code_id, theme_id))
                    new_links.append({"code_id": code_id, "theme_id": theme_id})
                    result.mappings_added += 1
            if len(new_codes) >= _BATCH or len(new_links) >= _BATCH:
                self._write(new_codes, new_links)
            if self.progress is not None and done % _REPORT_EVERY == 0 and done < total:
                self.progress(done, total)
        self._write(new_codes, new_links)
        for code_id, definition in new_definitions.items():
            session.execute(
                update(models.Code).where(models.Code.id == code_id).values(definition=definition)
            )
        session.flush()
        if self.progress is not None and total:
            # Everything is written but not yet committed: the last moment to stop.
            self.progress(total, total)
        self.project.codebook.emit("codes", "frameworks")
        return result

    def _write(self, codes: list[dict[str, object]], links: list[dict[str, int]]) -> None:
        """Write the factors and links gathered so far, and forget them. The walk puts a
        parent before its children and a factor before its links, so the foreign keys
        always find what they point at."""
        if codes:
            self.session.execute(insert(_CODES), codes)
            codes.clear()
        if links:
            self.session.execute(insert(_CODE_THEMES), links)
            links.clear()

    def _themes(self) -> dict[str, int]:
        """Theme ids by casefolded name, the file's themes made in its framework first."""
        wanted = list(self.data.themes)
        names = {theme.name.casefold() for theme in wanted}
        for node, _parent in walk(self.data.codes):
            for named in node.themes:
                if named.casefold() not in names:
                    names.add(named.casefold())
                    wanted.append(CodebookTheme(named))
        if not wanted:
            return {}
        frameworks = self.project.frameworks
        name = strip_controls(self.data.framework_name).strip() or "Imported framework"
        framework = next((f for f in frameworks.list() if f.name == name), None)
        if framework is None:
            framework = frameworks.add(name)
        existing = frameworks.themes(framework.id)
        have = {t.name.casefold(): t.id for t in existing}
        # .qdc files carry no theme colours; distinct ones keep the themes apart on the page.
        colours = _Colours([t.colour for t in existing])
        for theme in wanted:
            key = theme.name.casefold()
            if key not in have:
                made = frameworks.add_theme(
                    framework.id,
                    strip_controls(theme.name),
                    strip_controls(theme.description),
                    colours.take(theme.colour),
                )
                have[key] = made.id
                self.result.themes_added.append(theme.name)
        return have


# --- taking an import back (undo) and putting it back again (redo) --------------------------


@dataclass(frozen=True)
class CodebookState:
    """What a codebook import can change, taken before it, so that it can be taken back."""

    codes: frozenset[int]
    frameworks: frozenset[int]
    themes: frozenset[int]
    links: frozenset[tuple[int, int]]
    definitions: tuple[tuple[int, str], ...]


def codebook_state(project: Project) -> CodebookState:
    with project.database.reading() as session:
        codes = session.execute(select(models.Code.id, models.Code.definition)).all()
        links = session.execute(select(models.CodeTheme.code_id, models.CodeTheme.theme_id)).all()
        return CodebookState(
            codes=frozenset(row.id for row in codes),
            frameworks=frozenset(session.scalars(select(models.Framework.id)).all()),
            themes=frozenset(session.scalars(select(models.Theme.id)).all()),
            links=frozenset((code_id, theme_id) for code_id, theme_id in links),
            definitions=tuple((row.id, row.definition) for row in codes),
        )


_CODE_COLUMNS = (
    "id",
    "guid",
    "name",
    "definition",
    "colour",
    "parent_id",
    "position",
    "created_at",
)
_CODING_COLUMNS = ("id", "guid", "passage_id", "code_id", "created_at")


@dataclass
class RevertedImport:
    """What `revert_codebook` took away, kept so that `reapply_codebook` puts back the very
    same factors, themes and frameworks (same ids) on redo."""

    frameworks: list[FrameworkSnapshot] = field(default_factory=list)
    themes: list[ThemeSnapshot] = field(default_factory=list)
    codes: list[dict[str, object]] = field(default_factory=list)  # rows of the new factors
    code_links: list[tuple[int, int]] = field(default_factory=list)  # their theme links
    codings: list[dict[str, object]] = field(default_factory=list)  # their codings
    memos: list[tuple[int, str]] = field(default_factory=list)  # their memos
    links: list[tuple[int, int]] = field(default_factory=list)  # added to older factors
    definitions: list[tuple[int, str]] = field(default_factory=list)  # as the import left them


def revert_codebook(
    project: Project, state: CodebookState, after: CodebookState | None = None
) -> RevertedImport:
    """Take back what an import added between `state` and `after` (or, without `after`,
    everything added since `state`): factors, themes, frameworks, links, and the
    definitions it filled in. One transaction, in bulk.

    With `after`, a factor or link added later by anything else stays (at the top level,
    if it sat under an imported factor); a theme added later to a framework the import
    made goes with that framework, and comes back with it on redo."""
    project.require_writable()
    taken = RevertedImport()
    with project.database.transaction() as session:
        now = codebook_state(project)
        made = now if after is None else after
        for code_id, theme_id in sorted((made.links - state.links) & now.links):
            if code_id in state.codes and theme_id in state.themes:
                session.execute(
                    delete(models.CodeTheme).where(
                        models.CodeTheme.code_id == code_id, models.CodeTheme.theme_id == theme_id
                    )
                )
                taken.links.append((code_id, theme_id))
        new_codes = sorted((made.codes - state.codes) & now.codes)
        _take_codes(session, new_codes, taken)
        new_frameworks = (made.frameworks - state.frameworks) & now.frameworks
        for theme_id in sorted((made.themes - state.themes) & now.themes, reverse=True):
            # Themes of a new framework go with it, below.
            if project.frameworks.theme(theme_id).framework_id not in new_frameworks:
                taken.themes.append(project.frameworks.delete_theme(theme_id))
        for framework_id in sorted(new_frameworks, reverse=True):
            taken.frameworks.append(project.frameworks.delete(framework_id))
        before = dict(state.definitions)
        still = {code_id for code_id, _definition in now.definitions}
        for code_id, definition in made.definitions:
            if code_id in before and code_id in still and before[code_id] != definition:
                taken.definitions.append((code_id, definition))
                session.execute(
                    update(models.Code)
                    .where(models.Code.id == code_id)
                    .values(definition=before[code_id])
                )
        project.codebook.emit("codes", "passages", "frameworks", "memos")
    return taken


def _in_chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), 500):
        yield ids[start : start + 500]


def _take_codes(session: Session, ids: list[int], taken: RevertedImport) -> None:
    for chunk in _in_chunks(ids):
        for row in session.execute(
            select(*(getattr(models.Code, c) for c in _CODE_COLUMNS)).where(
                models.Code.id.in_(chunk)
            )
        ):
            taken.codes.append(dict(zip(_CODE_COLUMNS, row, strict=True)))
        taken.code_links += [
            (code_id, theme_id)
            for code_id, theme_id in session.execute(
                select(models.CodeTheme.code_id, models.CodeTheme.theme_id).where(
                    models.CodeTheme.code_id.in_(chunk)
                )
            )
        ]
        for row in session.execute(
            select(*(getattr(models.Coding, c) for c in _CODING_COLUMNS)).where(
                models.Coding.code_id.in_(chunk)
            )
        ):
            taken.codings.append(dict(zip(_CODING_COLUMNS, row, strict=True)))
        taken.memos += [
            (code_id, text)
            for code_id, text in session.execute(
                select(models.Memo.code_id, models.Memo.text).where(models.Memo.code_id.in_(chunk))
            )
            if code_id is not None
        ]
    for chunk in _in_chunks(ids):
        # Codings, theme links and memos go by ON DELETE CASCADE.
        session.execute(delete(models.Code).where(models.Code.id.in_(chunk)))


def reapply_codebook(project: Project, taken: RevertedImport) -> None:
    """Put back what `revert_codebook` took, in the reverse order. One transaction."""
    project.require_writable()
    with project.database.transaction() as session:
        for framework in reversed(taken.frameworks):
            project.frameworks.restore(framework)
        for theme in reversed(taken.themes):
            project.frameworks.restore_theme(theme)
        # Parents first, as the foreign key wants them: an import numbers a parent before
        # its children, and new factors only ever sit under older ones or each other.
        rows = sorted(taken.codes, key=lambda row: int(str(row["id"])))
        for start in range(0, len(rows), _BATCH):
            session.execute(insert(_CODES), rows[start : start + _BATCH])
        links = [{"code_id": c, "theme_id": t} for c, t in taken.code_links + taken.links]
        for start in range(0, len(links), _BATCH):
            session.execute(insert(_CODE_THEMES), links[start : start + _BATCH])
        for start in range(0, len(taken.codings), _BATCH):
            session.execute(insert(_CODINGS), taken.codings[start : start + _BATCH])
        for code_id, text in taken.memos:
            session.add(models.Memo(code_id=code_id, text=text))
        for code_id, definition in taken.definitions:
            session.execute(
                update(models.Code).where(models.Code.id == code_id).values(definition=definition)
            )
        session.flush()
        project.codebook.emit("codes", "passages", "frameworks", "memos")
