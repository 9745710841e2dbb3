"""Reading a .qdpx archive without trusting it.

Everything is checked from the zip's directory before a byte is inflated: entries whose
names leave the archive's folder (absolute paths, "..", drive letters), symbolic links,
absurd sizes, and compression ratios no real document reaches (a zip bomb). While reading,
no entry may inflate past the size it declared. Nothing is ever extracted to disk under a
name taken from the archive.
"""

from __future__ import annotations

import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.exchange.errors import ExchangeError, Refused

MAX_ENTRIES = 100_000
MAX_ENTRY_BYTES = 2**31 - 1  # the standard's limit for one internal file (section 8.5)
MAX_TOTAL_BYTES = 8 * 2**30
MAX_XML_BYTES = 1 * 2**30
# Text and XML compress well, PDFs hardly; past this ratio a large entry is a bomb.
MAX_RATIO = 200
RATIO_FLOOR = 1 * 2**20  # entries smaller than this may have any ratio
_CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Entry:
    name: str  # normalised: forward slashes, no leading "./"
    size: int
    info: zipfile.ZipInfo


def _normalise(raw: str) -> str:
    name = raw.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name


def _escapes(name: str) -> bool:
    if name.startswith("/") or _DRIVE.match(name):
        return True
    parts = name.split("/")
    return ".." in parts


class QdpxArchive:
    """An opened, checked archive. Use as a context manager."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            raise ExchangeError(
                f"{self.path.name} is not a REFI-QDA project: not a zip file."
            ) from exc
        except OSError as exc:
            raise ExchangeError(
                f"{self.path.name} could not be opened: {exc.strerror or exc}."
            ) from exc
        try:
            self.entries = self._check()
        except BaseException:
            self._zip.close()
            raise
        self._by_lower: dict[str, Entry] = {}
        self._by_base: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_lower.setdefault(entry.name.lower(), entry)
            base = posixpath.basename(entry.name).lower()
            self._by_base.setdefault(base, []).append(entry)

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def _check(self) -> list[Entry]:
        infos = self._zip.infolist()
        name = self.path.name
        if len(infos) > MAX_ENTRIES:
            raise Refused(
                f"{name} was refused: it holds {len(infos)} files, far more than a project."
            )
        entries: list[Entry] = []
        total = 0
        for info in infos:
            entry_name = _normalise(info.filename)
            if _escapes(entry_name):
                raise Refused(
                    f"{name} was refused: the entry {info.filename!r} points outside the "
                    "archive's folder."
                )
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise Refused(
                    f"{name} was refused: the entry {info.filename!r} is a symbolic link."
                )
            if info.flag_bits & 0x1:
                raise Refused(f"{name} was refused: the entry {info.filename!r} is encrypted.")
            if info.is_dir() or entry_name.endswith("/"):
                continue
            if info.file_size > MAX_ENTRY_BYTES:
                raise Refused(
                    f"{name} was refused: {info.filename!r} declares {info.file_size:,} bytes, "
                    "more than the 2 GB a REFI-QDA source may hold."
                )
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                1, info.compress_size
            ):
                raise Refused(
                    f"{name} was refused: {info.filename!r} would inflate "
                    f"{info.file_size // max(1, info.compress_size):,} times, as a zip bomb does."
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise Refused(f"{name} was refused: its files add up to more than 8 GB.")
            entries.append(Entry(entry_name, info.file_size, info))
        return entries

    # --- finding things ---------------------------------------------------------------------

    def project_entry(self) -> Entry:
        """The .qde: project.qde at the root, else the one .qde at the root (ATLAS.ti names it
        after the project), else the one in a single top folder."""
        qdes = [e for e in self.entries if e.name.lower().endswith(".qde")]
        root = [e for e in qdes if "/" not in e.name]
        for group in (root, qdes):
            named = [e for e in group if posixpath.basename(e.name).lower() == "project.qde"]
            if len(named) == 1:
                return named[0]
            if len(group) == 1:
                return group[0]
        if not qdes:
            raise ExchangeError(
                f"{self.path.name} is not a REFI-QDA project: it holds no project.qde."
            )
        raise ExchangeError(
            f"{self.path.name} holds {len(qdes)} .qde files; a REFI-QDA project has one."
        )

    def source(self, path: str, base: str = "") -> Entry | None:
        """The entry an internal:// path (or a bare or local file name) refers to, found
        without regard to case, in sources/ beside the .qde or anywhere by its file name."""
        name = path.strip()
        for scheme in ("internal://", "relative://", "absolute://", "file://"):
            if name.lower().startswith(scheme):
                name = name[len(scheme) :]
                break
        name = _normalise(name).lstrip("/")
        folder = posixpath.dirname(base)
        for candidate in (
            posixpath.join(folder, "sources", name),
            posixpath.join("sources", name),
            name,
        ):
            found = self._by_lower.get(candidate.lower())
            if found is not None:
                return found
        # Tools that write absolute local paths usually still embed the file under its name.
        matches = self._by_base.get(posixpath.basename(name).lower(), [])
        return matches[0] if len(matches) == 1 else None

    def read(self, entry: Entry, limit: int = MAX_ENTRY_BYTES) -> bytes:
        """The entry's bytes, refusing any that inflate past their declared size."""
        if entry.size > limit:
            raise Refused(f"{self.path.name} was refused: {entry.name!r} is too large.")
        out = bytearray()
        try:
            with self._zip.open(entry.info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > entry.size:
                        raise Refused(
                            f"{self.path.name} was refused: {entry.name!r} inflates past the "
                            "size it declares."
                        )
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            if isinstance(exc, Refused):
                raise
            raise ExchangeError(
                f"{self.path.name} is damaged: {entry.name!r} cannot be read ({exc})."
            ) from exc
        return bytes(out)
