"""Merging a codebook into a project (`app.exchange.codebook_files` reads it from a .qdc,
.xlsx or .csv file).

Factors match by GUID first, then by name ignoring case; a match keeps its codings and
takes the file's definition and colour where the project has none. Themes go into the
framework of the file's name, created if missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.codebook import CodeSnapshot
from app.core.frameworks import FrameworkSnapshot, ThemeSnapshot
from app.core.palette import next_colour
from app.core.types import CodebookCode, CodebookData, CodebookTheme

if TYPE_CHECKING:
    from app.core.project import Project


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


def merge_codebook(project: Project, data: CodebookData, source: str) -> CodebookImportResult:
    """Merge as one action: every factor, theme and link of the file, or none of them."""
    project.require_writable()
    with project.database.transaction():
        return _merge(project, data, source)


def _merge(project: Project, data: CodebookData, source: str) -> CodebookImportResult:
    result = CodebookImportResult(source, problems=list(data.problems))
    existing = project.codebook.list()
    by_guid = {code.guid.lower(): code for code in existing}
    by_name = {code.name.casefold(): code for code in existing}
    theme_ids = _themes(project, data, result)

    def visit(node: CodebookCode, parent_id: int | None) -> None:
        code = (by_guid.get(node.guid.lower()) if node.guid else None) or by_name.get(
            node.name.strip().casefold()
        )
        if code is None:
            guid = node.guid if node.guid and node.guid.lower() not in by_guid else None
            code = project.codebook.add(
                node.name, node.colour, node.definition, parent_id, guid=guid
            )
            by_name[code.name.casefold()] = code
            by_guid[code.guid.lower()] = code
            result.added.append(code.name)
        else:
            result.matched.append(code.name)
            if node.definition and not code.definition:
                project.codebook.update(code.id, definition=node.definition)
        current = set(project.frameworks.mapping().get(code.id, []))
        for theme in node.themes:
            theme_id = theme_ids.get(theme.casefold())
            if theme_id is None:
                result.problems.append(f"{node.name}: theme {theme!r} is not in the codebook")
            elif theme_id not in current:
                project.frameworks.map(code.id, theme_id)
                result.mappings_added += 1
        for child in node.children:
            visit(child, code.id)

    for node in data.codes:
        visit(node, None)
    return result


def _themes(project: Project, data: CodebookData, result: CodebookImportResult) -> dict[str, int]:
    names = {theme.name.casefold() for theme in data.themes}
    for code in _walk(data.codes):
        for theme in code.themes:
            if theme.casefold() not in names:
                names.add(theme.casefold())
                data.themes.append(CodebookTheme(theme))
    if not data.themes:
        return {}
    name = data.framework_name or "Imported framework"
    framework = next((f for f in project.frameworks.list() if f.name == name), None)
    if framework is None:
        framework = project.frameworks.add(name)
    existing = project.frameworks.themes(framework.id)
    have = {t.name.casefold(): t.id for t in existing}
    # .qdc files carry no theme colours; distinct ones keep the themes apart on the page.
    colours = [t.colour for t in existing]
    for wanted in data.themes:
        key = wanted.name.casefold()
        if key not in have:
            colour = wanted.colour or next_colour(colours)
            colours.append(colour)
            made = project.frameworks.add_theme(
                framework.id, wanted.name, wanted.description, colour
            )
            have[key] = made.id
            result.themes_added.append(wanted.name)
    return have


def _walk(codes: list[CodebookCode]) -> list[CodebookCode]:
    out: list[CodebookCode] = []
    for code in codes:
        out.append(code)
        out.extend(_walk(code.children))
    return out


@dataclass(frozen=True)
class CodebookState:
    """What a codebook import can change, taken before it, so that it can be taken back."""

    codes: frozenset[int]
    frameworks: frozenset[int]
    themes: frozenset[int]
    links: frozenset[tuple[int, int]]
    definitions: tuple[tuple[int, str], ...]


def codebook_state(project: Project) -> CodebookState:
    codes = project.codebook.list()
    return CodebookState(
        codes=frozenset(code.id for code in codes),
        frameworks=frozenset(f.id for f in project.frameworks.list()),
        themes=frozenset(t.id for t in project.frameworks.themes()),
        links=frozenset(
            (code_id, theme_id)
            for code_id, theme_ids in project.frameworks.mapping().items()
            for theme_id in theme_ids
        ),
        definitions=tuple((code.id, code.definition) for code in codes),
    )


@dataclass
class RevertedImport:
    """What `revert_codebook` took away, kept so that `reapply_codebook` puts back the very
    same factors, themes and frameworks (same ids) on redo."""

    frameworks: list[FrameworkSnapshot] = field(default_factory=list)
    themes: list[ThemeSnapshot] = field(default_factory=list)
    codes: list[CodeSnapshot] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)
    definitions: list[tuple[int, str]] = field(default_factory=list)  # as the import left them


def revert_codebook(project: Project, state: CodebookState) -> RevertedImport:
    """Take back what was added since `state`: factors, themes, frameworks, links, and the
    definitions an import filled in. One transaction."""
    project.require_writable()
    taken = RevertedImport()
    with project.database.transaction():
        now = codebook_state(project)
        for code_id, theme_id in sorted(now.links - state.links):
            if code_id in state.codes and theme_id in state.themes:
                project.frameworks.unmap(code_id, theme_id)
                taken.links.append((code_id, theme_id))
        # Newest first, so that a factor's new sub-factors go before it does.
        for code_id in sorted(now.codes - state.codes, reverse=True):
            taken.codes.append(project.codebook.delete(code_id))
        new_frameworks = now.frameworks - state.frameworks
        for theme_id in sorted(now.themes - state.themes, reverse=True):
            # Themes of a new framework go with it, below.
            if project.frameworks.theme(theme_id).framework_id not in new_frameworks:
                taken.themes.append(project.frameworks.delete_theme(theme_id))
        for framework_id in sorted(new_frameworks, reverse=True):
            taken.frameworks.append(project.frameworks.delete(framework_id))
        before = dict(state.definitions)
        for code_id, definition in now.definitions:
            if code_id in before and before[code_id] != definition:
                taken.definitions.append((code_id, definition))
                project.codebook.update(code_id, definition=before[code_id])
    return taken


def reapply_codebook(project: Project, taken: RevertedImport) -> None:
    """Put back what `revert_codebook` took, in the reverse order. One transaction."""
    project.require_writable()
    with project.database.transaction():
        for framework in reversed(taken.frameworks):
            project.frameworks.restore(framework)
        for theme in reversed(taken.themes):
            project.frameworks.restore_theme(theme)
        for code in reversed(taken.codes):
            project.codebook.restore(code)
        for code_id, theme_id in taken.links:
            project.frameworks.map(code_id, theme_id)
        for code_id, definition in taken.definitions:
            project.codebook.update(code_id, definition=definition)
