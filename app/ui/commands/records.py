"""Undo commands over study records: edits, new and deleted studies, reference imports,
attached or replaced PDFs, passages placed by hand, and the lists screening uses.

Edits keep the values they replaced (core hands them back), so undo is the same call with
those; whole-study changes keep bundles of rows that core writes back with the same ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.attributes import AttributeSnapshot
from app.core.project import Project
from app.core.record_types import Reason
from app.core.reference_import import Choice, ReferenceImport, apply
from app.core.reference_match import MatchPlan
from app.core.replace_pdf import NewPdf, Replacement, place_region, place_text, replace_pdf
from app.core.study_bundle import StudyBundle
from app.core.study_lists import GroupSnapshot
from app.ui.commands.base import ProjectCommand


class EditRecords(ProjectCommand):
    """One or more fields of one or more studies, as one step."""

    def __init__(
        self, project: Project, changes: Mapping[int, Mapping[str, Any]], text: str = "Edit study"
    ):
        super().__init__(project, text, next(iter(changes), None))
        self._changes = {k: dict(v) for k, v in changes.items()}
        self._before: dict[int, dict[str, Any]] = {}

    @property
    def changed(self) -> bool:
        return bool(self._before)

    def _redo(self) -> None:
        self._before = self.project.records.update_many(self._changes)

    def _undo(self) -> None:
        self.project.records.update_many(self._before)


class CreateStudy(ProjectCommand):
    """A study without full text, typed in by hand."""

    def __init__(self, project: Project, fields: Mapping[str, Any]):
        # No study_id: undo must not show a study it has just taken away.
        super().__init__(project, "New study without full text", None)
        self._fields = dict(fields)
        self._bundles: list[StudyBundle] = []
        self.created: int | None = None

    def _redo(self) -> None:
        if self._bundles:
            self.project.records.restore(self._bundles)
        else:
            self.created = self.project.records.create(fields=self._fields).id

    def _undo(self) -> None:
        assert self.created is not None
        self._bundles = self.project.records.delete([self.created])


class DeleteStudies(ProjectCommand):
    def __init__(self, project: Project, study_ids: list[int]):
        label = "Delete study" if len(study_ids) == 1 else f"Delete {len(study_ids)} studies"
        super().__init__(project, label, None)
        self._ids = list(study_ids)
        self._bundles: list[StudyBundle] = []

    def _redo(self) -> None:
        self._bundles = self.project.records.delete(self._ids)

    def _undo(self) -> None:
        self.project.records.restore(self._bundles)


class _Bundled(ProjectCommand):
    """A change core made to whole studies: undo and redo write its bundles back."""

    def __init__(self, project: Project, text: str, study_id: int | None):
        super().__init__(project, text, study_id)
        self.before: list[StudyBundle] = []
        self.after: list[StudyBundle] = []

    def _first(self) -> None:
        raise NotImplementedError

    def _redo(self) -> None:
        if self.after:
            self.project.records.restore(self.after)
        else:
            self._first()

    def _undo(self) -> None:
        self.project.records.restore(self.before)


class ImportReferences(_Bundled):
    def __init__(self, project: Project, plan: MatchPlan, choices: Mapping[int, Choice]):
        super().__init__(project, f"Import references from {plan.source}", None)
        self._plan = plan
        self._choices = dict(choices)
        self.result: ReferenceImport | None = None

    def _first(self) -> None:
        self.result = apply(self.project, self._plan, self._choices)
        self.before, self.after = self.result.before, self.result.after


class ReplacePdf(_Bundled):
    def __init__(
        self, project: Project, study_id: int, new: NewPdf, attach: bool, reread: bool = False
    ):
        if reread:
            text = "Read the pages again"
        elif attach:
            text = f"Attach {new.path.name}"
        else:
            text = f"Replace the PDF with {new.path.name}"
        super().__init__(project, text, study_id)
        self._new = new
        self._reread = reread
        self.result: Replacement | None = None

    def _first(self) -> None:
        assert self.study_id is not None
        self.result = replace_pdf(self.project, self.study_id, self._new, reread=self._reread)
        self.before, self.after = [self.result.before], [self.result.after]


class PlacePassage(_Bundled):
    """A passage the new PDF lost, placed by hand on the selection."""

    def __init__(
        self,
        project: Project,
        passage_id: int,
        span: tuple[int, int, int, int] | None = None,
        region: tuple[int, tuple[float, float, float, float]] | None = None,
    ):
        study_id = project.passages.get(passage_id).study_id
        super().__init__(project, "Place passage", study_id)
        self._passage_id = passage_id
        self._span = span
        self._region = region

    def _first(self) -> None:
        if self._span is not None:
            before, after = place_text(self.project, self._passage_id, self._span)
        else:
            assert self._region is not None
            before, after = place_region(self.project, self._passage_id, *self._region)
        self.before, self.after = [before], [after]


# --- the lists: groups, reasons, attributes --------------------------------------------------


class ReorderList(ProjectCommand):
    """Groups, reasons or attributes put in a new order."""

    def __init__(self, project: Project, which: str, ids: list[int]):
        super().__init__(project, f"Reorder {which}", None)
        self._which, self._ids = which, ids
        self._old: list[int] = []

    def _redo(self) -> None:
        self._old = self.project.records.lists.reorder(self._which, self._ids)

    def _undo(self) -> None:
        self.project.records.lists.reorder(self._which, self._old)


class AddGroup(ProjectCommand):
    def __init__(self, project: Project, name: str):
        super().__init__(project, f"Add group {name!r}", None)
        self._name = name
        self._snapshot: GroupSnapshot | None = None
        self.group_id: int | None = None

    def _redo(self) -> None:
        if self._snapshot is None:
            self.group_id = self.project.records.lists.add_group(self._name).id
        else:
            self.project.records.lists.restore_group(self._snapshot)

    def _undo(self) -> None:
        assert self.group_id is not None
        self._snapshot = self.project.records.lists.delete_group(self.group_id)


class RenameGroup(ProjectCommand):
    def __init__(self, project: Project, group_id: int, name: str):
        super().__init__(project, f"Rename group to {name!r}", None)
        self._id, self._name, self._old = group_id, name, ""

    def _redo(self) -> None:
        self._old = self.project.records.lists.rename_group(self._id, self._name)

    def _undo(self) -> None:
        self.project.records.lists.rename_group(self._id, self._old)


class DeleteGroup(ProjectCommand):
    def __init__(self, project: Project, group_id: int):
        super().__init__(project, "Delete group", None)
        self._id = group_id
        self._snapshot: GroupSnapshot | None = None

    def _redo(self) -> None:
        self._snapshot = self.project.records.lists.delete_group(self._id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        self.project.records.lists.restore_group(self._snapshot)


class AddReason(ProjectCommand):
    def __init__(self, project: Project, name: str):
        super().__init__(project, f"Add exclusion reason {name!r}", None)
        self._name = name
        self._reason: Reason | None = None

    def _redo(self) -> None:
        if self._reason is None:
            self._reason = self.project.records.lists.add_reason(self._name)
        else:
            self.project.records.lists.restore_reason(self._reason)

    def _undo(self) -> None:
        assert self._reason is not None
        self.project.records.lists.delete_reason(self._reason.id)


class RenameReason(ProjectCommand):
    def __init__(self, project: Project, reason_id: int, name: str):
        super().__init__(project, f"Rename reason to {name!r}", None)
        self._id, self._name, self._old = reason_id, name, ""

    def _redo(self) -> None:
        self._old = self.project.records.lists.rename_reason(self._id, self._name)

    def _undo(self) -> None:
        self.project.records.lists.rename_reason(self._id, self._old)


class DeleteReason(ProjectCommand):
    def __init__(self, project: Project, reason_id: int):
        super().__init__(project, "Delete exclusion reason", None)
        self._id = reason_id
        self._reason: Reason | None = None

    def _redo(self) -> None:
        self._reason = self.project.records.lists.delete_reason(self._id)

    def _undo(self) -> None:
        assert self._reason is not None
        self.project.records.lists.restore_reason(self._reason)


class DefineAttribute(ProjectCommand):
    def __init__(self, project: Project, name: str, kind: str, choices: list[str]):
        super().__init__(project, f"Add attribute {name!r}", None)
        self._args = (name, kind, choices)
        self._snapshot: AttributeSnapshot | None = None
        self.attribute_id: int | None = None

    def _redo(self) -> None:
        if self._snapshot is None:
            self.attribute_id = self.project.records.attributes.define(*self._args).id
        else:
            self.project.records.attributes.restore(self._snapshot)

    def _undo(self) -> None:
        assert self.attribute_id is not None
        self._snapshot = self.project.records.attributes.delete(self.attribute_id)


class ChangeAttribute(ProjectCommand):
    """Rename, retype or edit the choices; undo puts back the values as they were written
    (a new type stores them in its own form: " 24.0 " as 24)."""

    def __init__(
        self,
        project: Project,
        attribute_id: int,
        name: str | None = None,
        choices: list[str] | None = None,
        kind: str | None = None,
    ):
        super().__init__(project, "Edit attribute", None)
        self._id, self._name, self._choices, self._kind = attribute_id, name, choices, kind
        self._old: AttributeSnapshot | None = None

    def _redo(self) -> None:
        attributes = self.project.records.attributes
        self._old = attributes.snapshot(self._id)
        attributes.change(self._id, name=self._name, kind=self._kind, choices=self._choices)

    def _undo(self) -> None:
        assert self._old is not None
        self.project.records.attributes.put_back(self._old)


class DeleteAttribute(ProjectCommand):
    def __init__(self, project: Project, attribute_id: int):
        super().__init__(project, "Delete attribute", None)
        self._id = attribute_id
        self._snapshot: AttributeSnapshot | None = None

    def _redo(self) -> None:
        self._snapshot = self.project.records.attributes.delete(self._id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        self.project.records.attributes.restore(self._snapshot)
