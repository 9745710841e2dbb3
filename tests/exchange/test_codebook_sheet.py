"""Codebooks drafted in Excel or as CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.core.types import CodebookCode, CodebookData
from app.exchange.codebook_sheet import read_codebook_sheet
from app.exchange.errors import CodebookError
from app.exchange.qdc import read_qdc, write_qdc


def make_xlsx(path: Path, rows: list[list[object]], first_sheet: str = "Codebook") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = first_sheet
    for row in rows:
        sheet.append(row)
    decoy = workbook.create_sheet("Notes")
    decoy.append(["Factor"])
    decoy.append(["Only on the second sheet"])
    workbook.save(path)
    return path


def names(codes: list[CodebookCode]) -> list[str]:
    return [c.name for c in codes]


def by_name(data: CodebookData) -> dict[str, CodebookCode]:
    out: dict[str, CodebookCode] = {}

    def walk(codes: list[CodebookCode]) -> None:
        for code in codes:
            out[code.name] = code
            walk(code.children)

    walk(data.codes)
    return out


XLSX_ROWS: list[list[object]] = [
    ["Factor name", "Definition", "Capitals", "Colour", "Parent"],
    ["Parental education", "Highest degree of either parent", "Cultural", "#F2C14E", None],
    ["Books at home", "More than a shelf", "cultural", "#36c", "Parental education"],
    ["Paid tutoring", "Lessons bought for the child", "Economic; Cultural", None, None],
    ["Family network", None, "Social, Symbolic", "blue-ish", None],
    [None, "A definition without a factor", "Economic", None, None],
    ["Paid Tutoring", "Same factor again", "Economic", None, None],
    ["Gap year", "Travel before university", "Economic", "#00aa00", "Travel"],
    [],
    ["Grandparents' help", 42, "Economic", "#zzz", "Family network"],
]


def test_xlsx_import_reads_good_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "Bourdieu draft.xlsx", XLSX_ROWS)
    data = read_codebook_sheet(path)

    assert data.framework_name == "Bourdieu draft"
    assert [t.name for t in data.themes] == ["Cultural", "Economic", "Social", "Symbolic"]
    assert names(data.codes) == [
        "Parental education",
        "Paid tutoring",
        "Family network",
        "Gap year",
    ]
    codes = by_name(data)
    assert set(codes) == {
        "Parental education",
        "Books at home",
        "Paid tutoring",
        "Family network",
        "Gap year",
        "Grandparents' help",
    }
    education = codes["Parental education"]
    assert education.definition == "Highest degree of either parent"
    assert education.colour == "#f2c14e"
    assert names(education.children) == ["Books at home"]
    assert codes["Books at home"].colour == "#3366cc"
    assert codes["Books at home"].themes == ["Cultural"]  # first spelling of the theme wins
    assert codes["Paid tutoring"].themes == ["Economic", "Cultural"]
    assert codes["Paid tutoring"].definition == "Lessons bought for the child"
    assert codes["Family network"].themes == ["Social", "Symbolic"]
    assert codes["Family network"].colour is None
    assert names(codes["Family network"].children) == ["Grandparents' help"]
    assert codes["Grandparents' help"].definition == "42"
    assert codes["Gap year"].colour == "#00aa00"
    assert all(code.guid is None for code in codes.values())

    assert data.problems == [
        "row 5: colour 'blue-ish' is not #RRGGBB; the factor was imported without a colour",
        "row 6: no factor name; the row was skipped",
        "row 7: factor 'Paid Tutoring' already appears in row 4; the row was skipped",
        "row 8: parent 'Travel' names no factor in the sheet; "
        "the factor was imported at the top level",
        "row 10: colour '#zzz' is not #RRGGBB; the factor was imported without a colour",
    ]


def test_xlsx_import_exports_to_a_codebook(tmp_path: Path) -> None:
    data = read_codebook_sheet(make_xlsx(tmp_path / "draft.xlsx", XLSX_ROWS))
    out = tmp_path / "draft.qdc"
    write_qdc(data, out)
    back = read_qdc(out)
    assert back.framework_name == "draft"
    # A factor's themes come back in the framework's theme order, the order of the Sets.
    assert by_name(back)["Paid tutoring"].themes == ["Cultural", "Economic"]
    assert names(by_name(back)["Parental education"].children) == ["Books at home"]


def test_csv_semicolon_cp1252_with_accents(tmp_path: Path) -> None:
    text = (
        "Code;Description;Themes;Color;Parent\r\n"
        "Éducation des parents;Diplôme le plus élevé;Capital culturel;#a0c;\r\n"
        'Réseau familial;"Oncles; tantes, cousins";Capital social;;\r\n'
        "Héritage;Biens reçus;Capital économique;#12;Éducation des parents\r\n"
        ";;;;\r\n"
        "Ménage;Budget du foyer;Capital économique;;\r\n"
    )
    path = tmp_path / "capitaux.csv"
    path.write_bytes(text.encode("cp1252"))
    data = read_codebook_sheet(path)

    assert names(data.codes) == ["Éducation des parents", "Réseau familial", "Ménage"]
    education = data.codes[0]
    assert education.definition == "Diplôme le plus élevé"
    assert education.colour == "#aa00cc"
    assert names(education.children) == ["Héritage"]
    assert education.children[0].colour is None
    assert data.codes[1].definition == "Oncles; tantes, cousins"
    assert [t.name for t in data.themes] == [
        "Capital culturel",
        "Capital social",
        "Capital économique",
    ]
    assert data.codes[2].themes == ["Capital économique"]
    assert data.problems == [
        "row 4: colour '#12' is not #RRGGBB; the factor was imported without a colour"
    ]


def test_csv_utf8_bom_comma_and_framework_column(tmp_path: Path) -> None:
    text = (
        "Framework,Factor,Definition,Theme\n"
        'Bourdieu,Cultural goods,"Books, paintings, instruments",Cultural capital\n'
        "Bourdieu,Savings,,Economic capital\n"
        "Coleman,Club membership,,Social capital\n"
    )
    path = tmp_path / "sheet.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    data = read_codebook_sheet(path)
    assert data.framework_name == "Bourdieu"
    assert names(data.codes) == ["Cultural goods", "Savings", "Club membership"]
    assert data.codes[0].definition == "Books, paintings, instruments"
    assert data.problems == [
        "row 4: framework 'Coleman' differs from 'Bourdieu' (row 2); "
        "the codebook was imported as 'Bourdieu'"
    ]


def test_tab_delimited_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("Name\tCapital\nÆsthetic taste\tCultural\n".encode("utf-16"))
    data = read_codebook_sheet(path)
    assert names(data.codes) == ["Æsthetic taste"]
    assert data.codes[0].themes == ["Cultural"]


def test_parent_may_come_later_and_cycles_are_broken(tmp_path: Path) -> None:
    text = "factor,parent\nChild,Parent\nParent,\nLoop A,Loop B\nLoop B,Loop A\nSelf,self\n"
    path = tmp_path / "tree.csv"
    path.write_text(text, encoding="utf-8")
    data = read_codebook_sheet(path)
    assert names(data.codes) == ["Parent", "Loop B", "Self"]
    assert names(data.codes[0].children) == ["Child"]
    assert names(data.codes[1].children) == ["Loop A"]
    assert data.codes[2].children == []
    assert data.problems == [
        "row 5: parent 'Loop A' would put 'Loop B' inside itself; "
        "the factor was imported at the top level",
        "row 6: parent 'self' would put 'Self' inside itself; "
        "the factor was imported at the top level",
    ]


def test_missing_factor_header_names_the_headers_found(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "wrong.xlsx", [["Label", "Definition", None, "Capital"]])
    with pytest.raises(CodebookError) as caught:
        read_codebook_sheet(path)
    assert str(caught.value) == (
        "wrong.xlsx has no factor column. The headers found are 'Label', 'Definition', "
        "'Capital'; name one column Factor (or Code, or Name)."
    )


def test_empty_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"^empty\.csv is empty"):
        read_codebook_sheet(path)


def test_header_only_sheet_gives_an_empty_codebook(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("Factor;Definition\n", encoding="utf-8")
    data = read_codebook_sheet(path)
    assert data.codes == [] and data.themes == [] and data.problems == []


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", r"^old\.xls is in the old Excel format"),
        ("notes.docx", b"PK", r"^notes\.docx is not a spreadsheet Habitus can read"),
        ("fake.xlsx", b"not a zip", r"^fake\.xlsx could not be read as an Excel workbook"),
        (
            "binary.csv",
            b"Factor\n\x00\x81\x00\x8d\xff\x00\x9d\x01\x02\x03\n",
            r"^binary\.csv is not in a text encoding Habitus can recognise",
        ),
    ],
)
def test_unreadable_files_are_codebook_errors(
    tmp_path: Path, filename: str, content: bytes, message: str
) -> None:
    path = tmp_path / filename
    path.write_bytes(content)
    with pytest.raises(CodebookError, match=message):
        read_codebook_sheet(path)


def test_missing_file_is_a_codebook_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"^gone\.csv could not be opened"):
        read_codebook_sheet(tmp_path / "gone.csv")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".qdc"])
def test_reading_reports_how_far_it_got_and_can_be_stopped(tmp_path: Path, suffix: str) -> None:
    from app.exchange.codebook_files import read_codebook_file
    from app.exchange.errors import Cancelled

    path = tmp_path / f"big{suffix}"
    factors = [f"Factor {n}" for n in range(2500)]
    if suffix == ".qdc":
        write_qdc(CodebookData(codes=[CodebookCode(name) for name in factors]), path)
        whole = 2500
    elif suffix == ".xlsx":
        make_xlsx(path, [["Factor"], *([name] for name in factors)])
        whole = 2501  # with the header row
    else:
        path.write_text("\n".join(["Factor", *factors]), encoding="utf-8")
        whole = 2501
    heard: list[int] = []
    data = read_codebook_file(path, heard.append)
    assert len(data.codes) == 2500
    assert heard[:2] == [1000, 2000] and heard[-1] == whole
    assert heard == sorted(heard)

    def stop(count: int) -> None:
        if count >= 2000:
            raise Cancelled()

    with pytest.raises(Cancelled):
        read_codebook_file(path, stop)
