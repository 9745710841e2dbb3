"""REFI-QDA projects from other tools: what ATLAS.ti, NVivo, MAXQDA and QualCoder write,
with their departures from the standard, and transcripts typeset into PDFs."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from app.core.project import Project
from app.core.textnorm import display_quote
from app.core.types import Passage
from app.exchange.qdpx.importer import import_qdpx
from tests.exchange.qdpx_files import (
    archive,
    atlas_sources,
    granola_pdf,
    granola_representation,
    text_with,
)
from tests.fonts import PRINTABLE_ASCII, make_font
from tests.shared import shared_file

PDF_GUID = "3E029F7C-B699-47C2-AE9F-95F481693CAF"
REPRESENTATION = "142EB46D-612E-4593-A385-D0E5D04D1288"


@pytest.fixture
def fresh(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "fresh.habitus")
    yield project  # type: ignore[misc]
    project.close()


def quotes(project: Project, study: str) -> list[str]:
    study_id = next(s.id for s in project.studies.list() if s.name == study)
    return [display_quote(p.quote) for p in project.passages.list(study_id=study_id)]


def test_the_standards_example_as_atlas_ti_wrote_it(fresh: Project, tmp_path: Path) -> None:
    sample = shared_file("refi", "samples", "atlas8.4-standard-example.qdpx")
    with zipfile.ZipFile(sample) as source:
        qde = source.read("Project.qde")
    files: dict[str, bytes | str] = {"Project.qde": qde}
    expected: dict[str, str] = {}
    for guid, (path, selections) in atlas_sources(qde).items():
        normal = text_with(selections) if selections else f"Transcript {guid} to come."
        # ATLAS.ti writes CRLF and counts it as one character.
        files[f"Sources/{path.lower()}"] = normal.replace("\n", "\r\n").encode("utf-8")
        for start, end, name in selections:
            expected[name] = display_quote(normal[start:end])
    files[f"Sources/{PDF_GUID}.pdf"] = granola_pdf()
    files[f"Sources/{REPRESENTATION}.txt"] = granola_representation()
    path = archive(tmp_path / "atlas.qdpx", files)

    report = import_qdpx(fresh, path)

    assert report.studies_added == 7
    assert report.passages == 10
    assert report.factors_added == 14
    names = {s.name for s in fresh.studies.list()}
    assert "Mabêl 2ième" in names and "Pay de Limón con Base de Granola | Kellogg's ®" in names
    mabel = quotes(fresh, "Mabêl 2ième")
    assert mabel == [expected[n] for n in expected if n.startswith("For some reason")]
    assert mabel[0].startswith("For some reason babies aren't supposed to have cow's milk")
    assert quotes(fresh, "1994 Diet Coke-Diet Coke Break") == [
        "Oh, that was great. See you tomorrow? Eleven thirty. Mm."
    ]
    simon = quotes(fresh, "Simon")
    assert "I did try the gluten free bread, but it was always so soggy," in simon
    assert len(simon) == 3
    # A selection's description (ATLAS.ti's quotation comment) is the passage memo.
    memos = {text for target, _, text in fresh.memos.all() if target == "passage"}
    assert "Mabel is not the only person I know who has Coke for breakfast!" in memos
    # Codings reach the passages; pages counted from 0 reach the right page.
    mabel_study = next(s.id for s in fresh.studies.list() if s.name == "Mabel")
    (coded,) = fresh.passages.list(study_id=mabel_study)
    assert len(coded.code_ids) == 3
    recipe = next(s.id for s in fresh.studies.list() if s.name.startswith("Pay de"))
    by_quote = {display_quote(p.quote): p for p in fresh.passages.list(study_id=recipe)}
    assert by_quote["granola"].start_page == 0
    assert by_quote["favoritos. Dificultad: Media Tiempo: 2 horas 30 minutos"].kind == "text"
    ingredients = next(p for q, p in by_quote.items() if q.startswith("Porciones"))
    assert ingredients.start_page == 1
    (region,) = [p for p in by_quote.values() if p.kind == "region"]
    assert region.start_page == 0 and region.rect is not None
    assert [round(v) for v in region.rect] == [19, 166, 576, 327]
    # Document groups written as sets of sources become attributes.
    attributes = fresh.studies.attributes(mabel_study)
    assert attributes["gender"] == "female" and attributes["age"] == "25"
    assert "Text files" in attributes["Sets"]
    # A memo linked to a video quotation has nowhere else to go: the project memo.
    assert "This version is much better" in fresh.memos.get("project")
    missing = " ".join(report.not_imported())
    for what in ("1 picture sources", "2 video sources", "1 audio sources", "1 Graph elements"):
        assert what in missing
    assert "1 PDF sources missing from the archive" in missing


NVIVO = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Budgets" origin="NVivo 14.23 (Windows)">
  <CodeBook><Codes>
    <Code guid="{A1B2C3D4-0000-4000-8000-000000000001}" name="Education" isCodable="true"
          color="#FF0000FF"/>
    <Code guid="{A1B2C3D4-0000-4000-8000-000000000002}" name="Networks" isCodable="false">
      <Code guid="{A1B2C3D4-0000-4000-8000-000000000003}" name="Family" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{A1B2C3D4-0000-4000-8000-000000000010}" name="Age" typeOfVariable="Integer"/>
    <Variable guid="{A1B2C3D4-0000-4000-8000-000000000011}" name="Carer" typeOfVariable="Boolean"/>
  </Variables>
  <Cases>
    <Case guid="{A1B2C3D4-0000-4000-8000-000000000020}" name="Participant 7">
      <VariableValue><VariableRef targetGUID="{A1B2C3D4-0000-4000-8000-000000000010}"/>
        <IntegerValue>42</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{A1B2C3D4-0000-4000-8000-000000000011}"/>
        <BooleanValue>true</BooleanValue></VariableValue>
      <SourceRef targetGUID="{A1B2C3D4-0000-4000-8000-000000000030}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{A1B2C3D4-0000-4000-8000-000000000030}" name="Interview 7.docx"
                plainTextPath="internal://A1B2C3D4-0000-4000-8000-000000000030.txt">
      <PlainTextSelection guid="{A1B2C3D4-0000-4000-8000-000000000040}" name="degree"
                          startPosition="{start}" endPosition="{end}">
        <Coding guid="{A1B2C3D4-0000-4000-8000-000000000050}">
          <CodeRef targetGUID="{A1B2C3D4-0000-4000-8000-000000000001}"/>
        </Coding>
        <Coding guid="{A1B2C3D4-0000-4000-8000-000000000051}">
          <CodeRef targetGUID="{A1B2C3D4-0000-4000-8000-000000000003}"/>
        </Coding>
        <NoteRef targetGUID="{A1B2C3D4-0000-4000-8000-000000000060}"/>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="{A1B2C3D4-0000-4000-8000-000000000060}" name="Annotation">
      <PlainTextContent>Her sister has the degree, not her.</PlainTextContent>
    </Note>
  </Notes>
</Project>
"""


