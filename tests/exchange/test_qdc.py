"""REFI-QDA codebook (.qdc) export and import."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO, Any

import pytest

from app.core.types import CodebookCode, CodebookData, CodebookTheme
from app.exchange.errors import CodebookError
from app.exchange.qdc import FRAMEWORK_PI, NAMESPACE, normalise_colour, read_qdc, write_qdc
from tests.refi import CODEBOOK_XSD, assert_valid, schema_errors

NS = {"c": NAMESPACE}

ECON_GUID = "0b1f2d8e-8f4c-4d57-9a39-1d1c3c1b8a01"
CULT_GUID = "5a0e6f6b-2c1e-4f0e-8d6a-3f5b9b7e2c02"
EDU_GUID = "7c108712-b650-4892-ac0b-fc9a10190c3b"
BOOKS_GUID = "12365523-1035-4afa-9e7b-281fe0bc51c5"


def bourdieu() -> CodebookData:
    return CodebookData(
        framework_name="Bourdieu's capitals",
        themes=[
            CodebookTheme("Economic capital", "Money and property", guid=ECON_GUID),
            CodebookTheme("Cultural capital", "Dispositions, goods, credentials", guid=CULT_GUID),
            CodebookTheme("Social capital"),
            CodebookTheme("Symbolic capital", "Prestige & recognition <as seen by others>"),
        ],
        codes=[
            CodebookCode(
                "Parental education",
                definition="Highest degree held by either parent.\nCount the higher one.",
                colour="#f2c14e",
                guid=EDU_GUID,
                themes=["Cultural capital"],
                children=[
                    CodebookCode(
                        "Books at home",
                        "More than a shelf of books",
                        "#3366cc",
                        guid=BOOKS_GUID,
                        themes=["Cultural capital"],
                    ),
                    CodebookCode("Museum visits", themes=["Cultural capital"]),
                ],
            ),
            CodebookCode(
                "Paid tutoring",
                definition="Private lessons bought for the child",
                colour="#aa0000",
                # A factor under two themes at once: bought with money, yields credentials.
                themes=["Economic capital", "Cultural capital"],
            ),
            CodebookCode("Family network", themes=["Social capital"]),
            CodebookCode("Unthemed factor", definition='Quotes "and" ampersands & <tags>'),
        ],
    )


def validate(path: Path) -> None:
    """Valid for both validators; the schemas travel with the tests, so this always runs."""
    assert_valid(path, CODEBOOK_XSD)


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def flatten(codes: list[CodebookCode]) -> dict[str, CodebookCode]:
    out: dict[str, CodebookCode] = {}
    for code in codes:
        out[code.name] = code
        out.update(flatten(code.children))
    return out


# --- writing ----------------------------------------------------------------------------------


def test_written_codebook_validates_with_xmlschema_and_lxml(tmp_path: Path) -> None:
    path = tmp_path / "bourdieu.qdc"
    write_qdc(bourdieu(), path)
    validate(path)


def test_each_validator_catches_a_child_order_mistake(tmp_path: Path) -> None:
    # Proves validate() can fail, through either validator: Description after a child Code.
    path = tmp_path / "bad.qdc"
    path.write_text(
        f"""<CodeBook xmlns="{NAMESPACE}"><Codes>
        <Code guid="{EDU_GUID}" name="A" isCodable="true">
          <Code guid="{BOOKS_GUID}" name="B" isCodable="true"/>
          <Description>too late</Description>
        </Code></Codes></CodeBook>""",
        encoding="utf-8",
    )
    xmlschema_error, lxml_error = schema_errors(path)
    assert xmlschema_error is not None and "Description" in xmlschema_error
    assert lxml_error is not None and "Description" in lxml_error


def test_codebook_without_themes_has_no_sets_and_validates(tmp_path: Path) -> None:
    path = tmp_path / "plain.qdc"
    write_qdc(CodebookData(codes=[CodebookCode("Only factor")]), path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{NAMESPACE}}}CodeBook"
    assert root.find("c:Sets", NS) is None
    assert [c.get("name") for c in root.iterfind("c:Codes/c:Code", NS)] == ["Only factor"]
    validate(path)


def test_written_structure_follows_the_schema_order(tmp_path: Path) -> None:
    path = tmp_path / "bourdieu.qdc"
    write_qdc(bourdieu(), path, origin="Habitus 0.1.0")
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.parse(path).getroot()
    assert root.get("origin") == "Habitus 0.1.0"
    assert [local(child.tag) for child in root] == ["Codes", "Sets"]

    edu = root.find("c:Codes/c:Code", NS)
    assert edu is not None
    assert edu.attrib == {
        "guid": EDU_GUID,
        "name": "Parental education",
        "isCodable": "true",
        "color": "#F2C14E",
    }
    assert [local(child.tag) for child in edu] == ["Description", "Code", "Code"]

    sets = {s.get("name"): s for s in root.iterfind("c:Sets/c:Set", NS)}
    assert list(sets) == [
        "Economic capital",
        "Cultural capital",
        "Social capital",
        "Symbolic capital",
    ]
    assert sets["Economic capital"].get("guid") == ECON_GUID
    cultural = [m.get("guid") for m in sets["Cultural capital"].iterfind("c:MemberCode", NS)]
    assert len(cultural) == 4 and EDU_GUID in cultural and BOOKS_GUID in cultural
    assert sets["Symbolic capital"].find("c:MemberCode", NS) is None


def test_missing_guids_get_distinct_uuid4s_that_sets_refer_to(tmp_path: Path) -> None:
    data = bourdieu()
    data.codes[0].children[0].guid = "not-a-guid"
    data.codes[1].guid = EDU_GUID  # a repeat of the first factor's guid
    path = tmp_path / "guids.qdc"
    write_qdc(data, path)
    root = ET.parse(path).getroot()
    guids = {c.get("name"): c.get("guid") for c in root.iter(f"{{{NAMESPACE}}}Code")}
    assert guids["Parental education"] == EDU_GUID
    assert len(set(guids.values())) == len(guids) == 6
    for name in ("Books at home", "Paid tutoring", "Museum visits", "Family network"):
        assert uuid.UUID(str(guids[name])).version == 4
    economic = root.find("c:Sets/c:Set[@name='Economic capital']/c:MemberCode", NS)
    assert economic is not None and economic.get("guid") == guids["Paid tutoring"]
    # The caller's data is left as it was.
    assert data.codes[1].guid == EDU_GUID
    assert data.codes[2].guid is None


def test_theme_named_by_a_factor_but_missing_from_the_list_still_gets_a_set(
    tmp_path: Path,
) -> None:
    data = CodebookData(
        codes=[CodebookCode("Inheritance", themes=["Economic capital"])],
        themes=[CodebookTheme("Social capital")],
    )
    path = tmp_path / "extra.qdc"
    write_qdc(data, path)
    back = read_qdc(path)
    assert [t.name for t in back.themes] == ["Social capital", "Economic capital"]
    assert back.codes[0].themes == ["Economic capital"]
    validate(path)


def test_colours_are_written_as_rrggbb_and_bad_ones_left_out(tmp_path: Path) -> None:
    data = CodebookData(
        codes=[CodebookCode("Short", colour="#a0c"), CodebookCode("Wrong", colour="blue")]
    )
    path = tmp_path / "colours.qdc"
    write_qdc(data, path)
    colours = {c.get("name"): c.get("color") for c in ET.parse(path).getroot().iter()}
    assert colours["Short"] == "#AA00CC"
    assert colours["Wrong"] is None
    validate(path)


def test_empty_codebook_is_refused_because_the_schema_needs_a_code(tmp_path: Path) -> None:
    path = tmp_path / "empty.qdc"
    with pytest.raises(CodebookError, match="at least one factor"):
        write_qdc(CodebookData(themes=[CodebookTheme("Economic capital")]), path)
    assert not path.exists()


def test_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.qdc"
    path.write_text("previous export", encoding="utf-8")

    real_write = ET.ElementTree.write

    def half_write(self: ET.ElementTree, file: IO[bytes], *args: Any, **kwargs: Any) -> None:
        root = self.getroot()
        if root is None or root.tag != "CodeBook":
            real_write(self, file, *args, **kwargs)
            return
        file.write(b"<CodeBook><Codes><Co")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ET.ElementTree, "write", half_write)
    with pytest.raises(CodebookError, match=r"book\.qdc could not be written: No space left"):
        write_qdc(bourdieu(), path)
    assert path.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.qdc"]


def test_unwritable_folder_is_a_codebook_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="could not be written"):
        write_qdc(bourdieu(), tmp_path / "no such folder" / "book.qdc")


def test_characters_xml_cannot_carry_are_dropped_not_written(tmp_path: Path) -> None:
    data = CodebookData(codes=[CodebookCode("Bell\x07 and nul\x00", definition="tab\there")])
    path = tmp_path / "odd.qdc"
    write_qdc(data, path)
    back = read_qdc(path)
    assert back.codes[0].name == "Bell and nul"
    assert back.codes[0].definition == "tab\there"


# --- round trip -------------------------------------------------------------------------------


def test_round_trip_keeps_everything_a_codebook_carries(tmp_path: Path) -> None:
    original = bourdieu()
    path = tmp_path / "exported under another name.qdc"
    write_qdc(original, path)
    back = read_qdc(path)

    assert back.problems == []
    assert back.framework_name == "Bourdieu's capitals"
    assert [(t.name, t.description) for t in back.themes] == [
        (t.name, t.description) for t in original.themes
    ]
    assert back.themes[0].guid == ECON_GUID and back.themes[1].guid == CULT_GUID
    assert all(t.guid for t in back.themes)

    assert [c.name for c in back.codes] == [c.name for c in original.codes]
    edu = back.codes[0]
    assert [c.name for c in edu.children] == ["Books at home", "Museum visits"]
    assert (edu.guid, edu.colour, edu.definition) == (
        EDU_GUID,
        "#f2c14e",
        "Highest degree held by either parent.\nCount the higher one.",
    )
    books = edu.children[0]
    assert (books.guid, books.colour, books.definition) == (
        BOOKS_GUID,
        "#3366cc",
        "More than a shelf of books",
    )
    tutoring = back.codes[1]
    assert tutoring.themes == ["Economic capital", "Cultural capital"]
    assert tutoring.colour == "#aa0000"
    assert back.codes[3].definition == 'Quotes "and" ampersands & <tags>'
    assert back.codes[3].themes == []
    assert back.themes[3].description == "Prestige & recognition <as seen by others>"

    # A second pass changes nothing: the guids generated on the first write now stick.
    again = tmp_path / "again.qdc"
    write_qdc(back, again)
    assert read_qdc(again).codes == back.codes


def test_framework_name_falls_back_to_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "Capitals v2.qdc"
    write_qdc(CodebookData(codes=[CodebookCode("A")]), path)
    assert f"<?{FRAMEWORK_PI}" not in path.read_text(encoding="utf-8")
    assert read_qdc(path).framework_name == "Capitals v2"


def test_framework_name_cannot_break_out_of_its_processing_instruction(tmp_path: Path) -> None:
    path = tmp_path / "pi.qdc"
    data = CodebookData(codes=[CodebookCode("A")], framework_name="Odd ?><CodeBook/> name")
    write_qdc(data, path)
    validate(path)
    back = read_qdc(path)
    assert [c.name for c in back.codes] == ["A"]
    assert back.framework_name.startswith("Odd ?")


# --- reading files from elsewhere -------------------------------------------------------------

FOREIGN = """<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<!-- written by hand, the way other tools do -->
<CodeBook xmlns="{ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:x="urn:example:vendor" origin="OtherQDA 9" x:exportedBy="someone"
    xsi:schemaLocation="{ns} Codebook.xsd">
  <Codes>
    <Code guid="{{5215CC69-B628-4E02-AFB9-9BEEAEE55808}}" name="Topics" isCodable="false">
      <Code guid="D7AA29DA-519B-4946-9B90-253B6DB8FD0A" name=" Economy " isCodable="true"
          color="#ff0" x:weight="3">
        <Description>Anything about jobs or taxes</Description>
        <x:Extra>ignored</x:Extra>
      </Code>
      <Code guid="0dcef2f5-e55c-49da-8c33-9b0803c7aeb4" name="Health care" isCodable="true"
          color="green">
        <Description>Doctors, patients</Description>
      </Code>
    </Code>
    <Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Values" isCodable="true"
        color="#12345678"/>
    <Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Twin" isCodable="true"/>
    <Code guid="a" name="" isCodable="true">
      <Code guid="3dd1a2a6-3aef-4a4c-9138-718e9ce2386d" name="Orphan" isCodable="true"/>
    </Code>
    <NoteRef targetGUID="3dd1a2a6-3aef-4a4c-9138-718e9ce2386d"/>
  </Codes>
  <Sets>
    <Set guid="2324b638-d629-4970-b2e8-8b5bfd0a8d6b" name="Public policy" x:hidden="no">
      <Description>Policy themes</Description>
      <MemberCode guid="d7aa29da-519b-4946-9b90-253b6db8fd0a"/>
      <MemberCode targetGUID="0DCEF2F5-E55C-49DA-8C33-9B0803C7AEB4"/>
      <MemberCode guid="ffffffff-0000-4000-8000-000000000000"/>
      <MemberSource guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520"/>
    </Set>
    <Set guid="c8d93ad3-1913-45d4-b2f5-f6681d19ccad" name="Economics">
      <MemberCode guid="{{D7AA29DA-519B-4946-9B90-253B6DB8FD0A}}"/>
    </Set>
  </Sets>
  <x:VendorBlock><x:Anything/></x:VendorBlock>
