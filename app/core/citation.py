"""How a study is cited everywhere: "Hall (2021)", "Hall & Ortiz (2021)", "Hall et al. (2021)".

Two studies that would read the same get a, b... after the year, in the order of their
titles, as author-date styles do: "Hall et al. (2021a)" and "Hall et al. (2021b)".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NO_DATE = "n.d."


def family_name(author: str) -> str:
    """The family name of an author written "Family, Given" or "Given Family"."""
    author = " ".join(author.split())
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = author.split(" ")
    return parts[-1] if parts else ""


def _names(authors: Sequence[str]) -> str:
    families = [name for name in (family_name(a) for a in authors) if name]
    if not families:
        return ""
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} & {families[1]}"
    return f"{families[0]} et al."


def citation(authors: Sequence[str], year: int | None, suffix: str = "") -> str:
    """The citation of one study; empty when it has no authors (then its name stands in)."""
    names = _names(authors)
    if not names:
        return ""
    when = str(year) if year is not None else NO_DATE
    if suffix:
        when = f"{when}-{suffix}" if year is None else f"{when}{suffix}"
    return f"{names} ({when})"


@dataclass(frozen=True)
class Citable:
    id: int
    authors: tuple[str, ...]
    year: int | None
    title: str = ""


def _suffix(number: int) -> str:
    """a, b, ... z, aa, ab...: enough for any review."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def citations(studies: Iterable[Citable]) -> dict[int, str]:
    """Every study's citation, with a, b... where two or more would read the same."""
    by_text: dict[str, list[Citable]] = {}
    for study in studies:
        by_text.setdefault(citation(study.authors, study.year), []).append(study)
    result: dict[int, str] = {}
    for text, group in by_text.items():
        if not text or len(group) == 1:
            for study in group:
                result[study.id] = text
            continue
        ordered = sorted(group, key=lambda s: (s.title.casefold(), s.id))
        for number, study in enumerate(ordered):
            result[study.id] = citation(study.authors, study.year, _suffix(number))
    return result