def test_nvivo_counts_utf16_units_and_writes_crlf_a_bom_and_its_own_names(
    fresh: Project, tmp_path: Path
) -> None:
    before = "Interviewer: Tell me 😀 about the plan.\r\nParticipant: My "
    phrase = "sister has a university degree"
    text = before + phrase + ", so she did the talking.\r\n"
    # NVivo counts UTF-16 code units: the emoji counts twice.
    start = len(before.encode("utf-16-le")) // 2
    end = start + len(phrase)
    qde = NVIVO.replace("{start}", str(start)).replace("{end}", str(end))
    path = archive(
        tmp_path / "nvivo.qdpx",
        {
            "Budgets.qde": qde,
            "Sources/A1B2C3D4-0000-4000-8000-000000000030.TXT": b"\xff\xfe"
            + text.encode("utf-16-le"),
        },
    )
    report = import_qdpx(fresh, path)
    assert report.problems == [] and report.passages == 1
    (passage,) = fresh.passages.list()
    assert display_quote(passage.quote) == phrase
    names = {fresh.codebook.get(c).name for c in passage.code_ids}
    assert names == {"Education", "Family"}
    family = fresh.codebook.find("Family")
    networks = fresh.codebook.find("Networks")
    assert family is not None and networks is not None and family.parent_id == networks.id
    education = fresh.codebook.find("Education")
    assert education is not None and education.colour == "#ff0000"
    assert fresh.memos.get("passage", passage.id) == "Her sister has the degree, not her."
    study = fresh.studies.list()[0]
    assert study.name == "Interview 7"
    assert fresh.studies.attributes(study.id) == {"Age": "42", "Carer": "true"}


