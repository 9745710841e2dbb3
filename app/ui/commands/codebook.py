"""Undo commands over the codebook and its frameworks.

Ids stay stable across undo and redo: whatever undo takes away is kept as a core snapshot
and put back with the same id, so later commands on the stack that name it still find it.
"""

from __future__ import annotations

from app.core.codebook import CodeSnapshot, MergeSnapshot, Place
from app.core.codebook_import import (
    CodebookImportResult,
    CodebookMerge,
    CodebookState,
    RevertedImport,
    reapply_codebook,
    revert_codebook,
)
from app.core.frameworks import FrameworkSnapshot, ThemeSnapshot
from app.core.project import Project
from app.ui.commands.base import ProjectCommand

# --- factors -------------------------------------------------------------------------------


class AddCode(ProjectCommand):
    def __init__(self, project: Project, name: str, parent_id: int | None = None):
        super().__init__(project, f"New factor {name!r}", None)
        self.name = name
        self.parent_id = parent_id
        self.code_id: int | None = None
        self._snapshot: CodeSnapshot | None = None

    def _redo(self) -> None:
        if self._snapshot is None:
            self.code_id = self.project.codebook.add(self.name, parent_id=self.parent_id).id
        else:
            self.project.codebook.restore(self._snapshot)

    def _undo(self) -> None:
        assert self.code_id is not None
        self._snapshot = self.project.codebook.delete(self.code_id)


class EditCode(ProjectCommand):
    """Rename, recolour or redefine a factor; fields left None stay as they are."""

    def __init__(
        self,
        project: Project,
        code_id: int,
        name: str | None = None,
        colour: str | None = None,
        definition: str | None = None,
    ):
        old = project.codebook.get(code_id)
        what = "Rename" if name is not None else "Recolour" if colour is not None else "Define"
        super().__init__(project, f"{what} factor {old.name!r}", None)
        self.code_id = code_id
        self._new = (name, colour, definition)
        self._old = (
            old.name if name is not None else None,
            old.colour if colour is not None else None,
            old.definition if definition is not None else None,
        )

    def _redo(self) -> None:
        self.project.codebook.update(self.code_id, *self._new)

    def _undo(self) -> None:
        self.project.codebook.update(self.code_id, *self._old)


class MoveCode(ProjectCommand):
    def __init__(self, project: Project, code_id: int, parent_id: int | None, position: int):
        super().__init__(project, f"Move factor {project.codebook.get(code_id).name!r}", None)
        self.code_id = code_id
        self._to = Place(parent_id, position)
        self._was: Place | None = None

    def _redo(self) -> None:
        self._was = self.project.codebook.move(self.code_id, *self._to)

    def _undo(self) -> None:
        assert self._was is not None
        self.project.codebook.move(self.code_id, *self._was)


