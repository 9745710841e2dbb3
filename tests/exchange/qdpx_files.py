"""Building .qdpx archives the way other tools write them, for the import tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.pdf.compose import PdfComposer

PROSE = (
    "we talked about the plan and the forms and who could help with them "
    "before the review came round again later that year"
)
FILLER = str.split(PROSE)


def archive(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in files.items():
            out.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def filler(length: int, line: int = 70) -> list[str]:
    """Characters of ordinary prose, a line feed about every `line` characters."""
    chars: list[str] = []
    word = 0
    column = 0
    while len(chars) < length:
        text = FILLER[word % len(FILLER)]
        word += 1
        if column + len(text) > line:
            chars.append("\n")
            column = 0
        elif chars:
            chars.append(" ")
            column += 1
        chars.extend(text)
        column += len(text)
    return chars[:length]


def text_with(selections: list[tuple[int, int, str]], extra: int = 60) -> str:
    """A text in which each selection whose name is its own text (ATLAS.ti names a
    quotation by its first words, cut with "…") reads so at its positions."""
    length = max((end for _, end, _ in selections), default=0) + extra
    chars = filler(length)
    for start, end, name in sorted(selections, key=lambda s: s[1] - s[0], reverse=True):
        words = name.removesuffix("…")
        if name.endswith("…") or len(words) == end - start:
            for offset, char in enumerate(words[: end - start]):
                chars[start + offset] = char
    return "".join(chars)


def atlas_sources(qde: bytes) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """Each text source's file name and its selections (start, end, name), as ATLAS.ti
    wrote them, by the source's guid."""
    import xml.etree.ElementTree as ET

    ns = "{urn:QDA-XML:project:1.0}"
    root = ET.fromstring(qde)
    sources: dict[str, tuple[str, list[tuple[int, int, str]]]] = {}
    for source in root.iter(f"{ns}TextSource"):
        path = source.get("plainTextPath", "").removeprefix("internal://")
        selections = [
            (int(s.get("startPosition", 0)), int(s.get("endPosition", 0)), s.get("name", ""))
            for s in source.iter(f"{ns}PlainTextSelection")
        ]
        sources[source.get("guid", "")] = (path, selections)
    return sources


def granola_pdf() -> bytes:
    """The Kellogg's recipe of the standard's example, as a two-page A4 PDF whose words sit
    where the example's PDF selections are (ATLAS.ti counts pages from 0)."""
    pdf = PdfComposer()
    first = pdf.page()
    first.text(40, 620, "favoritos. Dificultad: Media")
    first.text(40, 640, "Tiempo: 2 horas 30 minutos")
    first.text(340, 440, "granola")
    second = pdf.page()
    second.text(40, 100, "Porciones: 8 Ingredientes")
    second.text(40, 120, "Para la base:")
    second.text(
        40, 140, "340 g de Granola Kellogg’s® Granos Ancestrales; Amaranto, linaza y arándano."
    )
    second.text(40, 160, "90 g de mantequilla")
    return pdf.to_bytes()


def granola_representation() -> str:
    """ATLAS.ti's own text of that PDF: "granola" at 62..69, the recipe at 297..498."""
    chars = list("x" * 600)
    chars[62:69] = "granola"
    recipe = "favoritos.Dificultad: MediaTiempo: 2 horas 30 minutos "
    chars[297 : 297 + len(recipe)] = recipe
    return "".join(chars)
