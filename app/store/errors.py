"""Why a project file could not be opened, in words a researcher can act on."""


class ProjectFileError(Exception):
    """The file cannot be used as a Habitus project; str() is the user-facing reason."""


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
    pass


class StorageFull(ProjectFileError):
    """The disk (or the file's size limit) is full; the action was not saved."""
