"""What the project file refused, in words a researcher can act on.

Every error the store raises is a `StoreError`; str() is a sentence fit to show her, naming
the file as she named it. SQLite's own errors never leave the store untranslated.
"""


class StoreError(Exception):
    """The project file could not do what was asked; str() says why."""


class ProjectFileError(StoreError):
    """The file cannot be used as a Habitus project."""


class NotAProject(ProjectFileError):
    pass


class NewerProject(ProjectFileError):
    def __init__(self, path: str, file_schema: str, file_app: str, our_schema: str, our_app: str):
        super().__init__(
            f"{path} was written by Habitus {file_app} (project format {file_schema}); "
            f"this is Habitus {our_app} (project format {our_schema}). "
            "Open it with the newer Habitus; the file was left untouched."
        )
        self.file_schema = file_schema
        self.our_schema = our_schema


class ProjectLocked(ProjectFileError):
    """Another window (or program) already has the file open for writing."""


class ProjectDamaged(ProjectFileError):
    """SQLite found the file damaged."""


class ProjectClosed(StoreError):
    """The project was closed: nothing more is read from or written to it."""


class NotSaved(StoreError):
    """A change could not be written; nothing of it reached the file."""


class StorageFull(NotSaved):
    """The disk (or the file's size limit) is full; the action was not saved."""


class StorageFailed(NotSaved):
    """The disk reported an error while reading or writing the file."""


class ProjectBusy(NotSaved):
    """Another program held the file locked for longer than we wait."""


class ReadOnlyStorage(NotSaved):
    """The file, its folder or its disk cannot be written."""
