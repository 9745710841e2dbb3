"""RIS and BibTeX files as reference managers write them; broken ones name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.exchange.errors import ReferenceFileError
from app.exchange.references import read_references

RIS = """TY  - JOUR
AU  - Hall, Sarah
AU  - Ortiz, Jorge
TI  - Personal budgets and the families
  who can navigate them
T2  - Journal of Social Policy
PY  - 2021/03/04/
VL  - 50
IS  - 2
SP  - 112
EP  - 130
DO  - 10.1017/S0047279421000123
L1  - file:///C:/Users/sarah/Zotero/storage/AB12/Hall%20et%20al.%202021.pdf
ER  -

TY  - BOOK
AU  - Bourdieu, Pierre
TI  - Distinction
UR  - https://doi.org/10.4324/9780203714447
PY  - 1984
ER  -
"""

BIBTEX = r"""@string{jsp = {Journal of Social Policy}}
@article{hall2021,
  author = {Hall, Sarah and Ortiz, Jorge and M{\"u}ller, Anna and {World Health Organization}},
  title = {{Personal budgets} and the {\'e}lite},
  journal = jsp,
  year = 2021,
  pages = {112--130},
  doi = {10.1017/S0047279421000123},
  file = {Full Text PDF:C\:\\Users\\sarah\\Hall2021.pdf:application/pdf}
}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ris_fields_authors_pages_doi_and_attached_file(tmp_path: Path) -> None:
    hall, bourdieu = read_references(write(tmp_path, "refs.ris", RIS))
    assert hall.authors == ["Hall, Sarah", "Ortiz, Jorge"]
    assert hall.title == "Personal budgets and the families who can navigate them"
    assert (hall.year, hall.journal, hall.volume, hall.issue, hall.page_range) == (
        2021,
        "Journal of Social Policy",
        "50",
        "2",
        "112-130",
    )
    assert hall.doi == "10.1017/S0047279421000123"
    assert hall.files == ["Hall et al. 2021.pdf"]
    assert (bourdieu.line, bourdieu.kind, bourdieu.doi) == (16, "BOOK", "10.4324/9780203714447")


def test_bibtex_names_accents_strings_and_file(tmp_path: Path) -> None:
    (hall,) = read_references(write(tmp_path, "refs.bib", BIBTEX))
    assert hall.authors == [
        "Hall, Sarah",
        "Ortiz, Jorge",
        "Müller, Anna",
        "World Health Organization",
    ]
    assert hall.title == "Personal budgets and the élite"
    assert (hall.journal, hall.year) == ("Journal of Social Policy", 2021)
    assert hall.page_range == "112-130"
    assert (hall.key, hall.line, hall.files) == ("hall2021", 2, ["Hall2021.pdf"])


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        ("a.ris", "TY  - JOUR\nAU  - Hall\nAU - Ortiz\nER  - \n", 3, "not a RIS tag line"),
        ("b.ris", "TY  - JOUR\nTI  - One\nTY  - JOUR\nER  - \n", 3, "'ER  - ' missing"),
        ("c.ris", "\nTY  - JOUR\nTI  - Never ends\n", 2, "never ends"),
        ("d.ris", "Hall S (2021) Personal budgets\n", 1, "must start with 'TY  - '"),
        ("e.ris", "\n\n", None, "holds no references"),
        ("f.bib", "@misc{a, title={A}}\n\n@article{b,\n title={Open\n}\n", 6, "starts on line 3"),
        ("g.bib", "@article{a, title={A}}\n@article{a, title={B}}\n", 2, "Duplicate entry key"),
        ("h.bib", "just some words\n", None, "no BibTeX entries"),
    ],
)
def test_a_malformed_file_names_the_line_at_fault(
    tmp_path: Path, name: str, text: str, line: int | None, words: str
) -> None:
    with pytest.raises(ReferenceFileError) as caught:
        read_references(write(tmp_path, name, text))
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{name}, line {line}:" if line else f"{name} holds")
    assert words in str(caught.value)


def test_an_endnote_file_in_windows_1252_is_read(tmp_path: Path) -> None:
    path = tmp_path / "endnote.ris"
    text = "TY  - JOUR\r\nAU  - Müller, Anna\r\nTI  - Café\r\nER  - \r\n"
    path.write_bytes(text.encode("cp1252"))
    (reference,) = read_references(path)
    assert (reference.authors, reference.title) == (["Müller, Anna"], "Café")
