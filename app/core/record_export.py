"""A study's record as plain values: what `habitus info --json` and `habitus studies --json`
print, and the record columns every export carries beside a study."""

from __future__ import annotations

from typing import Any

from app.core.record_fields import display
from app.core.record_types import FIELD_LABELS, RECORD_FIELDS, StudyRecord


def record_dict(record: StudyRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": record.id,
        "guid": record.guid,
        "name": record.name,
        "citation": record.citation,
        "label": record.label,
        "has_pdf": record.has_pdf,
        "filename": record.filename,
        "pages": record.page_count,
        "passages": record.passage_count,
    }
    for name in RECORD_FIELDS:
        value = getattr(record, name)
        data[name] = list(value) if name == "authors" else value
    data.update(
        {
            "status": record.status,
            "reason": record.reason,
            "groups": list(record.groups),
            "attributes": dict(record.attributes),
            "guessed": sorted(record.guessed),
            "flags": record.flags(),
        }
    )
    return data


# Record columns an export puts beside each study, after its citation.
EXPORT_FIELDS = ("year", "title", "design", "sample_size", "sample", "country", "setting")


def export_headers(attribute_names: list[str]) -> list[str]:
    return [
        *(FIELD_LABELS[name] for name in EXPORT_FIELDS),
        FIELD_LABELS["status"],
        FIELD_LABELS["reason"],
        FIELD_LABELS["groups"],
        *attribute_names,
    ]


def export_values(record: StudyRecord | None, attribute_names: list[str]) -> list[Any]:
    """The study's values under `export_headers`, empty for an unknown study."""
    if record is None:
        return [""] * (len(EXPORT_FIELDS) + 3 + len(attribute_names))
    return [
        *(
            getattr(record, name)
            if name in ("year", "sample_size") and getattr(record, name) is not None
            else display(name, getattr(record, name))
            for name in EXPORT_FIELDS
        ),
        record.status,
        record.reason,
        display("groups", record.groups),
        *(record.attributes.get(name, "") for name in attribute_names),
    ]
