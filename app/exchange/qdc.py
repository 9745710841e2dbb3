"""REFI-QDA codebook files (.qdc): written for other QDA tools, read from any of them.

The codebook schema has no place for a framework's name, so it travels as a processing
instruction in the prolog, `<?habitus-framework Bourdieu's capitals?>`: XML tools and schema
validators pass it by, and Habitus reads it back. Without it the file's stem is the name.
Themes travel as Sets; a theme's colour has no place in the schema and is not written.
"""

from __future__ import annotations

import re
import sys
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as DET

from app.core.types import CodebookCode, CodebookData, CodebookTheme
from app.exchange.atomic import atomic_target
from app.exchange.errors import CodebookError

NAMESPACE = "urn:QDA-XML:codebook:1.0"
_REPORT_EVERY = 1000  # codes between two progress reports
FRAMEWORK_PI = "habitus-framework"

_SHORT_HEX = re.compile(r"#[0-9a-fA-F]{3}")
_LONG_HEX = re.compile(r"#[0-9a-fA-F]{6}")
# libxml2 lets `#RRGGBBAA` through the schema, so such files exist; the alpha is dropped.
_ALPHA_HEX = re.compile(r"#[0-9a-fA-F]{8}")
# Characters XML 1.0 cannot carry at all, escaped or not; ElementTree would write them raw
# and every reader, ours included, would then reject the whole file.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def normalise_colour(value: str) -> str | None:
    """`#RGB` or `#RRGGBB` as lowercase `#rrggbb` (the store's spelling); None if neither."""
    text = value.strip()
    if _LONG_HEX.fullmatch(text):
        return text.lower()
    if _SHORT_HEX.fullmatch(text):
        return "#" + "".join(c * 2 for c in text[1:]).lower()
    return None


# --- writing ----------------------------------------------------------------------------------


def write_qdc(data: CodebookData, path: Path, origin: str = "Habitus") -> None:
    """Write `data` as a REFI-QDA 1.0 codebook that validates against Codebook.xsd.

    Factors without a usable guid get a fresh UUID4 in the file (`data` is not changed).
    The target is replaced atomically: a failure leaves any earlier file as it was.
    """
    # ElementTree builds and writes trees recursively; a codebook may be nested deeper than
    # Python's default limit allows (each level costs a few frames).
    needed = 4 * _depth(data.codes) + 200
    limit = sys.getrecursionlimit()
    if needed > limit:
        sys.setrecursionlimit(needed)
    try:
        _write_qdc(data, path, origin)
    finally:
        sys.setrecursionlimit(limit)


def _depth(codes: list[CodebookCode]) -> int:
    deepest = 0
    stack = [(code, 1) for code in codes]
    while stack:
        code, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in code.children)
    return deepest


def _write_qdc(data: CodebookData, path: Path, origin: str) -> None:
    path = Path(path)
    if not data.codes:
        raise CodebookError(
            f"{path.name} was not written: a REFI-QDA codebook needs at least one factor.",
            path=path,
        )
    guids = _GuidAllocator()
    # ElementTree's default_namespace option rejects unprefixed attributes, so the default
    # namespace is declared directly and elements are created by local name.
    root = ET.Element("CodeBook", {"xmlns": NAMESPACE})
    if origin.strip():
        root.set("origin", _clean(origin))
    codes_el = ET.SubElement(root, "Codes")
    members: dict[str, list[str]] = {}
    for code in data.codes:
        _write_code(codes_el, code, guids, members)

    theme_order: list[CodebookTheme] = []
    seen: set[str] = set()
    for theme in data.themes:
        if theme.name not in seen:
            seen.add(theme.name)
            theme_order.append(theme)
    # A factor may name a theme the list lacks; a Set for it keeps the link instead of
    # silently dropping it.
    for name in members:
        if name not in seen:
            seen.add(name)
            theme_order.append(CodebookTheme(name=name))
    if theme_order:
        sets_el = ET.SubElement(root, "Sets")
        for theme in theme_order:
            set_el = ET.SubElement(
                sets_el, "Set", {"guid": guids.take(theme.guid), "name": _clean(theme.name)}
            )
            if theme.description:
                ET.SubElement(set_el, "Description").text = _clean(theme.description)
            for member in members.get(theme.name, []):
                ET.SubElement(set_el, "MemberCode", {"guid": member})

    tree = ET.ElementTree(root)
    ET.indent(tree, space="  ")
    framework = _clean(data.framework_name).replace("?>", "? >").strip()
    prolog = ET.ProcessingInstruction(FRAMEWORK_PI, framework) if framework else None
    try:
        with atomic_target(path) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            if prolog is not None:
                out.write(ET.tostring(prolog, encoding="unicode").encode("utf-8") + b"\n")
            tree.write(out, encoding="utf-8", xml_declaration=False)
            out.write(b"\n")
    except OSError as exc:
        raise CodebookError(
            f"{path.name} could not be written: {exc.strerror or exc}.", path=path
        ) from exc