</CodeBook>
"""


@pytest.mark.parametrize(
    "namespace",
    ["urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:0:4", ""],
)
def test_foreign_codebook_reads_with_problems_listed(tmp_path: Path, namespace: str) -> None:
    path = tmp_path / "from elsewhere.qdc"
    text = FOREIGN.format(ns=namespace)
    if not namespace:
        text = text.replace(' xmlns=""', "")
    path.write_text(text, encoding="utf-8")
    data = read_qdc(path)

    assert data.framework_name == "from elsewhere"
    assert [c.name for c in data.codes] == ["Topics", "Values", "Twin", "Orphan"]
    topics = data.codes[0]
    assert topics.guid == "5215cc69-b628-4e02-afb9-9beeaee55808"
    economy, health = topics.children
    assert (economy.name, economy.definition, economy.colour) == (
        "Economy",
        "Anything about jobs or taxes",
        "#ffff00",
    )
    assert economy.guid == "d7aa29da-519b-4946-9b90-253b6db8fd0a"
    assert economy.themes == ["Public policy", "Economics"]
    assert health.colour is None
    assert health.themes == ["Public policy"]
    assert data.codes[1].colour == "#123456"
    assert data.codes[2].guid is None  # a repeated guid is dropped so a new one is made

    assert [(t.name, t.description, t.guid) for t in data.themes] == [
        ("Public policy", "Policy themes", "2324b638-d629-4970-b2e8-8b5bfd0a8d6b"),
        ("Economics", "", "c8d93ad3-1913-45d4-b2f5-f6681d19ccad"),
    ]
    assert data.problems == [
        "code 'Health care': colour 'green' is not #RRGGBB; "
        "the factor was imported without a colour",
        "code 'Twin': guid 9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520 is used twice in the file; "
        "it was imported with a new guid",
        "a code with no name (guid a) was skipped; its 1 sub-codes were moved up a level",
        "theme 'Public policy': member code ffffffff-0000-4000-8000-000000000000 matches no "
        "factor in the file; the link was skipped",
    ]


def test_foreign_codebook_survives_a_round_trip_into_a_valid_file(tmp_path: Path) -> None:
    source = tmp_path / "in.qdc"
    source.write_text(FOREIGN.format(ns="urn:QDA-XML:codebook:1:0"), encoding="utf-8")
    out = tmp_path / "out.qdc"
    write_qdc(read_qdc(source), out)
    validate(out)
    back = read_qdc(out)
    assert back.problems == []
    assert flatten(back.codes)["Economy"].themes == ["Public policy", "Economics"]


def test_bad_guids_still_link_members_and_get_replaced(tmp_path: Path) -> None:
    path = tmp_path / "guids.qdc"
    path.write_text(
        f"""<CodeBook xmlns="{NAMESPACE}"><Codes>
        <Code guid="code-1" name="Loose guid" isCodable="true"/></Codes>
        <Sets><Set guid="set-1" name="Theme"><MemberCode guid="CODE-1"/></Set></Sets>
        </CodeBook>""",
        encoding="utf-8",
    )
    data = read_qdc(path)
    assert data.codes[0].guid is None
    assert data.codes[0].themes == ["Theme"]
    assert data.themes[0].guid is None
    assert data.problems == [
        "code 'Loose guid': guid 'code-1' is not a UUID; it was imported with a new guid",
        "theme 'Theme': guid 'set-1' is not a UUID; it was imported with a new guid",
    ]


def test_atlas_style_codebook_with_utf8_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "atlas.qdc"
    body = (
        f'<?xml version="1.0" encoding="utf-8"?>\r\n<CodeBook xmlns="{NAMESPACE}">\r\n'
        '<Codes><Code guid="D299EFAE-5779-46DC-9827-A3D1A5D544BC" name="Coke::diet Coke" '
        'isCodable="true"><Description>non sucré\r\nligne 2</Description></Code></Codes>'
        "</CodeBook>\r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    data = read_qdc(path)
    assert data.codes[0].name == "Coke::diet Coke"
    assert data.codes[0].definition == "non sucré\nligne 2"
    assert data.themes == [] and data.problems == []


# --- refusing what is not a codebook ----------------------------------------------------------


def test_malformed_xml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.qdc"
    path.write_text(
        f'<?xml version="1.0"?>\n<CodeBook xmlns="{NAMESPACE}">\n<Codes>\n'
        '<Code name="A" guid="x" isCodable="true">\n</Codes>\n</CodeBook>\n',
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as caught:
        read_qdc(path)
    assert str(caught.value) == (
        "broken.qdc is not well-formed XML: mismatched tag at line 5, column 3."
    )
    assert caught.value.line == 5
    assert caught.value.path == path


def test_empty_file_is_a_codebook_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.qdc"
    path.write_bytes(b"")
    with pytest.raises(CodebookError, match=r"^empty\.qdc is not well-formed XML: .* line 1"):
        read_qdc(path)


def test_missing_file_is_a_codebook_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"^gone\.qdc could not be opened"):
        read_qdc(tmp_path / "gone.qdc")


@pytest.mark.parametrize(
    ("root", "extra"),
    [("Project", "import the .qdpx instead"), ("Codes", "")],
)
def test_a_root_other_than_codebook_is_refused(tmp_path: Path, root: str, extra: str) -> None:
    path = tmp_path / "other.qdc"
    path.write_text(f'<{root} xmlns="urn:QDA-XML:project:1.0"/>', encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        read_qdc(path)
    message = str(caught.value)
    assert message.startswith(
        f"other.qdc is not a REFI-QDA codebook: its root element is <{root}>, not <CodeBook>."
    )
    assert extra in message


def test_codebook_without_codes_reads_empty_with_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "bare.qdc"
    path.write_text(f'<CodeBook xmlns="{NAMESPACE}"/>', encoding="utf-8")
    data = read_qdc(path)
    assert data.codes == []
    assert data.problems == ["the file has no <Codes> element; no factors were imported"]


def test_billion_laughs_is_refused_not_expanded(tmp_path: Path) -> None:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE CodeBook [", '  <!ENTITY lol0 "lol">']
    for i in range(1, 10):
        refs = f"&lol{i - 1};" * 10
        lines.append(f'  <!ENTITY lol{i} "{refs}">')
    lines += [
        "]>",
        f'<CodeBook xmlns="{NAMESPACE}"><Codes>',
        '<Code guid="7c108712-b650-4892-ac0b-fc9a10190c3b" name="&lol9;" isCodable="true"/>',
        "</Codes></CodeBook>",
    ]
    path = tmp_path / "bomb.qdc"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"^bomb\.qdc was refused: it declares XML entities"):
        read_qdc(path)


def test_external_entity_cannot_read_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path = tmp_path / "xxe.qdc"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
        f'<CodeBook xmlns="{NAMESPACE}"><Codes>'
        '<Code guid="7c108712-b650-4892-ac0b-fc9a10190c3b" name="&s;" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match="refused") as caught:
        read_qdc(path)
    assert "TOP SECRET" not in str(caught.value)


# --- colours ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("#ABC", "#aabbcc"),
        (" #A1b2C3 ", "#a1b2c3"),
        ("#12345", None),
        ("A1B2C3", None),
        ("#GGGGGG", None),
        ("", None),
    ],
)
def test_normalise_colour(raw: str, expected: str | None) -> None:
    assert normalise_colour(raw) == expected
