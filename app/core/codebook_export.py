"""The project's codebook as plain data, ready for a .qdc file or a template."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.types import CodebookCode, CodebookData, CodebookTheme

if TYPE_CHECKING:
    from app.core.codebook import Codebook
    from app.core.frameworks import Frameworks
    from app.core.project import Project


def codebook_data(project: Project, framework_id: int | None = None) -> CodebookData:
    """Factors as a tree; themes of one framework (the first when none is named)."""
    return collect(project.codebook, project.frameworks, framework_id)


def collect(
    codebook: Codebook,
    frameworks: Frameworks,
    framework_id: int | None = None,
    mapped_only: bool = False,
) -> CodebookData:
    """As `codebook_data`; `mapped_only` keeps just the factors under the framework's themes
    and their ancestors (so the hierarchy survives), which is what a template carries."""
    framework = next(
        (f for f in frameworks.list() if framework_id is None or f.id == framework_id), None
    )
    themes = frameworks.themes(framework.id) if framework else []
    theme_names = {theme.id: theme.name for theme in themes}
    mapping = frameworks.mapping()
    codes = codebook.list()
    if mapped_only:
        parents = {code.id: code.parent_id for code in codes}
        keep: set[int] = set()
        for code in codes:
            if any(t in theme_names for t in mapping.get(code.id, [])):
                current: int | None = code.id
                while current is not None and current not in keep:
                    keep.add(current)
                    current = parents.get(current)
        codes = [code for code in codes if code.id in keep]
    nodes: dict[int, CodebookCode] = {}
    roots: list[CodebookCode] = []
    for code in codes:
        nodes[code.id] = CodebookCode(
            name=code.name,
            definition=code.definition,
            colour=code.colour,
            guid=code.guid,
            themes=[theme_names[t] for t in mapping.get(code.id, []) if t in theme_names],
        )
    for code in codes:
        parent = nodes.get(code.parent_id) if code.parent_id is not None else None
        (parent.children if parent else roots).append(nodes[code.id])
    return CodebookData(
        codes=roots,
        framework_name=framework.name if framework else "",
        themes=[CodebookTheme(t.name, t.description, t.colour, t.guid) for t in themes],
    )
