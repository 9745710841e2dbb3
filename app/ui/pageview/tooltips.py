"""What hovering over a highlight tells: its factors, their themes, its memo."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from app.core.types import Code, Passage, Theme

_MEMO_CHARS = 400


def passage_tooltip(
    passages: Sequence[Passage],
    codes: Mapping[int, Code],
    themes_of: Callable[[int], Sequence[Theme]],
    memo_of: Callable[[int], str],
    page_of: Callable[[Passage], str] | None = None,
) -> str:
    """Rich text for one or more (overlapping) passages under the pointer: its factors and
    their themes, the page it is cited by, a text check if its quote has one, its memo."""
    blocks = []
    for passage in passages:
        lines = []
        for code_id in passage.code_ids:
            code = codes.get(code_id)
            if code is None:
                continue
            themes = ", ".join(escape(theme.name) for theme in themes_of(code_id))
            swatch = f'<span style="color:{code.colour}">&#9632;</span>'
            line = f"{swatch} <b>{escape(code.name)}</b>"
            if themes:
                line += f" <i>({themes})</i>"
            lines.append(line)
        if not lines:
            lines.append("<i>No factor yet</i>")
        if page_of is not None:
            lines.append(f"<span>p. {escape(page_of(passage))}</span>")
        if passage.text_check:
            lines.append(f"<span>&#9888; {escape(passage.text_check)}</span>")
        memo = memo_of(passage.id).strip()
        if memo:
            short = memo if len(memo) <= _MEMO_CHARS else memo[:_MEMO_CHARS] + "…"
            lines.append(f"<span>Memo: {escape(short)}</span>")
        blocks.append("<br>".join(lines))
    return "<hr>".join(blocks)
