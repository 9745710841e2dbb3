"""References from RIS and BibTeX find their studies by DOI, title or file, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.project import Project
from app.core.reference_import import CREATE, SKIP, apply, propose
from app.exchange.references import read_references
from tests.articles import make_article

DOI_A = "10.1017/S0047279421000123"

RIS = f"""TY  - JOUR
AU  - Hall, Sarah
AU  - Ortiz, Jorge
AU  - Müller, Anna
TI  - Personal budgets and the families who navigate them
T2  - Journal of Social Policy
PY  - 2021
DO  - {DOI_A}
ER  -

TY  - JOUR
AU  - Ortiz, Jorge
TI  - INFORMAL NETWORKS AND THE PLANNING MEETING: A QUALITATIVE STUDY
PY  - 2020
ER  -

TY  - RPRT
AU  - Lee, Kim
TI  - Navigating disability support
PY  - 2019
L1  - file:///home/kim/Zotero/storage/QX7/Lee2019.pdf
ER  -

TY  - JOUR
AU  - Carey, Gemma
AU  - Malbon, Eleanor
TI  - Personalisation schemes in social care and inequality
PY  - 2019
ER  -

TY  - JOUR
AU  - Hall, S.
TI  - Personal budgets and the families who navigate them
PY  - 2021
DO  - https://doi.org/{DOI_A.lower()}
DB  - Scopus
ER  -
"""

BIBTEX = r"""@article{ortiz2020,
  author = {Ortiz, Jorge},
  title = {Informal networks and the planning meeting: a qualitative st{\'u}dy},
  year = {2020},
  journal = {Health \& Social Care in the Community},
}
@techreport{lee2019,
  author = {Lee, Kim},
  title = {Navigating disability support},
  year = {2019},
  file = {Lee2019.pdf:/home/kim/papers/Lee2019.pdf:application/pdf},
}
"""


@pytest.fixture
def studies(project: Project, tmp_path: Path) -> Project:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    make_article(folder / "hall.pdf", "Untitled draft", doi=DOI_A)
    make_article(
        folder / "ortiz.pdf", "Informal networks and the planning meeting: a qualitative study"
    )
    make_article(folder / "Lee2019.pdf", "Working paper 12")
    report = project.import_pdfs([folder])
    assert len(report.added) == 3
    return project


def ids(project: Project) -> dict[str, int]:
    return {s.filename or s.name: s.id for s in project.records.list()}


def refs(tmp_path: Path, name: str, text: str) -> list:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_references(path)


def test_ris_matches_by_doi_title_and_file_and_adds_the_rest(
    studies: Project, tmp_path: Path
) -> None:
    by_file = ids(studies)
    plan = propose(studies, "refs.ris", refs(tmp_path, "refs.ris", RIS))
    found = [(p.method, p.study_id, p.sure) for p in plan.proposals]
    assert found == [
        ("doi", by_file["hall.pdf"], True),
        ("title", by_file["ortiz.pdf"], True),
        ("path", by_file["Lee2019.pdf"], False),
        ("new", None, True),
        ("repeat", by_file["hall.pdf"], True),
    ]
    result = apply(studies, plan)
    assert (result.matched, result.created, result.duplicates) == (3, 1, 1)
    hall = studies.records.get(by_file["hall.pdf"])
    assert hall.citation == "Hall et al. (2021)"
    assert hall.journal == "Journal of Social Policy"
    assert hall.guessed == frozenset()  # the reference replaced the guesses
    assert studies.records.get(by_file["Lee2019.pdf"]).citation == "Lee (2019)"
    carey = [r for r in studies.records.list() if not r.has_pdf]
    assert [(r.citation, r.status) for r in carey] == [("Carey & Malbon (2019)", "unscreened")]


def test_the_same_file_again_adds_nothing(studies: Project, tmp_path: Path) -> None:
    references = refs(tmp_path, "refs.ris", RIS)
    apply(studies, propose(studies, "refs.ris", references))
    before = studies.records.list()
    again = apply(studies, propose(studies, "refs.ris", references))
    assert (again.known, again.matched, again.created, again.duplicates) == (5, 0, 0, 0)
    assert not again.changed
    assert studies.records.list() == before


def test_what_she_typed_stays_and_guesses_give_way(studies: Project, tmp_path: Path) -> None:
    ortiz = ids(studies)["ortiz.pdf"]
    studies.records.update(ortiz, {"year": 2018, "country": "Australia"})
    apply(studies, propose(studies, "refs.bib", refs(tmp_path, "refs.bib", BIBTEX)))
    record = studies.records.get(ortiz)
    assert (record.year, record.country, record.journal) == (
        2018,
        "Australia",
        "Health & Social Care in the Community",
    )
    assert record.title == "Informal networks and the planning meeting: a qualitative stúdy"


def test_bibtex_matches_by_title_and_by_file(studies: Project, tmp_path: Path) -> None:
    by_file = ids(studies)
    plan = propose(studies, "refs.bib", refs(tmp_path, "refs.bib", BIBTEX))
    assert [(p.method, p.study_id) for p in plan.proposals] == [
        ("title", by_file["ortiz.pdf"]),
        ("path", by_file["Lee2019.pdf"]),
    ]


def test_only_sure_matches_leave_the_rest_unapplied_and_unseen(
    studies: Project, tmp_path: Path
) -> None:
    references = refs(tmp_path, "refs.ris", RIS)
    result = apply(studies, propose(studies, "refs.ris", references), only_sure=True)
    assert (result.matched, result.created, result.duplicates, result.skipped) == (2, 1, 1, 1)
    lee = studies.records.get(ids(studies)["Lee2019.pdf"])
    assert lee.citation == ""
    # Not applied, so not known: a later import proposes it again.
    again = propose(studies, "refs.ris", references)
    assert [p.method for p in again.proposals] == ["known", "known", "path", "known", "known"]


def test_choices_override_proposals_and_undo_redo_are_exact(
    studies: Project, tmp_path: Path
) -> None:
    by_file = ids(studies)
    original = studies.records.list()
    plan = propose(studies, "refs.ris", refs(tmp_path, "refs.ris", RIS))
    result = apply(studies, plan, {1: CREATE, 2: SKIP})
    after = studies.records.list()
    assert len(after) == 5  # Ortiz and Carey as new studies
    assert studies.records.get(by_file["ortiz.pdf"]).citation == ""
    studies.records.restore(result.before)
    assert studies.records.list() == original
    studies.records.restore(result.after)
    assert studies.records.list() == after
