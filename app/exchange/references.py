"""Reading reference files (RIS and BibTeX) exported by Zotero, EndNote, Mendeley and the
databases, into `Reference` values. Parsing is rispy's and bibtexparser's; this module checks
the structure first so that a broken file is reported with the line at fault, and picks the
fields a study record needs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.core.record_types import Reference
from app.exchange.errors import ReferenceFileError

RIS_SUFFIXES = {".ris", ".txt", ".nbib"}
BIBTEX_SUFFIXES = {".bib", ".bibtex"}
REFERENCE_SUFFIXES = {".ris", ".bib", ".bibtex"}

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
# A line that was meant as a tag but is not one ("AU - Hall", "AU-Hall").
_RIS_BROKEN_TAG = re.compile(r"^[A-Z][A-Z0-9] ?-|^[A-Z][A-Z0-9] {3,}-")
_YEAR = re.compile(r"\b(1[0-9]{3}|2[0-9]{3})\b")
_PDF_NAME = re.compile(r"([^/\\:;{}]+\.pdf)\b", re.IGNORECASE)
_DOI_URL = re.compile(r"doi\.org/(10\.\S+)", re.IGNORECASE)
_VERBATIM = {"file", "pdf", "local-url", "url", "doi"}


def read_references(path: Path) -> list[Reference]:
    """Every reference of a .ris or .bib file; ReferenceFileError names the line at fault."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReferenceFileError(
            f"Cannot read {path.name}: {error.strerror or error}", path=path
        ) from error
    text = _decode(raw)
    suffix = path.suffix.lower()
    if suffix in BIBTEX_SUFFIXES or (suffix not in RIS_SUFFIXES and text.lstrip().startswith("@")):
        return read_bibtex(text, path)
    return read_ris(text, path)


def _decode(raw: bytes) -> str:
    # Reference managers write UTF-8; older EndNote exports are Windows-1252.
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _year(text: str) -> int | None:
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


def _pdf_names(values: list[str]) -> list[str]:
    names: list[str] = []
    for value in values:
        names.extend(m.group(1).strip() for m in _PDF_NAME.finditer(value.replace("%20", " ")))
    return list(dict.fromkeys(names))


def _pages(start: str, end: str) -> str:
    start, end = start.strip(), end.strip()
    return f"{start}-{end}" if start and end and end != start else start or end


# --- RIS ---------------------------------------------------------------------------------------


def _check_ris(text: str, path: Path) -> None:
    """Every reference opens with TY and closes with ER; tag lines are well formed."""
    opened: int | None = None
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        tag = _RIS_TAG.match(line)
        if opened is None:
            if not line.strip():
                continue
            if tag is None or tag.group(1) != "TY":
                raise ReferenceFileError(
                    f"{path.name}, line {number}: a reference must start with 'TY  - ', "
                    f"found {line.strip()[:40]!r}. Is this a RIS file?",
                    path=path,
                    line=number,
                )
            opened = number
            continue
        if tag is None:
            if _RIS_BROKEN_TAG.match(line):
                raise ReferenceFileError(
                    f"{path.name}, line {number}: {line.strip()[:40]!r} is not a RIS tag line "
                    "(two letters, two spaces, a dash and a space).",
                    path=path,
                    line=number,
                )
            continue  # a long value wrapped onto the next line
        if tag.group(1) == "TY":
            raise ReferenceFileError(
                f"{path.name}, line {number}: a new reference starts before the one from "
                f"line {opened} ended ('ER  - ' missing).",
                path=path,
                line=number,
            )
        if tag.group(1) == "ER":
            opened = None
            count += 1
    if opened is not None:
        raise ReferenceFileError(
            f"{path.name}, line {opened}: this reference never ends ('ER  - ' missing).",
            path=path,
            line=opened,
        )
    if count == 0:
        raise ReferenceFileError(f"{path.name} holds no references.", path=path)


def _ris_starts(text: str) -> list[int]:
    return [
        number for number, line in enumerate(text.split("\n"), start=1) if line.startswith("TY  -")
    ]


