"""Generated journal articles for the records tests: a title page with authors, year and DOI."""

from __future__ import annotations

from pathlib import Path

from app.pdf.compose import PdfComposer


def make_article(
    path: Path,
    title: str,
    authors: str = "",
    year: int | None = None,
    doi: str = "",
    pages: list[list[str]] | None = None,
) -> Path:
    """A first page set like a journal's (title in large type, authors under it, a footer
    with the year and DOI), then pages of body lines."""
    pdf = PdfComposer()
    page = pdf.page()
    top = page.text(72, 60, "Journal of Social Policy", size=9)
    top = page.text(72, 100, title, size=18, bold=True)
    if authors:
        top = page.text(72, top + 6, authors, size=11)
    footer = []
    if year is not None:
        footer.append(f"© {year} The Authors.")
    if doi:
        footer.append(f"https://doi.org/{doi}")
    if footer:
        top = page.text(72, top + 20, " ".join(footer), size=8)
    body = pages or [["Parents with a university degree negotiated their plans."]]
    for number, line in enumerate(body[0]):
        page.text(72, top + 20 + 16 * number, line, size=10)
    for lines in body[1:]:
        page = pdf.page()
        for number, line in enumerate(lines):
            page.text(72, 72 + 16 * number, line, size=10)
    return pdf.save(path)