class DeleteCode(ProjectCommand):
    def __init__(self, project: Project, code_id: int):
        super().__init__(project, f"Delete factor {project.codebook.get(code_id).name!r}", None)
        self.code_id = code_id
        self._snapshot: CodeSnapshot | None = None

    def _redo(self) -> None:
        self._snapshot = self.project.codebook.delete(self.code_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        self.project.codebook.restore(self._snapshot)


class MergeCodes(ProjectCommand):
    def __init__(self, project: Project, source_id: int, target_id: int):
        source = project.codebook.get(source_id).name
        target = project.codebook.get(target_id).name
        super().__init__(project, f"Merge {source!r} into {target!r}", None)
        self.source_id = source_id
        self.target_id = target_id
        self._snapshot: MergeSnapshot | None = None

    def _redo(self) -> None:
        self._snapshot = self.project.codebook.merge(self.source_id, self.target_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        self.project.codebook.unmerge(self._snapshot)


class SplitCode(ProjectCommand):
    """Undo merges the new factor back; redo un-merges it, keeping its id and codings."""

    def __init__(self, project: Project, code_id: int, passage_ids: list[int], new_name: str):
        super().__init__(project, f"Split {project.codebook.get(code_id).name!r}", None)
        self.code_id = code_id
        self.passage_ids = list(passage_ids)
        self.new_name = new_name
        self.new_id: int | None = None
        self._merged: MergeSnapshot | None = None

    def _redo(self) -> None:
        if self._merged is None:
            self.new_id = self.project.codebook.split(
                self.code_id, self.passage_ids, self.new_name
            ).id
        else:
            self.project.codebook.unmerge(self._merged)

    def _undo(self) -> None:
        assert self.new_id is not None
        self._merged = self.project.codebook.merge(self.new_id, self.code_id)


# --- frameworks and themes -----------------------------------------------------------------


class MapTheme(ProjectCommand):
    """Put a factor under a theme (`on`), or take it out."""

    def __init__(self, project: Project, code_id: int, theme_id: int, on: bool):
        code = project.codebook.get(code_id).name
        theme = project.frameworks.theme(theme_id).name
        text = f"Put {code!r} under {theme!r}" if on else f"Take {code!r} out of {theme!r}"
        super().__init__(project, text, None)
        self.code_id, self.theme_id, self.on = code_id, theme_id, on

    def _set(self, on: bool) -> None:
        if on:
            self.project.frameworks.map(self.code_id, self.theme_id)
        else:
            self.project.frameworks.unmap(self.code_id, self.theme_id)

    def _redo(self) -> None:
        self._set(self.on)

    def _undo(self) -> None:
        self._set(not self.on)


class AddFramework(ProjectCommand):
    def __init__(self, project: Project, name: str):
        super().__init__(project, f"New framework {name!r}", None)
        self.name = name
        self.framework_id: int | None = None
        self._snapshot: FrameworkSnapshot | None = None

    def _redo(self) -> None:
        if self._snapshot is None:
            self.framework_id = self.project.frameworks.add(self.name).id
        else:
            self.project.frameworks.restore(self._snapshot)

    def _undo(self) -> None:
        assert self.framework_id is not None
        self._snapshot = self.project.frameworks.delete(self.framework_id)


class EditFramework(ProjectCommand):
    def __init__(
        self,
        project: Project,
        framework_id: int,
        name: str | None = None,
        description: str | None = None,
    ):
        old = project.frameworks.get(framework_id)
        super().__init__(project, f"Edit framework {old.name!r}", None)
        self.framework_id = framework_id
        self._new = (name, description)
        self._old = (
            old.name if name is not None else None,
            old.description if description is not None else None,
        )

    def _redo(self) -> None:
        self.project.frameworks.update(self.framework_id, *self._new)

    def _undo(self) -> None:
        self.project.frameworks.update(self.framework_id, *self._old)


class DeleteFramework(ProjectCommand):
    def __init__(self, project: Project, framework_id: int):
        name = project.frameworks.get(framework_id).name
        super().__init__(project, f"Delete framework {name!r}", None)
        self.framework_id = framework_id
        self._snapshot: FrameworkSnapshot | None = None

    def _redo(self) -> None:
        self._snapshot = self.project.frameworks.delete(self.framework_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        self.project.frameworks.restore(self._snapshot)


class AddTheme(ProjectCommand):
    def __init__(self, project: Project, framework_id: int, name: str, colour: str):
        super().__init__(project, f"New theme {name!r}", None)
        self.framework_id, self.name, self.colour = framework_id, name, colour
        self.theme_id: int | None = None
        self._snapshot: ThemeSnapshot | None = None

    def _redo(self) -> None:
        if self._snapshot is None:
            theme = self.project.frameworks.add_theme(
                self.framework_id, self.name, colour=self.colour
            )
            self.theme_id = theme.id
        else:
            self.project.frameworks.restore_theme(self._snapshot)

    def _undo(self) -> None:
        assert self.theme_id is not None
        self._snapshot = self.project.frameworks.delete_theme(self.theme_id)


class EditTheme(ProjectCommand):
    def __init__(
        self,
        project: Project,
        theme_id: int,
        name: str | None = None,
        description: str | None = None,
        colour: str | None = None,
    ):
        old = project.frameworks.theme(theme_id)
        super().__init__(project, f"Edit theme {old.name!r}", None)
        self.theme_id = theme_id
        self._new = (name, description, colour)
        self._old = (
            old.name if name is not None else None,
            old.description if description is not None else None,
            old.colour if colour is not None else None,
        )

    def _redo(self) -> None:
        self.project.frameworks.update_theme(self.theme_id, *self._new)

    def _undo(self) -> None:
        self.project.frameworks.update_theme(self.theme_id, *self._old)


class MoveTheme(ProjectCommand):
    def __init__(self, project: Project, theme_id: int, position: int):
        name = project.frameworks.theme(theme_id).name
        super().__init__(project, f"Move theme {name!r}", None)
        self.theme_id, self.position = theme_id, position
        self._was = 0

    def _redo(self) -> None:
        self._was = self.project.frameworks.move_theme(self.theme_id, self.position)

    def _undo(self) -> None:
        self.project.frameworks.move_theme(self.theme_id, self._was)


class DeleteTheme(ProjectCommand):
    def __init__(self, project: Project, theme_id: int):
        name = project.frameworks.theme(theme_id).name
        super().__init__(project, f"Delete theme {name!r}", None)
        self.theme_id = theme_id
        self._snapshot: ThemeSnapshot | None = None

    def _redo(self) -> None:
        self._snapshot = self.project.frameworks.delete_theme(self.theme_id)

    def _undo(self) -> None:
        assert self._snapshot is not None
        self.project.frameworks.restore_theme(self._snapshot)


# --- whole codebooks ------------------------------------------------------------------------


class ImportCodebook(ProjectCommand):
    """A codebook import, merged in the background before it is recorded here; undo takes
    back every factor, theme, framework and link it added, and redo puts the same ones
    back (same ids)."""

    # Undoing 100,000 factors takes seconds: the window shows a wait cursor meanwhile.
    slow = True

    def __init__(self, project: Project, source: str, merged: CodebookMerge):
        super().__init__(project, f"Import codebook {source}", None)
        self.source = source
        self.result: CodebookImportResult = merged.result
        self._before: CodebookState = merged.before
        self._after: CodebookState = merged.after
        self._taken: RevertedImport | None = None

    def execute(self) -> None:
        # The merge itself is done and saved: pushing only records it.
        self._done = True

    def _redo(self) -> None:
        assert self._taken is not None
        reapply_codebook(self.project, self._taken)

    def _undo(self) -> None:
        self._taken = revert_codebook(self.project, self._before, self._after)
