"""Built-in frameworks a project can start from.

The capitals template follows Carey et al. (2019): factors shaping who benefits from
personalised disability funding, grouped under Bourdieu's forms of capital. A factor may
sit under more than one capital; advocacy is social and symbolic, and paid advocacy is
economic too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.errors import CoreError
from app.core.types import CodebookData

if TYPE_CHECKING:
    from app.core.project import Project


@dataclass(frozen=True)
class TemplateFactor:
    name: str
    themes: tuple[str, ...]
    definition: str = ""
    parent: str | None = None


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    themes: tuple[tuple[str, str, str], ...]  # name, description, colour
    factors: tuple[TemplateFactor, ...]


CAPITALS = Template(
    name="Bourdieu's capitals",
    description="Economic, cultural, social and symbolic capital (Bourdieu, 1986).",
    themes=(
        ("Economic capital", "Money and assets, and what converts directly into them.", "#2a9d8f"),
        ("Cultural capital", "Education, knowledge and skills, embodied and certified.", "#e9c46a"),
        ("Social capital", "Resources reached through networks and relationships.", "#f4a261"),
        ("Symbolic capital", "Recognition, status and legitimacy that others grant.", "#9d4edd"),
    ),
    factors=(
        TemplateFactor(
            "Education", ("Cultural capital",), "Formal education of the person or their family."
        ),
        TemplateFactor(
            "Being employed", ("Economic capital",), "Paid work of the person or their carers."
        ),
        TemplateFactor(
            "Household income",
            ("Economic capital",),
            "Income and wealth available to the household.",
        ),
        TemplateFactor(
            "Capacity to self-manage funds",
            ("Economic capital",),
            "Ability to budget, pay providers and account for a personal budget.",
        ),
        TemplateFactor(
            "Knowledge and skills in navigating complex bureaucratic systems",
            ("Cultural capital",),
            "Knowing how to work through assessments, plans, reviews and appeals.",
        ),
        TemplateFactor(
            "Knowledge of where to access information",
            ("Cultural capital",),
            "Knowing where to find information about supports and rights.",
        ),
        TemplateFactor(
            "Informal networks and support",
            ("Social capital",),
            "Family, friends and peers who help with the scheme.",
        ),
        TemplateFactor(
            "Advocacy (self, familial, not-for-profit, paid)",
            ("Social capital", "Symbolic capital"),
            "Someone speaking up for the person: themselves, family, a not-for-profit.",
        ),
        TemplateFactor(
            "Paid advocacy",
            ("Economic capital",),
            "Advocacy bought from a professional.",
            parent="Advocacy (self, familial, not-for-profit, paid)",
        ),
    ),
)

TEMPLATES: dict[str, Template] = {"capitals": CAPITALS}


def apply_template(project: Project, key: str) -> int:
    """Add a template's framework, themes and factors to a project; returns the framework id.

    Factors that already exist (same name) are reused, so a template can be applied to a
    project that has started coding.
    """
    template = TEMPLATES.get(key)
    if template is None:
        raise CoreError(
            f"No built-in framework called {key!r}; known: {', '.join(sorted(TEMPLATES))}."
        )
    with project.database.transaction():
        return _apply(project, template)


def _apply(project: Project, template: Template) -> int:
    framework = project.frameworks.add(template.name, template.description)
    themes = {
        name: project.frameworks.add_theme(framework.id, name, description, colour)
        for name, description, colour in template.themes
    }
    ids: dict[str, int] = {}
    for factor in template.factors:
        code = project.codebook.find(factor.name)
        if code is None:
            parent_id = ids.get(factor.parent) if factor.parent else None
            code = project.codebook.add(
                factor.name, definition=factor.definition, parent_id=parent_id
            )
        ids[factor.name] = code.id
        for theme in factor.themes:
            project.frameworks.map(code.id, themes[theme].id)
    return framework.id


def apply_codebook(project: Project, data: CodebookData) -> int:
    """Add the framework, themes and factors of a codebook (a template read from a file) to
    a project; existing factors are matched by guid or name, as in any codebook import.

    Returns the framework id.
    """
    from app.core.codebook_import import merge_codebook

    if not data.codes:
        raise CoreError("The template holds no factors to start a project from.")
    name = data.framework_name or "Imported framework"
    data.framework_name = name
    merge_codebook(project, data, name)
    framework = next((f for f in project.frameworks.list() if f.name == name), None)
    if framework is None:
        framework = project.frameworks.add(name)
    return framework.id
