"""A generated journal article: running heads with printed page numbers 162 onwards, and a
sentence that runs from one page to the next across the running head."""

from __future__ import annotations

from pathlib import Path

from tests.pdfgen import Page, write_pdf

FIRST_PRINTED = 162
PAGES = 5
CROSSING = ("family conflict. The", "links between the two conflicts had been shown.")


def journal_article(path: Path) -> Path:
    pages = []
    for index in range(PAGES):
        page = Page()
        number = FIRST_PRINTED + index
        # Even pages carry the journal's short title, odd ones the article's; the printed
        # number sits at the outer edge.
        if index % 2 == 0:
            page.text(f"ER 29,2 {number}", 72, 40, 9)
        else:
            page.text(f"Shift work interventions {number}", 300, 40, 9)
        for line in range(10):
            page.text(f"Body line {line + 1} of page {index + 1} about informal networks.",
                      72, 120 + 18 * line, 11)  # fmt: skip
        if index == 1:
            page.text(f"Work and {CROSSING[0]}", 72, 120 + 18 * 10, 11)
        if index == 2:
            page.lines.insert(0, (CROSSING[1], 72.0, 100.0, 11.0))
        page.text("Downloaded by a university library on 1 May 2024", 72, 770, 7)
        pages.append(page)
    write_pdf(path, pages)
    return path