def _first(entry: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return " ".join(str(value).split())
    return ""


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def read_ris(text: str, path: Path) -> list[Reference]:
    import rispy

    _check_ris(text, path)
    list_tags = [*rispy.LIST_TYPE_TAGS, "L1", "L2", "DO"]
    entries = rispy.loads(text, list_tags=list_tags)
    starts = _ris_starts(text)
    references: list[Reference] = []
    for line, entry in zip(starts, entries, strict=True):
        urls = _as_list(entry.get("urls"))
        doi = _first(entry, "doi")
        if not doi:
            doi = next((m.group(1) for u in urls if (m := _DOI_URL.search(u))), "")
        fields = {
            key: "; ".join(_as_list(value)) if not isinstance(value, dict) else str(value)
            for key, value in entry.items()
        }
        references.append(
            Reference(
                line=line,
                key=_first(entry, "id"),
                kind=_first(entry, "type_of_reference"),
                authors=_as_list(entry.get("authors")) or _as_list(entry.get("first_authors")),
                year=_year(_first(entry, "year", "publication_year", "date")),
                title=_first(entry, "title", "primary_title", "translated_title"),
                journal=_first(
                    entry,
                    "secondary_title",
                    "journal_name",
                    "alternate_title3",
                    "alternate_title2",
                    "alternate_title1",
                ),
                volume=_first(entry, "volume"),
                issue=_first(entry, "number"),
                page_range=_pages(_first(entry, "start_page"), _first(entry, "end_page")),
                doi=doi,
                files=_pdf_names(
                    _as_list(entry.get("file_attachments1"))
                    + _as_list(entry.get("file_attachments2"))
                    + urls
                ),
                fields=fields,
            )
        )
    return references


# --- BibTeX ------------------------------------------------------------------------------------


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    # bibtexparser logs every failed block; the error is reported to the user instead.
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _latex(text: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return " ".join(LatexNodes2Text().latex_to_text(text).split())


def _name(parts: Any) -> str:
    last = " ".join([*parts.von, *parts.last])
    first = " ".join([*parts.first, *parts.jr])
    name = f"{last}, {first}" if first else last
    return _latex(name)


def _bibtex_failure(block: Any, text: str, path: Path) -> ReferenceFileError:
    start = int(block.start_line) + 1
    error = getattr(block, "error", None)
    message = str(error or "")
    if "Duplicate entry key" in message:
        return ReferenceFileError(
            f"{path.name}, line {start}: {message.rstrip('.')}; each entry needs its own key.",
            path=path,
            line=start,
        )
    end = getattr(error, "end_index", None)
    line = text[: int(end)].count("\n") + 1 if isinstance(end, int) else start
    reason = " ".join(str(getattr(error, "abort_reason", "") or message).split())
    detail = f": {reason.rstrip('. ')}" if reason else ""
    return ReferenceFileError(
        f"{path.name}, line {line}: the entry that starts on line {start} is broken{detail}.",
        path=path,
        line=line,
    )


def read_bibtex(text: str, path: Path) -> list[Reference]:
    import bibtexparser
    from bibtexparser import middlewares

    with _quiet("bibtexparser"):
        library = bibtexparser.parse_string(
            text,
            append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
        )
    if library.failed_blocks:
        raise _bibtex_failure(library.failed_blocks[0], text, path)
    if not library.entries:
        raise ReferenceFileError(f"{path.name} holds no BibTeX entries.", path=path)
    references: list[Reference] = []
    for entry in library.entries:
        values = {key.lower(): field.value for key, field in entry.fields_dict.items()}

        def text_of(*keys: str, values: dict[str, Any] = values) -> str:
            for key in keys:
                value = values.get(key)
                if isinstance(value, str) and value.strip():
                    # Paths, links and DOIs are taken as written: backslashes are theirs.
                    return value.strip() if key in _VERBATIM else _latex(value)
            return ""

        authors = [_name(parts) for parts in values.get("author") or []]
        fields = {
            key: "; ".join(_name(p) for p in value) if isinstance(value, list) else str(value)
            for key, value in values.items()
        }
        files = _pdf_names([text_of("file"), text_of("pdf"), text_of("local-url")])
        doi = text_of("doi") or next(
            (m.group(1) for m in [_DOI_URL.search(text_of("url"))] if m), ""
        )
        references.append(
            Reference(
                line=(entry.start_line or 0) + 1,
                key=entry.key,
                kind=entry.entry_type,
                authors=authors,
                year=_year(text_of("year", "date")),
                title=text_of("title"),
                journal=text_of("journal", "journaltitle", "booktitle"),
                volume=text_of("volume"),
                issue=text_of("number", "issue"),
                page_range=text_of("pages").replace("--", "-").replace("–", "-"),
                doi=doi,
                files=files,
                fields=fields,
            )
        )
    return references
