"""project.qde into plain values, whatever tool wrote it.

Elements are matched by local name, so any namespace spelling passes; what is not
understood is counted, not fatal. The XML is parsed by defusedxml, which refuses entity
declarations (entity expansion bombs) and external references outright.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as DET

from app.exchange.errors import ExchangeError, Refused
from app.exchange.qdpx.model import (
    QdeCase,
    QdeCode,
    QdeCoding,
    QdeLink,
    QdeNote,
    QdeProject,
    QdeSelection,
    QdeSet,
    QdeSource,
    QdeVariable,
)

HABITUS_PI = "habitus"
_SOURCE_KINDS = {
    "PDFSource": "pdf",
    "TextSource": "text",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
_SELECTION_KINDS = {
    "PlainTextSelection": "text",
    "PDFSelection": "pdf",
    "PictureSelection": "picture",
    "AudioSelection": "audio",
    "VideoSelection": "video",
    "TranscriptSelection": "transcript",
}


def parse_qde(data: bytes, name: str = "project.qde") -> QdeProject:
    root = _parse(data, name)
    if _local(root.tag) != "Project":
        hint = (
            " It looks like a codebook; import it as one." if _local(root.tag) == "CodeBook" else ""
        )
        raise ExchangeError(
            f"{name} is not a REFI-QDA project: its root element is <{_local(root.tag)}>.{hint}"
        )
    project = QdeProject(name=root.get("name", ""), origin=root.get("origin", ""))
    for section in _children(root):
        tag = _local(section.tag)
        if tag == "CodeBook":
            for codes in _children(section, "Codes"):
                project.codes.extend(_codes(codes, project))
        elif tag == "Variables":
            project.variables.extend(
                QdeVariable(v.get("guid", ""), v.get("name", ""), v.get("typeOfVariable", "Text"))
                for v in _children(section, "Variable")
            )
        elif tag == "Cases":
            project.cases.extend(_case(c) for c in _children(section, "Case"))
        elif tag == "Sources":
            for source in _children(section):
                kind = _SOURCE_KINDS.get(_local(source.tag))
                if kind is None:
                    project.unknown[_local(source.tag)] += 1
                else:
                    project.sources.append(_source(source, kind, project))
        elif tag == "Notes":
            project.notes.extend(_note(n) for n in _children(section, "Note"))
        elif tag == "Links":
            for link in _children(section, "Link"):
                project.links.append(
                    QdeLink(
                        link.get("guid", ""),
                        _key(link.get("originGUID", "")),
                        _key(link.get("targetGUID", "")),
                        link.get("name", ""),
                    )
                )
        elif tag == "Sets":
            project.sets.extend(_set(s) for s in _children(section, "Set"))
        elif tag == "Description":
            project.description = section.text or ""
        elif tag == "NoteRef":
            project.note_refs.append(_key(section.get("targetGUID", "")))
        elif tag == "Users":
            continue  # who made what is not kept: the project has one researcher
        elif tag == "Graphs":
            project.unknown["Graph"] += len(list(_children(section, "Graph")))
        else:
            project.unknown[tag] += 1
    return project


# --- parsing --------------------------------------------------------------------------------


class _RootReached(Exception):
    pass


class _Prolog(ET.TreeBuilder):
    """Stops the defused parser at the root element: all it must see is before it."""

    def start(self, tag: str, attrs: dict[str, str], /) -> ET.Element:
        raise _RootReached


def _parse(data: bytes, name: str) -> ET.Element:
    # Entity declarations and external references can only come in the document type
    # declaration, before the root element: defusedxml vets that part, then the fast C
    # parser reads the same bytes (any entity it meets is then undeclared, an error).
    try:
        prolog = DET.DefusedXMLParser(target=_Prolog())
        try:
            prolog.feed(data)
            prolog.close()
        except _RootReached:
            pass
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_pis=True))
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = expat.ErrorString(exc.code) if isinstance(exc.code, int) else str(exc)
        raise ExchangeError(
            f"{name} is not well-formed XML: {reason} at line {line}, column {column + 1}."
        ) from exc
    except defusedxml.EntitiesForbidden as exc:
        raise Refused(
            f"{name} was refused: it declares XML entities, which Habitus does not expand "
            "because they can be used to exhaust memory or read other files."
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise Refused(f"{name} was refused: it refers to external resources ({exc}).") from exc
    if not isinstance(root, ET.Element):
        raise ExchangeError(f"{name} is empty.")
    return root


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = _LOCAL_NAMES[tag] = tag.rpartition("}")[2]
    return name


def _key(guid: str) -> str:
    """A guid as a lookup key: braces and case do not matter."""
    return guid.strip().strip("{}").lower()


def _children(element: ET.Element, name: str | None = None) -> Iterable[ET.Element]:
    for child in element:
        if isinstance(child.tag, str) and (name is None or _local(child.tag) == name):
            yield child


def _habitus(element: ET.Element) -> dict[str, Any]:
    """Habitus's own facts, carried in a processing instruction schema validators pass by."""
    for child in element:
        if child.tag is ET.ProcessingInstruction and child.text:
            target, _, data = child.text.partition(" ")
            if target == HABITUS_PI:
                try:
                    found = json.loads(data)
                except ValueError:
                    return {}
                return found if isinstance(found, dict) else {}
    return {}


