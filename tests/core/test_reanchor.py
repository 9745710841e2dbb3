"""Moving a passage's start, end or corners: the same passage (id, factors, memo), its quote
and boxes made again as for a new passage; undone exactly."""

from __future__ import annotations

import pytest

from app.core.errors import CoreError
from app.core.project import Project


def test_moving_the_end_rebuilds_quote_and_boxes_and_keeps_id_factors_and_memo(
    imported: Project,
) -> None:
    alpha = imported.studies.list()[0].id
    text = imported.studies.text(alpha, 0)
    start = text.index("Household")
    first_end = text.index(" decided")
    code = imported.codebook.list()[0]
    passage = imported.passages.add_text(alpha, 0, start, 0, first_end, (code.id,))
    imported.memos.set("passage", passage.id, "Income decides who tops up.")
    new_end = text.index(" top up") + len(" top up")

    before = imported.passages.reanchor_text(passage.id, 0, start, 0, new_end)

    moved = imported.passages.get(passage.id)
    assert (moved.id, moved.guid, moved.code_ids) == (passage.id, passage.guid, (code.id,))
    assert moved.quote == "Household income decided who could top up"
    assert (moved.start_offset, moved.end_offset) == (start, new_end)
    assert imported.memos.get("passage", passage.id) == "Income decides who tops up."
    fresh = imported.passages.add_text(alpha, 0, start, 0, new_end)
    assert (moved.quote, moved.boxes) == (fresh.quote, fresh.boxes)
    assert len(moved.boxes) >= 1 and moved.boxes != passage.boxes

    imported.passages.restore_anchor(passage.id, before)
    back = imported.passages.get(passage.id)
    assert back == passage


def test_a_region_moves_its_corners_and_reads_what_is_inside_again(imported: Project) -> None:
    alpha = imported.studies.list()[0].id
    region = imported.passages.add_region(alpha, 0, (60, 60, 200, 90))
    before = imported.passages.resize_region(region.id, (60, 60, 400, 130))
    grown = imported.passages.get(region.id)
    assert grown.rect == (60, 60, 400, 130)
    assert len(grown.quote) > len(region.quote)
    imported.passages.restore_anchor(region.id, before)
    assert imported.passages.get(region.id) == region


def test_moving_is_refused_for_the_wrong_kind_or_an_empty_span(imported: Project) -> None:
    alpha = imported.studies.list()[0].id
    text_passage = imported.passages.add_text(alpha, 0, 0, 0, 7)
    region = imported.passages.add_region(alpha, 0, (60, 60, 200, 90))
    with pytest.raises(CoreError):
        imported.passages.resize_region(text_passage.id, (0, 0, 50, 50))
    with pytest.raises(CoreError):
        imported.passages.reanchor_text(region.id, 0, 0, 0, 5)
    with pytest.raises(CoreError):
        imported.passages.reanchor_text(text_passage.id, 0, 7, 0, 7)
    assert imported.passages.get(text_passage.id) == text_passage
