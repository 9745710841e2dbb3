"""Search on normalised text that lands on the stored text, and autocoding."""

from __future__ import annotations

from app.core.project import Project
from app.core.textnorm import display_quote, find_spans, searchable


def test_ligatures_and_line_end_hyphens_are_found_on_the_real_text() -> None:
    text = "the ﬁnancial bur\u00ad\nden of self-\nmanagement"
    spans = find_spans(text, "financial burden")
    assert spans == [(4, 4 + len("ﬁnancial bur\u00ad\nden"))]
    assert text[spans[0][0] : spans[0][1]].startswith("ﬁnancial")


def test_case_is_ignored_only_when_asked() -> None:
    text = "Education matters; education pays."
    assert len(find_spans(text, "education")) == 1
    assert len(find_spans(text, "education", ignore_case=True)) == 2


def test_the_offset_map_covers_every_normalised_character() -> None:
    normal, offsets = searchable("a  ﬁ\nb", ignore_case=True)
    assert normal == "a fi b"
    assert len(offsets) == len(normal) + 1
    assert offsets[2] == offsets[3] == 3


def test_a_quote_reads_as_one_line_without_hyphenation() -> None:
    assert display_quote("inequal\u00ad\nity of\naccess ") == "inequality of access"


def test_autocode_codes_every_hit_once(imported: Project) -> None:
    code = imported.codebook.add("Degrees")
    made = imported.autocode("university degree", code.id, ignore_case=True)
    again = imported.autocode("university degree", code.id, ignore_case=True)
    assert len(made) == 1 and again == []
    assert made[0].quote == "university degree"
    hits = imported.search.find("column line", ignore_case=True)
    assert len(hits) == 16
