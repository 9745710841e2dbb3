"""Which studies a list shows: by text, screening status, group and attribute value."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.record_types import StudyRecord

NOT_SET = "(not set)"


@dataclass(frozen=True)
class StudyFilter:
    text: str = ""  # in the citation, name, title, authors, DOI or file name
    status: str = ""  # unscreened, included or excluded; empty for any
    group: str = ""
    attribute: str = ""  # an attribute's name, with `value` (NOT_SET for studies without)
    value: str = ""

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.status or self.group or self.attribute)

    def matches(self, record: StudyRecord) -> bool:
        if self.status and record.status != self.status:
            return False
        if self.group and self.group not in record.groups:
            return False
        if self.attribute:
            value = record.attributes.get(self.attribute, "")
            wanted = "" if self.value == NOT_SET else self.value
            if self.value and value != wanted:
                return False
        words = self.text.casefold().split()
        if words:
            haystack = " ".join(
                [
                    record.citation,
                    record.name,
                    record.title,
                    record.doi,
                    record.filename,
                    *record.authors,
                ]
            ).casefold()
            return all(word in haystack for word in words)
        return True