def _text(element: ET.Element, name: str) -> str:
    for child in _children(element, name):
        return child.text or ""
    return ""


def _int(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return round(float(raw.strip()))
    except ValueError:
        return None


def _refs(element: ET.Element, name: str = "NoteRef") -> list[str]:
    return [_key(r.get("targetGUID", "")) for r in _children(element, name)]


def _codings(element: ET.Element) -> list[QdeCoding]:
    return _codings_of(_children(element, "Coding"))


def _codings_of(codings: Iterable[ET.Element]) -> list[QdeCoding]:
    found = []
    for coding in codings:
        refs = _refs(coding, "CodeRef")
        if refs:
            found.append(
                QdeCoding(
                    coding.get("guid", ""),
                    refs[0],
                    coding.get("creationDateTime"),
                    _refs(coding),
                )
            )
    return found


def _codes(parent: ET.Element, project: QdeProject) -> list[QdeCode]:
    codes = []
    for element in _children(parent, "Code"):
        codes.append(
            QdeCode(
                guid=element.get("guid", ""),
                name=element.get("name", ""),
                colour=element.get("color"),
                description=_text(element, "Description"),
                codable=element.get("isCodable", "true").strip().lower() != "false",
                note_refs=_refs(element),
                children=_codes(element, project),
            )
        )
    return codes


def _case(element: ET.Element) -> QdeCase:
    return QdeCase(
        guid=element.get("guid", ""),
        name=element.get("name", ""),
        description=_text(element, "Description"),
        values=_values(element),
        sources=_refs(element, "SourceRef"),
        selections=_refs(element, "SelectionRef"),
        codes=_refs(element, "CodeRef"),
    )


def _values(element: ET.Element) -> list[tuple[str, str]]:
    values = []
    for value in _children(element, "VariableValue"):
        refs = _refs(value, "VariableRef")
        for child in _children(value):
            if _local(child.tag) != "VariableRef" and refs:
                values.append((refs[0], (child.text or "").strip()))
                break
    return values


def _selection(element: ET.Element, kind: str) -> QdeSelection:
    first = second = None
    if kind in ("pdf", "picture"):
        fx, fy = _int(element.get("firstX")), _int(element.get("firstY"))
        sx, sy = _int(element.get("secondX")), _int(element.get("secondY"))
        if fx is not None and fy is not None and sx is not None and sy is not None:
            first, second = (fx, fy), (sx, sy)
    selection = QdeSelection(
        kind=kind,
        guid=element.get("guid", ""),
        name=element.get("name", ""),
        start=_int(element.get("startPosition")),
        end=_int(element.get("endPosition")),
        page=_int(element.get("page")),
        first=first,
        second=second,
        created_at=element.get("creationDateTime"),
    )
    # One pass over the children: a large project has tens of thousands of selections.
    for child in element:
        tag = child.tag
        if tag is ET.ProcessingInstruction:
            selection.habitus = selection.habitus or _habitus(element)
            continue
        name = _local(tag)
        if name == "Coding":
            selection.codings.extend(_codings_of([child]))
        elif name == "NoteRef":
            selection.note_refs.append(_key(child.get("targetGUID", "")))
        elif name == "Description":
            selection.description = child.text or ""
        elif name == "Representation":
            selection.quote = _text(child, "PlainTextContent") or None
    return selection


def _source(element: ET.Element, kind: str, project: QdeProject) -> QdeSource:
    source = QdeSource(
        kind=kind,
        guid=element.get("guid", ""),
        name=element.get("name", ""),
        path=element.get("path", "") or element.get("richTextPath", ""),
        plain_text_path=element.get("plainTextPath", ""),
        description=_text(element, "Description"),
        codings=_codings(element),
        note_refs=_refs(element),
        values=_values(element),
        created_at=element.get("creationDateTime"),
        habitus=_habitus(element),
    )
    for child in _children(element, "PlainTextContent"):
        source.plain_text = child.text or ""
    for child in _children(element):
        tag = _local(child.tag)
        selection_kind = _SELECTION_KINDS.get(tag)
        if selection_kind is not None:
            source.selections.append(_selection(child, selection_kind))
        elif tag == "Representation":
            source.representation = _source(child, "text", project)
        elif tag in ("Transcript", "TextDescription"):
            project.unknown[tag] += 1
    return source


def _note(element: ET.Element) -> QdeNote:
    return QdeNote(
        guid=element.get("guid", ""),
        name=element.get("name", ""),
        text=_text(element, "PlainTextContent"),
        description=_text(element, "Description"),
        created_at=element.get("creationDateTime"),
        path=element.get("plainTextPath", ""),
    )


def _set(element: ET.Element) -> QdeSet:
    return QdeSet(
        guid=element.get("guid", ""),
        name=element.get("name", ""),
        description=_text(element, "Description"),
        codes=_refs(element, "MemberCode"),
        sources=_refs(element, "MemberSource"),
        notes=_refs(element, "MemberNote"),
        habitus=_habitus(element),
    )
