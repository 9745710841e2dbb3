"""`habitus studies`, `study`, `lists`, `prisma` and reference files given to `import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core.project import Project
from tests.articles import make_article
from tests.conftest import make_pdf

RIS = """TY  - JOUR
AU  - Hall, Sarah
AU  - Ortiz, Jorge
AU  - Müller, Anna
TI  - Personal budgets and the families who navigate them
PY  - 2021
DO  - 10.1017/S0047279421000123
ER  -

TY  - RPRT
AU  - Lee, Kim
TI  - Navigating disability support
PY  - 2019
L1  - file:///home/kim/Zotero/storage/QX7/Lee2019.pdf
ER  -

TY  - JOUR
AU  - Carey, Gemma
TI  - Personalisation and inequality
PY  - 2019
ER  -
"""


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def review(tmp_path: Path, project: Project) -> Path:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    make_article(folder / "hall.pdf", "Draft", doi="10.1017/S0047279421000123")
    make_article(folder / "Lee2019.pdf", "Working paper 12")
    project.import_pdfs([folder])
    path = project.path
    project.close()
    return path


def test_references_apply_when_sure_and_list_the_rest(
    review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.ris"
    refs.write_text(RIS, encoding="utf-8")
    code, out, _ = run(capsys, "import", review, refs)
    assert code == 0
    assert "1 matched to studies, 1 new studies without full text" in out
    assert "line 10: 'Navigating disability support' -> Lee2019 (same PDF file name)" in out
    code, out, _ = run(capsys, "import", review, refs)
    assert "2 imported before" in out and "0 new studies" in out
    code, out, _ = run(capsys, "import", review, refs, "--accept-proposed")
    assert "1 matched to studies" in out

    code, out, _ = run(capsys, "info", review, "--json")
    studies = {s["citation"]: s for s in json.loads(out)["studies"]}
    hall = studies["Hall et al. (2021)"]
    assert hall["authors"] == ["Hall, Sarah", "Ortiz, Jorge", "Müller, Anna"]
    assert (hall["year"], hall["doi"], hall["status"], hall["has_pdf"]) == (
        2021,
        "10.1017/S0047279421000123",
        "unscreened",
        True,
    )
    assert (hall["reason"], hall["groups"], hall["attributes"]) == ("", [], {})
    assert studies["Carey (2019)"]["has_pdf"] is False
    assert studies["Lee (2019)"]["filename"] == "Lee2019.pdf"


def test_a_malformed_reference_file_names_its_line_and_changes_nothing(
    review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.ris"
    refs.write_text(RIS.replace("AU  - Lee, Kim", "AU - Lee, Kim"), encoding="utf-8")
    before = review.read_bytes()
    code, _, err = run(capsys, "import", review, refs)
    assert code == 1
    assert "refs.ris, line 11: 'AU - Lee, Kim' is not a RIS tag line" in err
    assert "Nothing was imported" in err
    with Project.open(review, read_only=True) as project:
        assert len(project.records.list()) == 2
    assert review.read_bytes() == before


def test_a_study_is_edited_renamed_attached_and_deleted(
    review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "lists", review, "--attribute", "Scheme=choice:NDIS|Direct payments")
    assert code == 0 and "Scheme (choice: NDIS | Direct payments)" in out
    code, out, err = run(
        capsys,
        "study",
        review,
        "hall",
        "--set",
        "authors=Hall, Sarah; Ortiz, Jorge",
        "--set",
        "year=2021",
        "--set",
        "Sample size=24",
        "--set",
        "scheme=ndis",
        "--set",
        "groups=(a) explicitly about inequality",
        "--set",
        "reason=Wrong population",
    )
    assert code == 0, err
    assert "Updated Hall & Ortiz (2021)" in out
    code, out, _ = run(capsys, "study", review, "Hall & Ortiz (2021)", "--json")
    record = json.loads(out)
    assert (record["sample_size"], record["attributes"], record["groups"]) == (
        24,
        {"Scheme": "NDIS"},
        ["(a) explicitly about inequality"],
    )
    assert (record["status"], record["reason"]) == ("excluded", "Wrong population")
    code, _, err = run(capsys, "study", review, "hall", "--set", "year=soon")
    assert code == 1 and "whole number" in err
    code, _, err = run(capsys, "study", review, "hall", "--set", "colour=blue")
    assert code == 2 and "no field or attribute called 'colour'" in err

    assert run(capsys, "study", review, "Lee2019", "--rename", "Lee working paper")[0] == 0
    code, out, _ = run(capsys, "studies", review)
    assert "Lee working paper" in out and "excluded (Wrong population)" in out

    make_pdf(tmp_path / "lee-v2.pdf", [["A corrected version of the working paper."]])
    code, out, _ = run(
        capsys, "study", review, "Lee working paper", "--attach", tmp_path / "lee-v2.pdf"
    )
    assert code == 0 and "Replaced the PDF of Lee working paper: 0 passages placed." in out

    code, out, _ = run(capsys, "study", review, "Lee working paper", "--delete")
    assert code == 0 and "Deleted Lee working paper and its 0 passages" in out
    code, out, _ = run(capsys, "studies", review, "--json")
    assert [s["label"] for s in json.loads(out)] == ["Hall & Ortiz (2021)"]

    code, _, err = run(capsys, "study", review, "nobody")
    assert code == 1 and "No study called 'nobody'" in err


def test_prisma_numbers_and_svg_and_the_export_carries_the_records(
    review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "study", review, "hall", "--set", "status=included", "--set", "year=2021")
    code, out, _ = run(capsys, "prisma", review, tmp_path / "flow.svg")
    assert code == 0
    assert "Included        Studies included in review: 1" in out
    assert "Studies included in review (n = 1)" in (tmp_path / "flow.svg").read_text()
    code, _, err = run(capsys, "prisma", review, tmp_path / "flow.pdf")
    assert code == 2 and "use .svg, .png, .csv or .json" in err

    with Project.open(review) as project:
        study = next(s for s in project.studies.list() if s.name == "hall")
        code_id = project.codebook.add("Education").id
        project.passages.add_text(study.id, 0, 0, 0, 5, (code_id,))
    run(capsys, "export", review, tmp_path / "coded.xlsx")
    rows = list(load_workbook(tmp_path / "coded.xlsx")["Studies"].iter_rows(values_only=True))
    header = rows[0]
    row = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[1] == "hall")
    assert (row["Year"], row["Status"], row["Groups"]) == (2021, "included", None)