def test_maxqda_selections_without_codings_keep_their_comment_whatever_the_namespace(
    fresh: Project, tmp_path: Path
) -> None:
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1:0" name="M" origin="MAXQDA 2022 (Release 22.0.1)">
  <Sources>
    <TextSource guid="11111111-2222-4333-8444-555555555555" name="Focus group">
      <PlainTextContent>We used it for respite. Nobody told us about appeals.</PlainTextContent>
      <PlainTextSelection guid="11111111-2222-4333-8444-666666666666"
                          startPosition="24" endPosition="53">
        <Description>Information gap</Description>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>"""
    report = import_qdpx(fresh, archive(tmp_path / "maxqda.qdpx", {"project.qde": qde}))
    assert report.passages == 1
    (passage,) = fresh.passages.list()
    assert display_quote(passage.quote) == "Nobody told us about appeals."
    assert passage.code_ids == ()
    assert fresh.memos.get("passage", passage.id) == "Information gap"


def test_qualcoder_measures_pdf_areas_from_the_top_left(fresh: Project, tmp_path: Path) -> None:
    pdf = granola_pdf()
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Q" origin="QualCoder 3.6">
  <CodeBook><Codes><Code guid="22222222-2222-4333-8444-555555555555" name="Food"
    isCodable="true" color="#00AA00"/></Codes></CodeBook>
  <Sources>
    <PDFSource guid="22222222-2222-4333-8444-000000000001" name="Recipe.pdf"
               path="internal://22222222-2222-4333-8444-000000000001.pdf">
      <PDFSelection guid="22222222-2222-4333-8444-000000000002" page="1"
                    firstX="100" firstY="100" secondX="300" secondY="200">
        <Coding guid="22222222-2222-4333-8444-000000000003">
          <CodeRef targetGUID="22222222-2222-4333-8444-555555555555"/></Coding>
      </PDFSelection>
      <PDFSelection guid="22222222-2222-4333-8444-000000000004" page="2"
                    firstX="30" firstY="90" secondX="500" secondY="170">
        <Representation guid="22222222-2222-4333-8444-000000000005">
          <PlainTextContent>Para la base:</PlainTextContent></Representation>
      </PDFSelection>
    </PDFSource>
  </Sources>
</Project>"""
    path = archive(
        tmp_path / "qualcoder.qdpx",
        {"project.qde": qde, "sources/22222222-2222-4333-8444-000000000001.pdf": pdf},
    )
    report = import_qdpx(fresh, path)
    assert report.passages == 2
    region, text = sorted(fresh.passages.list(), key=lambda p: p.kind)
    assert region.kind == "region" and region.rect == (100.0, 100.0, 300.0, 200.0)
    assert len(region.code_ids) == 1
    assert text.kind == "text" and text.start_page == 1 and text.quote == "Para la base:"


TRANSCRIPT_WORDS = (
    "the plan was cut after review and my self-managed budget went on respite "
    "because nobody said we could appeal it, so I rang the office again"
)


def transcript(rng: random.Random) -> str:
    words = str.split(TRANSCRIPT_WORDS)
    paragraphs = []
    for _ in range(60):
        count = rng.randint(0, 120)
        sentence = " ".join(rng.choice(words) for _ in range(count))
        # Transcripts carry tabs, doubled spaces and hyphens that break at a line end.
        sentence = sentence.replace(" it,", "\tit,").replace(" so ", "  so ")
        paragraphs.append(sentence.replace(" budget", " self- budget", 1))
    return "\r\n".join(p.rstrip("-") for p in paragraphs)


