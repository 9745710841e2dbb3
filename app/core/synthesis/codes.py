"""Factor trees as the synthesis views read them: a factor with its sub-factors."""

from __future__ import annotations

from collections.abc import Iterable

from app.core.types import Code


def descendants(codes: Iterable[Code]) -> dict[int, set[int]]:
    """Each factor's id mapped to itself and every factor below it."""
    codes = list(codes)
    children: dict[int | None, list[int]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code.id)
    out: dict[int, set[int]] = {}
    for code in codes:
        found: set[int] = set()
        stack = [code.id]
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(children.get(current, []))
        out[code.id] = found
    return out


def expand(code_ids: Iterable[int], tree: dict[int, set[int]], subfactors: bool) -> set[int]:
    """The factors a filter on `code_ids` stands for."""
    out: set[int] = set()
    for code_id in code_ids:
        out |= tree.get(code_id, {code_id}) if subfactors else {code_id}
    return out
