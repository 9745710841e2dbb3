"""Sentences and paragraphs of a page's text, as keyboard movement steps through them."""

from __future__ import annotations

from app.core.reading_units import paragraphs, runs_on, sentences
from app.core.types import Word


def texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_sentences_end_at_stops_but_not_at_abbreviations_or_initials() -> None:
    text = (
        'As Hall et al. (2021) found, e.g. in Fig. 2, A. Hall said: "Yes." Then 3 more '
        "parents\ntook part. Why? Because budgets mattered… The end"
    )
    assert texts(text, sentences(text)) == [
        'As Hall et al. (2021) found, e.g. in Fig. 2, A. Hall said: "Yes."',
        "Then 3 more parents\ntook part.",
        "Why?",
        "Because budgets mattered…",
        "The end",
    ]


def test_running_heads_are_never_part_of_a_sentence() -> None:
    text = "ER 29,2 164 The links between\nservices. Families chose."
    head = (0, text.index("The"))
    found = texts(text, sentences(text, [head]))
    assert found == ["The links between\nservices.", "Families chose."]


def lines_of(text: str, layout: list[tuple[float, float, float]]) -> list[Word]:
    """Word boxes for each line of `text`: (left, top, right) per line, 10 points high."""
    words, start = [], 0
    for line, (left, top, right) in zip(text.split("\n"), layout, strict=True):
        words.append(Word(start, start + len(line), left, top, right, top + 10))
        start += len(line) + 1
    return words


def test_paragraphs_break_at_gaps_indents_and_short_last_lines() -> None:
    text = "\n".join(
        [
            "Methods were chosen with care and the",  # 0
            "sample was small.",  # 1: short, ends a sentence: the paragraph ends
            "Results came in slowly over the whole",  # 2
            "year and then all at",  # 3
            "once at the end of it.",  # 4 ends the second paragraph (gap below)
            "Discussion follows here and the",  # 5 after a wide gap
            "limits are named.",  # 6
        ]
    )
    layout = [
        (72, 100, 500),
        (72, 112, 200),
        (72, 124, 500),
        (72, 136, 498),
        (72, 148, 500),
        (72, 180, 500),
        (72, 192, 300),
    ]
    found = texts(text, paragraphs(text, lines_of(text, layout)))
    assert found == [
        "Methods were chosen with care and the\nsample was small.",
        "Results came in slowly over the whole\nyear and then all at\nonce at the end of it.",
        "Discussion follows here and the\nlimits are named.",
    ]


def test_without_word_boxes_an_empty_line_breaks_paragraphs() -> None:
    text = "First paragraph line.\nStill first.\n\nSecond one."
    assert texts(text, paragraphs(text)) == ["First paragraph line.\nStill first.", "Second one."]


def test_a_sentence_without_its_stop_runs_on() -> None:
    text = "Parents planned. The budget was\nhard (they said)."
    first, second = sentences(text)
    assert not runs_on(text, first)
    assert not runs_on(text, second)
    assert runs_on("Families told us the budget was", (0, 31))
    assert not runs_on("She asked “why?”", (0, 16))
