"""Typed values of user-defined attributes: checked on the way in, stored as canonical text.

A number is stored as Python writes it ("24", "3.5"), a date as YYYY-MM-DD, a choice as the
choice's own spelling; an empty value means "not set".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from app.core.errors import CoreError


def canonical(kind: str, name: str, value: str, choices: Sequence[str] = ()) -> str:
    """The stored form of `value` for an attribute of this kind; CoreError when it does not fit."""
    text = value.strip()
    if not text:
        return ""
    if kind == "text":
        return text
    if kind == "number":
        try:
            number = float(text.replace("\u2212", "-"))
        except ValueError:
            raise CoreError(f"{name} takes a number, not {text!r}.") from None
        if not math.isfinite(number):
            raise CoreError(f"{name} takes a finite number, not {text!r}.")
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise CoreError(f"{name} takes a date written YYYY-MM-DD, not {text!r}.") from None
    if kind == "choice":
        for choice in choices:
            if choice.casefold() == text.casefold():
                return choice
        offered = ", ".join(choices) or "none defined yet"
        raise CoreError(f"{name} is one of: {offered}; not {text!r}.")
    raise CoreError(f"Unknown attribute type {kind!r}.")


def sort_key(kind: str, value: str) -> tuple[int, float, str]:
    """Orders values the way their type reads: numbers by size, unset last."""
    if not value:
        return (1, 0.0, "")
    if kind == "number":
        try:
            return (0, float(value), "")
        except ValueError:
            pass
    return (0, 0.0, value.casefold())
