"""The normaliser's quick scan finds exactly what its full pattern finds, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.textnorm import _SPECIAL, OffsetMap, _normalise, _specials, searchable

# Characters that start, end or sit inside the normaliser's special runs, and plain ones.
PIECES = "ab _.- -\n\r\t\x0b\x1c\u00ad\u2010\u2011\u00a0\u2028\u3000\u201c\u2013\ufb01`é\u00df公"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=PIECES, max_size=40))
def test_the_quick_scan_finds_what_the_pattern_finds(text: str) -> None:
    assert [m.span() for m in _specials(text)] == [m.span() for m in _SPECIAL.finditer(text)]


def test_line_ends_fold_to_spaces_and_a_broken_word_is_joined() -> None:
    text = "a fierce\nadvocate \n for hard-\nto-reach fami\u00adlies"
    normal, offsets = searchable(text, ignore_case=True)
    # Hyphens that break a word (at a line end, or soft) become one marker a query's hyphen,
    # or nothing, matches.
    assert normal == "a fierce advocate for hard\x00to-reach fami\x00lies"
    assert len(offsets) == len(normal) + 1
    assert text[offsets[normal.index("advocate")] :].startswith("advocate")
    assert text[offsets[normal.index("to-reach")] :].startswith("to-reach")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=PIECES + "Aİﬃ", max_size=40), st.booleans())
def test_the_stretches_give_every_character_the_offset_the_full_map_gives(
    text: str, ignore_case: bool
) -> None:
    normal, offsets = searchable(text, ignore_case)
    stretches = OffsetMap()
    assert _normalise(text, ignore_case, None, stretches) == normal
    assert [stretches[i] for i in range(len(normal))] == offsets[:-1]
