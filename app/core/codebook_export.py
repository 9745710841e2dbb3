"""The project's codebook as plain data, ready for a .qdc file or a template."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.types import CodebookCode, CodebookData, CodebookTheme

if TYPE_CHECKING:
    from app.core.project import Project


def codebook_data(project: Project, framework_id: int | None = None) -> CodebookData:
    """Factors as a tree; themes of one framework (the first when none is named)."""
    frameworks = project.frameworks.list()
    framework = next((f for f in frameworks if framework_id is None or f.id == framework_id), None)
    themes = project.frameworks.themes(framework.id) if framework else []
    theme_names = {theme.id: theme.name for theme in themes}
    mapping = project.frameworks.mapping()
    nodes: dict[int, CodebookCode] = {}
    roots: list[CodebookCode] = []
    codes = project.codebook.list()
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
