"""Spreadsheet codebooks in the encodings spreadsheet programs really save, or a refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.exchange.codebook_sheet import read_codebook_sheet
from app.exchange.errors import CodebookError

JAPANESE = "Factor,Definition,Themes\n教育,学歴と資格,文化資本\n世帯収入,家計の収入,経済資本\n"
JAPANESE_HEADERS = "因子,定義,テーマ\n教育,学歴と資格,文化資本\n"
ENGLISH = "Factor,Definition,Themes\nEducation,Degrees held,Cultural capital\n"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("shift_jis", JAPANESE),
        ("utf-16-le", ENGLISH),  # Excel "Unicode text" without its byte-order mark
        ("utf-16-be", ENGLISH),
        ("utf-32", ENGLISH),  # with a byte-order mark
        ("utf-32-le", ENGLISH),
        ("cp1251", "Factor,Definition\nОбразование,Полученные степени\nДоход,Семейный\n"),
    ],
)
def test_a_codebook_reads_right_in_the_encoding_it_was_saved_in(
    tmp_path: Path, encoding: str, text: str
) -> None:
    path = tmp_path / "codebook.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    data = read_codebook_sheet(path)
    expected = [line.split(",")[0] for line in text.strip().splitlines()[1:]]
    assert [code.name for code in data.codes] == expected
    assert data.problems == []


def test_japanese_headers_need_a_factor_column_and_say_which_they_found(tmp_path: Path) -> None:
    # Read right, the headers are Japanese: the refusal quotes them legibly, not as mojibake.
    path = tmp_path / "codebook.csv"
    path.write_bytes(JAPANESE_HEADERS.encode("shift_jis"))
    with pytest.raises(CodebookError, match="'因子', '定義', 'テーマ'"):
        read_codebook_sheet(path)


def test_control_characters_are_removed_from_cells_and_the_row_named(tmp_path: Path) -> None:
    path = tmp_path / "codebook.csv"
    path.write_bytes(b"Factor,Definition\nEdu\x00cation,Degrees\x1b[31m held\nIncome,Money\n")
    data = read_codebook_sheet(path)
    assert [(c.name, c.definition) for c in data.codes] == [
        ("Education", "Degrees[31m held"),
        ("Income", "Money"),
    ]
    assert data.problems == [
        "row 2: control characters (invisible, unprintable) were removed from it"
    ]