def _write_code(
    parent: ET.Element,
    code: CodebookCode,
    guids: _GuidAllocator,
    members: dict[str, list[str]],
) -> None:
    guid = guids.take(code.guid)
    attrs = {"guid": guid, "name": _clean(code.name), "isCodable": "true"}
    colour = normalise_colour(code.colour) if code.colour else None
    if colour:
        attrs["color"] = colour.upper()
    el = ET.SubElement(parent, "Code", attrs)
    # The schema wants Description before any child Code.
    if code.definition:
        ET.SubElement(el, "Description").text = _clean(code.definition)
    for theme in dict.fromkeys(code.themes):
        members.setdefault(theme, []).append(guid)
    for child in code.children:
        _write_code(el, child, guids, members)


class _GuidAllocator:
    """Hands out canonical guids, replacing missing, malformed and repeated ones."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def take(self, wanted: str | None) -> str:
        guid = _canonical_guid(wanted) if wanted else None
        while guid is None or guid in self._used:
            guid = str(uuid.uuid4())
        self._used.add(guid)
        return guid


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


# --- reading ----------------------------------------------------------------------------------


def read_qdc(path: Path, progress: Callable[[int], None] | None = None) -> CodebookData:
    """Read a REFI-QDA codebook, whatever its namespace spelling; see `CodebookData.problems`.

    Unknown elements and attributes are passed over. Raises CodebookError when the file
    cannot be opened, is not well-formed XML, declares entities, or is not a codebook.
    `progress` hears how many factors have been parsed so far, and again as they are read
    (100,000 take a few seconds); it may raise to stop.
    """
    path = Path(path)
    builder = _PiRecordingBuilder(progress)
    root = _parse(path, builder)
    local = _local(root.tag)
    if local != "CodeBook":
        hint = ""
        if local == "Project":
            hint = " It looks like a REFI-QDA project; import the .qdpx instead."
        raise CodebookError(
            f"{path.name} is not a REFI-QDA codebook: its root element is <{local}>, "
            f"not <CodeBook>.{hint}",
            path=path,
        )

    reader = _Reader(progress=progress, parsed=builder.codes)
    data = CodebookData()
    codes_seen = False
    for section in root:
        if _local(section.tag) == "Codes":
            codes_seen = True
            data.codes.extend(reader.codes_in(section))
    if not codes_seen:
        reader.problems.append("the file has no <Codes> element; no factors were imported")
    for section in root:
        if _local(section.tag) == "Sets":
            data.themes.extend(reader.themes_in(section))

    framework = next((text for target, text in builder.pis if target == FRAMEWORK_PI), "")
    data.framework_name = framework.strip() or path.stem
    data.problems = reader.problems
    if progress is not None:
        progress(builder.codes)
    return data


class _PiRecordingBuilder(ET.TreeBuilder):
    """A tree builder that remembers processing instructions, even those before the root,
    and counts the codes it has seen for `progress`."""

    def __init__(self, progress: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.pis: list[tuple[str, str]] = []
        self.codes = 0
        self._progress = progress

    def pi(self, target: str, text: str | None = None, /) -> ET.Element:
        self.pis.append((target, text or ""))
        return super().pi(target, text)

    def start(self, tag: str, attrs: dict[str, str], /) -> ET.Element:
        if tag.endswith("Code") and _local(tag) == "Code":
            self.codes += 1
            if self._progress is not None and self.codes % _REPORT_EVERY == 0:
                self._progress(self.codes)
        return super().start(tag, attrs)


def _parse(path: Path, builder: ET.TreeBuilder) -> ET.Element:
    name = path.name
    # defusedxml refuses entity declarations outright, which stops both entity expansion
    # bombs and external entities reaching into the user's files.
    parser = DET.DefusedXMLParser(target=builder)
    try:
        with path.open("rb") as source:
            tree = DET.parse(source, parser=parser)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = expat.ErrorString(exc.code) if isinstance(exc.code, int) else str(exc)
        raise CodebookError(
            f"{name} is not well-formed XML: {reason} at line {line}, column {column + 1}.",
            path=path,
            line=line,
        ) from exc
    except defusedxml.EntitiesForbidden as exc:
        raise CodebookError(
            f"{name} was refused: it declares XML entities, which Habitus does not expand "
            "because they can be used to exhaust memory or read other files.",
            path=path,
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise CodebookError(
            f"{name} was refused: it refers to external resources ({exc}).", path=path
        ) from exc
    except OSError as exc:
        raise CodebookError(
            f"{name} could not be opened: {exc.strerror or exc}.", path=path
        ) from exc
    root = tree.getroot()
    if root is None:  # pragma: no cover - expat reports an empty document as a ParseError
        raise CodebookError(f"{name} is empty.", path=path)
    return root


@dataclass
class _Reader:
    problems: list[str] = field(default_factory=list)
    progress: Callable[[int], None] | None = None
    parsed: int = 0  # codes in the file, for `progress`
    built: int = 0
    # Keyed by the guid as spelled in the file (braces and case folded away) so MemberCode
    # links resolve even when the guid itself is not a valid UUID.
    by_guid: dict[str, CodebookCode] = field(default_factory=dict)
    used_guids: set[str] = field(default_factory=set)
    theme_by_name: dict[str, CodebookTheme] = field(default_factory=dict)

    def codes_in(self, parent: ET.Element) -> list[CodebookCode]:
        """The codes under `parent`, each read after its sub-codes (as a recursive reader
        would), but with a stack: a codebook may be any number of levels deep."""
        top: list[CodebookCode] = []
        stack: list[tuple[ET.Element | None, Iterator[ET.Element], list[CodebookCode]]] = [
            (None, iter(parent), top)
        ]
        while stack:
            element, elements, read = stack[-1]
            child = next(elements, None)
            if child is not None:
                if _local(child.tag) == "Code":
                    stack.append((child, iter(child), []))
                continue
            stack.pop()
            if element is not None:
                stack[-1][2].extend(self._code(element, read))
                self.built += 1
                if self.progress is not None and self.built % _REPORT_EVERY == 0:
                    self.progress(self.parsed)
        return top

    def _code(self, el: ET.Element, children: list[CodebookCode]) -> list[CodebookCode]:
        name = (el.get("name") or "").strip()
        raw_guid = (el.get("guid") or "").strip()
        if not name:
            where = f" (guid {raw_guid})" if raw_guid else ""
            moved = f"; its {len(children)} sub-codes were moved up a level" if children else ""
            self.problems.append(f"a code with no name{where} was skipped{moved}")
            return children

        code = CodebookCode(name=name, children=children)
        code.definition = _description(el)
        code.guid = self._guid(raw_guid, f"code '{name}'")
        if raw_guid and _guid_key(raw_guid) not in self.by_guid:
            self.by_guid[_guid_key(raw_guid)] = code

        raw_colour = el.get("color")
        if raw_colour is not None and raw_colour.strip():
            text = raw_colour.strip()
            if _ALPHA_HEX.fullmatch(text):
                text = text[:7]
            code.colour = normalise_colour(text)
            if code.colour is None:
                self.problems.append(
                    f"code '{name}': colour '{raw_colour}' is not #RRGGBB; "
                    "the factor was imported without a colour"
                )
        return [code]

    def _guid(self, raw: str, what: str) -> str | None:
        if not raw:
            return None
        guid = _canonical_guid(raw)
        if guid is None:
            self.problems.append(
                f"{what}: guid '{raw}' is not a UUID; it was imported with a new guid"
            )
            return None
        if guid in self.used_guids:
            self.problems.append(
                f"{what}: guid {raw} is used twice in the file; it was imported with a new guid"
            )
            return None
        self.used_guids.add(guid)
        return guid

    def themes_in(self, parent: ET.Element) -> list[CodebookTheme]:
        themes: list[CodebookTheme] = []
        for el in parent:
            if _local(el.tag) != "Set":
                continue
            name = (el.get("name") or "").strip()
            if not name:
                self.problems.append("a set with no name was skipped, with its member codes")
                continue
            theme = self.theme_by_name.get(name)
            if theme is None:
                theme = CodebookTheme(name=name, description=_description(el))
                theme.guid = self._guid((el.get("guid") or "").strip(), f"theme '{name}'")
                self.theme_by_name[name] = theme
                themes.append(theme)
            else:
                self.problems.append(
                    f"theme '{name}' appears more than once; its member codes were merged"
                )
            self._members(el, name)
        return themes

    def _members(self, set_el: ET.Element, theme: str) -> None:
        for member in set_el:
            if _local(member.tag) != "MemberCode":
                continue
            # The project schema spells the reference targetGUID; some tools reuse it here.
            raw = (member.get("guid") or member.get("targetGUID") or "").strip()
            if not raw:
                self.problems.append(f"theme '{theme}': a member code without a guid was skipped")
                continue
            code = self.by_guid.get(_guid_key(raw))
            if code is None:
                self.problems.append(
                    f"theme '{theme}': member code {raw} matches no factor in the file; "
                    "the link was skipped"
                )
            elif theme not in code.themes:
                code.themes.append(theme)


def _description(el: ET.Element) -> str:
    for child in el:
        if _local(child.tag) == "Description":
            return (child.text or "").strip()
    return ""


def _local(tag: object) -> str:
    # Matching on local names is what lets every namespace spelling in the wild through.
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _guid_key(raw: str) -> str:
    return raw.strip().strip("{}").lower()


def _canonical_guid(raw: str) -> str | None:
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        return None