def test_a_long_transcript_is_typeset_and_every_selection_quotes_the_same_words(
    fresh: Project, tmp_path: Path
) -> None:
    rng = random.Random(7)
    text = transcript(rng)
    selections = []
    for number in range(120):
        start = rng.randrange(0, len(text) - 400)
        end = start + rng.randint(1, 600)
        selections.append((number, start, min(end, len(text))))
    body = "".join(
        f'<PlainTextSelection guid="33333333-2222-4333-8444-{n:012d}" '
        f'startPosition="{s}" endPosition="{e}"/>'
        for n, s, e in selections
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="T">
  <Sources><TextSource guid="33333333-2222-4333-8444-000000000000" name="Interview 3"
     plainTextPath="internal://33333333-2222-4333-8444-000000000000.txt">{body}</TextSource>
  </Sources>
</Project>"""
    path = archive(
        tmp_path / "transcript.qdpx",
        {"project.qde": qde, "sources/33333333-2222-4333-8444-000000000000.txt": text},
    )
    report = import_qdpx(fresh, path)
    study = fresh.studies.list()[0]
    assert study.page_count >= 4
    placed = {p.guid: p for p in fresh.passages.list()}
    blank = sum(1 for _, s, e in selections if not text[s:e].strip())
    assert report.passages == len(selections) - blank
    across = 0
    for number, start, end in selections:
        if not text[start:end].strip():
            continue
        passage = placed[f"33333333-2222-4333-8444-{number:012d}"]
        assert display_quote(passage.quote) == display_quote(text[start:end]), number
        assert passage.text_check == ""
        across += passage.start_page != passage.end_page
    assert across > 0


GREEK_NOTES = "She said: Ελπίδα means hope. Then we spoke of the plan."


def import_greek_notes(project: Project, tmp_path: Path) -> tuple[Passage, Passage]:
    """A text source with a Greek word, one selection over it and one over English."""
    text = GREEK_NOTES
    start = text.index("we spoke")
    qde = (
        """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="G">
  <Sources><TextSource guid="44444444-2222-4333-8444-000000000000" name="Notes">
    <PlainTextContent>TEXT</PlainTextContent>
    <PlainTextSelection guid="44444444-2222-4333-8444-000000000001" startPosition="10"
                        endPosition="28"/>
    <PlainTextSelection guid="44444444-2222-4333-8444-000000000002" startPosition="START"
                        endPosition="END"/>
  </TextSource></Sources>
</Project>""".replace("TEXT", text)
        .replace("START", str(start))
        .replace("END", str(start + 20))
    )
    import_qdpx(project, archive(tmp_path / "greek.qdpx", {"project.qde": qde}))
    greek, plain = project.passages.list()
    assert display_quote(plain.quote) == "we spoke of the plan"
    assert plain.text_check == ""
    return greek, plain


def test_characters_the_typeset_pdf_cannot_show_are_flagged_on_the_quote(
    fresh: Project, tmp_path: Path
) -> None:
    greek, _ = import_greek_notes(fresh, tmp_path)
    assert "6 characters of the source could not be typeset" in greek.text_check


def test_a_font_on_the_computer_shows_them_and_the_quote_is_the_source_s_words(
    fresh: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    font = make_font(tmp_path / "greek.ttf", PRINTABLE_ASCII + "Ελπίδα")
    monkeypatch.setenv("HABITUS_TEXT_FONT", str(font))
    greek, _ = import_greek_notes(fresh, tmp_path)
    assert display_quote(greek.quote) == "Ελπίδα means hope."
    assert greek.text_check == ""


def test_a_line_that_ends_in_a_hyphen_is_followed_and_flagged(
    fresh: Project, tmp_path: Path
) -> None:
    # A PDF reader takes a hyphen at the end of a line for hyphenation: it drops the line
    # break that follows, and everything after it on the page moves up by one.
    text = "It was all self-\r\nmanaging the budget, then\r\nthe appeal."
    start = text.index("managing")
    hyphen = text.index("self")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="H">
  <Sources><TextSource guid="66666666-2222-4333-8444-000000000000" name="Notes"
      plainTextPath="internal://notes.txt">
    <PlainTextSelection guid="66666666-2222-4333-8444-000000000001"
      startPosition="{start}" endPosition="{len(text)}"/>
    <PlainTextSelection guid="66666666-2222-4333-8444-000000000002"
      startPosition="{hyphen}" endPosition="{start + 8}"/>
  </TextSource></Sources>
</Project>"""
    files: dict[str, bytes | str] = {"project.qde": qde, "sources/notes.txt": text}
    import_qdpx(fresh, archive(tmp_path / "hyphen.qdpx", files))
    across, after = fresh.passages.list()
    assert display_quote(after.quote) == "managing the budget, then the appeal."
    assert after.text_check == ""
    assert "hyphen at a line end" in across.text_check
