"""A plain summary of a project: what `habitus info` prints and scripts read as JSON."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from app.core.page_numbers import page_range
from app.core.record_export import record_dict
from app.core.types import TEXT_ERROR, TEXT_NONE, TEXT_OK, TEXT_UNUSABLE

if TYPE_CHECKING:
    from app.core.project import Project

FLAG_WORDS = {
    TEXT_NONE: "no text layer: region coding only",
    TEXT_UNUSABLE: "text layer unusable (unmapped glyphs): region coding only",
    TEXT_ERROR: "text could not be read",
}


def study_flags(statuses: Counter[str], page_count: int) -> list[str]:
    flags: list[str] = []
    for status, words in FLAG_WORDS.items():
        count = statuses.get(status, 0)
        if count == page_count and count:
            flags.append(words)
        elif count:
            flags.append(f"{count} of {page_count} pages: {words}")
    return flags


def project_summary(project: Project) -> dict[str, Any]:
    themes = {theme.id: theme for theme in project.frameworks.themes()}
    mapping = project.frameworks.mapping()
    counts = project.codebook.counts()
    records = {record.id: record for record in project.records.list()}
    studies = []
    cited = project.page_numbers.cited()
    for study in project.studies.list():
        pages = project.studies.pages(study.id)
        statuses = Counter(page.text_status for page in pages)
        unreadable = sum(page.unreadable for page in pages if page.text_status == TEXT_OK)
        flags = study_flags(statuses, study.page_count)
        if unreadable:
            flags.append(f"{unreadable} symbol{'s' if unreadable != 1 else ''} unreadable")
        drawing = project.studies.drawing_problem(study.id)
        if drawing:
            flags.append(f"pages cannot be drawn: {drawing}")
        numbers = cited.get(study.id, [])
        entry: dict[str, Any] = {
            "id": study.id,
            "name": study.name,
            "filename": study.filename,
            "sha256": study.sha256,
            "pages": study.page_count,
            "cited_pages": page_range(numbers, 0, len(numbers) - 1) if numbers else "",
            "page_status": dict(statuses),
            "unreadable": unreadable,
            "passages": study.passage_count,
            "drawing_problem": drawing,
            "flags": flags,
        }
        record = records.get(study.id)
        if record is not None:
            entry.update({k: v for k, v in record_dict(record).items() if k not in entry})
            entry["flags"] = [*flags, *record.record_flags()]
        studies.append(entry)
    factors = []
    for code in project.codebook.list():
        count = counts.get(code.id)
        factors.append(
            {
                "id": code.id,
                "name": code.name,
                "colour": code.colour,
                "parent_id": code.parent_id,
                "themes": [themes[t].name for t in mapping.get(code.id, []) if t in themes],
                "passages": count.passages if count else 0,
                "studies": count.studies if count else 0,
            }
        )
    frameworks = [
        {
            "id": framework.id,
            "name": framework.name,
            "themes": [t.name for t in themes.values() if t.framework_id == framework.id],
        }
        for framework in project.frameworks.list()
    ]
    return {
        "name": project.name,
        "path": str(project.path),
        "studies": studies,
        "factors": factors,
        "frameworks": frameworks,
        "passages": sum(s["passages"] for s in studies),
    }
