"""A study's PDF with its passages as highlights, and highlights from a PDF as passages.

The exported PDF opens in any reader: each passage is a native /Highlight annotation in
its factor's colour, its note naming the factors and giving the memo. It also carries the
passage's guid, factors and memo in its own keys, so that importing it back into Habitus
gives the very same passages, factors and memos.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.exchange.atomic import atomic_target
from app.exchange.errors import ExchangeError

if TYPE_CHECKING:
    from app.core.highlights import Highlight, HighlightReport
    from app.core.project import Project

PDF_EXTENSION = ".pdf"


@dataclass(frozen=True)
class AnnotatedSummary:
    highlights: int
    passages: int
    unplaced: int = 0  # passages waiting to be placed by hand: nowhere to highlight them


def note_text(factors: list[str], memo: str) -> str:
    """What a PDF reader shows in the highlight's pop-up."""
    lines = []
    if factors:
        lines.append(("Factor: " if len(factors) == 1 else "Factors: ") + "; ".join(factors))
    if memo.strip():
        lines.append(memo.strip())
    return "\n\n".join(lines)


def export_annotated_pdf(project: Project, study_id: int, path: Path) -> AnnotatedSummary:
    from app.core.palette import PALETTE
    from app.pdf.errors import PdfError
    from app.pdf.markup import NewHighlight, write_highlights

    study = project.studies.get(study_id)
    codes = {code.id: code for code in project.codebook.list()}
    memos = {
        target_id: text
        for target, target_id, text in project.memos.all()
        if target == "passage" and target_id is not None
    }
    marks: list[NewHighlight] = []
    listed = project.passages.list(study_id=study_id)
    passages = [passage for passage in listed if passage.placed]
    for passage in passages:
        factors = [codes[c] for c in passage.code_ids if c in codes]
        colour = factors[0].colour if factors else PALETTE[0]
        memo = memos.get(passage.id, "")
        contents = note_text([f.name for f in factors], memo)
        by_page: dict[int, list[tuple[float, float, float, float]]] = {}
        for box in passage.boxes:
            by_page.setdefault(box.page, []).append((box.x0, box.top, box.x1, box.bottom))
        for number, page in enumerate(sorted(by_page)):
            marks.append(
                NewHighlight(
                    page=page,
                    rects=by_page[page],
                    colour=colour,
                    contents=contents,
                    # The pieces of a passage across pages share its guid.
                    name=passage.guid if number == 0 else f"{passage.guid}#{number + 1}",
                    factors=tuple(f.guid for f in factors),
                    factor_names=tuple(f.name for f in factors),
                    memo=memo,
                )
            )
    data, password, _ = project.studies.pdf(study_id)
    try:
        annotated = write_highlights(data, password, marks)
    except PdfError as error:
        raise ExchangeError(f"The PDF of {study.label} could not be annotated: {error}") from error
    with atomic_target(Path(path)) as out:
        out.write(annotated)
    return AnnotatedSummary(len(marks), len(passages), len(listed) - len(passages))


def read_highlights(project: Project, study_id: int, path: Path | None = None) -> list[Highlight]:
    """The highlights, underlines and notes in the study's own PDF, or in another copy of
    it (`path`) such as the one a reference manager annotated."""
    from app.core.highlights import Highlight
    from app.pdf.errors import PdfError
    from app.pdf.markup import read_markup

    own, password, _ = project.studies.pdf(study_id)
    study = project.studies.get(study_id)
    if path is None:
        data, name = own, study.label
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise ExchangeError(
                f"{Path(path).name} could not be read: {error.strerror or error}."
            ) from error
        name = Path(path).name
    try:
        if path is not None:
            _check_same_document(own, password, data, name, study.label)
        marks = read_markup(data, password if path is None else _password_for(data, password))
    except PdfError as error:
        raise ExchangeError(f"The annotations of {name} cannot be read: {error}") from error
    return [
        Highlight(
            m.page, m.kind, m.colour, m.rects, m.comment, m.name, m.factors, m.memo, m.factor_names
        )
        for m in marks
    ]


def _password_for(data: bytes, password: str | None) -> str | None:
    from app.pdf.errors import PasswordRequired
    from app.pdf.text import page_count

    try:
        page_count(data, None)
        return None
    except PasswordRequired:
        return password


def _check_same_document(
    own: bytes, password: str | None, other: bytes, name: str, label: str
) -> None:
    """Refuse a PDF whose pages are not the study's: its highlights would land elsewhere."""
    from app.pdf.frames import page_frames

    mine = page_frames(own, password)
    theirs = page_frames(other, _password_for(other, password))
    if len(mine) != len(theirs):
        raise ExchangeError(
            f"{name} has {len(theirs)} pages and {label} has {len(mine)}: it is not the same "
            "document, so its highlights cannot be placed."
        )
    for number, (a, b) in enumerate(zip(mine, theirs, strict=True), start=1):
        if abs(a.width - b.width) > 1 or abs(a.height - b.height) > 1:
            raise ExchangeError(
                f"Page {number} of {name} is not the size of page {number} of {label}: it is "
                "not the same document, so its highlights cannot be placed."
            )


def import_annotations(
    project: Project,
    study_id: int,
    path: Path | None = None,
    table: dict[str, str] | None = None,
) -> HighlightReport:
    from app.core.highlights import import_highlights

    return import_highlights(project, study_id, read_highlights(project, study_id, path), table)


def colours_in(highlights: list[Highlight]) -> dict[str, int]:
    """How many highlights of each colour (Habitus's own, which name factors, left out)."""
    counts: dict[str, int] = {}
    for mark in highlights:
        if mark.kind != "note" and not mark.factor_guids and mark.colour:
            counts[mark.colour] = counts.get(mark.colour, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
