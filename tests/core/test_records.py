"""Study records: fields, screening, groups, typed attributes, studies without a PDF, delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import CoreError, NotFound
from app.core.prefill import find_doi, guess_year
from app.core.project import Project
from tests.articles import make_article


def test_a_record_is_edited_and_undone_with_what_it_replaced(project: Project) -> None:
    study = project.records.create(fields={"title": "Personal budgets"})
    before = project.records.update(
        study.id,
        {"authors": "Hall, Sarah; Ortiz, Jorge", "year": "2021", "doi": "https://doi.org/10.1/AB"},
    )
    record = project.records.get(study.id)
    assert record.authors == ("Hall, Sarah", "Ortiz, Jorge")
    assert (record.year, record.doi, record.citation) == (2021, "10.1/AB", "Hall & Ortiz (2021)")
    assert before == {"authors": (), "year": None, "doi": ""}
    project.records.update(study.id, before)
    assert project.records.get(study.id).citation == ""
    assert project.studies.get(study.id).label == "Personal budgets"


def test_bad_values_are_refused_and_nothing_is_saved(project: Project) -> None:
    study = project.records.create(fields={"title": "T"})
    with pytest.raises(CoreError, match="whole number"):
        project.records.update(study.id, {"title": "Changed", "year": "twenty"})
    with pytest.raises(CoreError, match="between 1000 and 2999"):
        project.records.update(study.id, {"year": 21})
    with pytest.raises(CoreError, match="Status is one of"):
        project.records.update(study.id, {"status": "maybe"})
    assert project.records.get(study.id).title == "T"


def test_a_reason_excludes_and_another_status_clears_it(project: Project) -> None:
    study = project.records.create(fields={"title": "T"})
    before = project.records.update(study.id, {"reason": "wrong study design"})
    record = project.records.get(study.id)
    assert (record.status, record.reason) == ("excluded", "Wrong study design")
    assert before == {"status": "unscreened", "reason": ""}
    project.records.update(study.id, {"status": "included"})
    assert project.records.get(study.id).reason == ""
    with pytest.raises(CoreError, match="add it to the list"):
        project.records.update(study.id, {"reason": "Too long"})
    lists = project.records.lists
    lists.add_reason("Too long")
    project.records.update(study.id, {"reason": "Too long"})
    reason = next(r for r in lists.reasons() if r.name == "Too long")
    with pytest.raises(CoreError, match="1 study is excluded"):
        lists.delete_reason(reason.id)
    lists.rename_reason(reason.id, "Far too long")
    assert project.records.get(study.id).reason == "Far too long"


def test_a_study_sits_in_any_number_of_groups(project: Project) -> None:
    lists = project.records.lists
    a = lists.add_group("(a) explicitly about inequality")
    lists.add_group("(b) good outcomes")
    one = project.records.create(fields={"title": "One"})
    two = project.records.create(fields={"title": "Two"})
    both = ["(a) explicitly about inequality", "(b) good outcomes"]
    project.records.update(one.id, {"groups": both})
    project.records.update(two.id, {"groups": "(b) good outcomes"})
    assert project.records.get(one.id).groups == (
        "(a) explicitly about inequality",
        "(b) good outcomes",
    )
    assert [g.studies for g in lists.groups()] == [1, 2]
    with pytest.raises(CoreError, match="No group called"):
        project.records.update(two.id, {"groups": "(c) other"})
    snapshot = lists.delete_group(a.id)
    assert project.records.get(one.id).groups == ("(b) good outcomes",)
    lists.restore_group(snapshot)
    assert project.records.get(one.id).groups[0] == "(a) explicitly about inequality"


def test_attributes_are_typed(project: Project) -> None:
    attributes = project.records.attributes
    attributes.define("Participants' mean age", "number")
    attributes.define("Fieldwork ended", "date")
    attributes.define("Scheme", "choice", ["NDIS", "Direct payments"])
    attributes.define("Notes")
    study = project.records.create(fields={"title": "T"})
    project.records.update(
        study.id,
        {
            "attribute:Participants' mean age": "41.50",
            "attribute:fieldwork ended": "2019-03-04",
            "attribute:Scheme": "ndis",
            "attribute:Notes": "  mixed methods ",
        },
    )
    assert project.records.get(study.id).attributes == {
        "Participants' mean age": "41.5",
        "Fieldwork ended": "2019-03-04",
        "Scheme": "NDIS",
        "Notes": "mixed methods",
    }
    for name, value, message in [
        ("Participants' mean age", "forty", "takes a number"),
        ("Fieldwork ended", "4/3/2019", "YYYY-MM-DD"),
        ("Scheme", "Vouchers", "is one of: NDIS, Direct payments"),
        ("Nothing", "x", "No attribute called"),
    ]:
        with pytest.raises(CoreError, match=message):
            project.records.update(study.id, {f"attribute:{name}": value})
    scheme = attributes.find("scheme")
    assert scheme is not None
    with pytest.raises(CoreError, match="would not fit"):
        attributes.change(scheme.id, choices=["Direct payments"])
    with pytest.raises(CoreError, match="already a field"):
        attributes.define("Country")
    snapshot = attributes.delete(scheme.id)
    assert "Scheme" not in project.records.get(study.id).attributes
    attributes.restore(snapshot)
    assert project.records.get(study.id).attributes["Scheme"] == "NDIS"


def test_a_study_without_its_pdf_lists_and_refuses_to_be_read(project: Project) -> None:
    study = project.records.create(fields={"title": "Not yet obtained", "authors": "Lee, K."})
    info = project.studies.get(study.id)
    assert (info.has_pdf, info.page_count, info.sha256, info.label) == (
        False,
        0,
        "",
        "Lee (n.d.)",
    )
    assert project.studies.pages(study.id) == []
    assert project.records.get(study.id).flags() == ["no full text"]
    with pytest.raises(NotFound, match="has no PDF yet"):
        project.studies.pdf(study.id)


def test_deleting_a_study_takes_its_passages_and_undo_brings_all_back(
    imported: Project,
) -> None:
    alpha = next(s for s in imported.studies.list() if s.name == "alpha")
    code = imported.codebook.add("Education")
    passage = imported.passages.add_text(alpha.id, 0, 0, 0, 7, (code.id,))
    imported.memos.set("passage", passage.id, "why this matters")
    imported.records.lists.add_group("a")
    imported.records.update(alpha.id, {"groups": "a", "year": 2021})
    bundles = imported.records.delete([alpha.id])
    assert alpha.id not in {s.id for s in imported.studies.list()}
    assert imported.passages.list(study_id=alpha.id) == []
    imported.records.restore(bundles)
    back = imported.passages.get(passage.id)
    assert (back.guid, back.quote, back.code_ids) == (passage.guid, "Parents", (code.id,))
    assert imported.memos.get("passage", passage.id) == "why this matters"
    assert imported.records.get(alpha.id).groups == ("a",)
    assert imported.studies.texts(alpha.id)[0].startswith("Parents")
    assert imported.studies.pdf(alpha.id)[0][:5] == b"%PDF-"


def test_an_imported_pdf_gets_guesses_until_they_are_confirmed(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def parsed_here(*_args: object) -> None:
        raise AssertionError("the import's own process parsed a PDF")

    # The reader processes read what the file says about itself, not the window's process.
    monkeypatch.setattr("app.pdf.metadata.pdf_facts", parsed_here)
    make_article(
        tmp_path / "hall.pdf",
        "Personal budgets and the families who navigate them",
        "Sarah Hall1, Jorge Ortiz2 and Anna Müller1*",
        2021,
        "10.1017/S0047279421000123",
    )
    project.import_pdfs([tmp_path / "hall.pdf"])
    record = project.records.list()[0]
    assert record.title == "Personal budgets and the families who navigate them"
    assert record.authors == ("Sarah Hall", "Jorge Ortiz", "Anna Müller")
    assert (record.year, record.doi) == (2021, "10.1017/S0047279421000123")
    assert record.guessed == {"title", "authors", "year", "doi"}
    # Guesses make no citation: the file name stands in until she confirms.
    assert project.studies.get(record.id).label == "hall"
    project.records.update(record.id, {"guessed": ()})
    assert project.studies.get(record.id).label == "Hall et al. (2021)"


def test_dois_and_years_are_read_from_the_page_text() -> None:
    assert find_doi(["see https://doi.org/10.1080/0964.2019.15), and"]) == "10.1080/0964.2019.15"
    assert find_doi(["no identifier here", "DOI: 10.1177/1468-0181."]) == "10.1177/1468-0181"
    assert find_doi(["", "", "10.1000/on-page-three"]) == ""
    assert guess_year("Received 2019; accepted 2020. © 2021 Elsevier") == 2021
    assert guess_year("Data from 2011 and 2014") is None


def test_guesses_keep_to_what_reads_as_titles_and_names() -> None:
    from app.core.prefill import guess_authors, guess_title

    line = "Jordi Soria-Comas, Josep Domingo-Ferrer, Fellow, IEEE, and David Megías∗"
    assert guess_authors({"Author": "Txus"}, [line]) == [
        "Jordi Soria-Comas",
        "Josep Domingo-Ferrer",
        "David Megías",
    ]
    for account in ("Administrator", "ARRAY(0x2c7cf020)", "DSI", "cheng"):
        assert guess_authors({"Author": account}, ["QWEN2 TECHNICAL REPORT"]) == []
    many = ";".join(f"Author{n} Name" for n in range(14)).replace("Author", "Ann")
    assert len(guess_authors({"Author": many}, ["Yang Guo"])) == 14
    page = "Shift work interventions for reduced work-family conflict\nMarie Gee Wilson"
    heading = "Shift work interventions for reduced work-family conflict"
    assert guess_title({"Title": "88300 162..177"}, heading, page) == heading
    assert guess_title({"Title": "SoriaComas_iDP-R2_rev"}, heading, page) == heading
    assert guess_title({"Title": "Microsoft Word - draft.docx"}, "CV", page) == ""
    assert guess_title({"Title": "Art in Machine Learning"}, "CV", page) == (
        "Art in Machine Learning"
    )


def test_one_study_is_cited_as_the_whole_list_cites_it(project: Project) -> None:
    made = {
        "second": ("Hall, Sarah; Ortiz, Jorge; Lee, Ann", "2021"),
        "first": ("Hall, Sarah; Ortiz, Jorge; Lee, Ann", "2021"),
        "undated b": ("Hall, Sarah", ""),
        "undated a": ("Hall, Sarah", ""),
        "other year": ("Hall, Sarah; Ortiz, Jorge; Lee, Ann", "2020"),
    }
    for title, (authors, year) in made.items():
        study = project.records.create(fields={"title": title})
        project.records.update(study.id, {"authors": authors, "year": year or None})
    listed = {study.id: study.citation for study in project.studies.list()}
    assert sorted(listed.values()) == [
        "Hall (n.d.-a)",
        "Hall (n.d.-b)",
        "Hall et al. (2020)",
        "Hall et al. (2021a)",
        "Hall et al. (2021b)",
    ]
    assert {study_id: project.studies.get(study_id).citation for study_id in listed} == listed
    assert {study_id: project.records.get(study_id).citation for study_id in listed} == listed
