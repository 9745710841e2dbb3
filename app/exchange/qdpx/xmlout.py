"""A small streaming XML writer: tens of thousands of selections without building a tree."""

from __future__ import annotations

import json
import re

# Characters XML 1.0 cannot carry at all, escaped or not.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


# Anything an attribute value cannot hold as it is: most (guids, dates, numbers) need no work.
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


class XmlOut:
    def __init__(self) -> None:
        self.parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        self._depth = 0

    def _attrs(self, attrs: dict[str, str | int | None]) -> str:
        # A plain loop with no helper call: an export calls this for every element it writes.
        out = []
        for key, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, int) or _ATTR_SPECIAL.search(value) is None:
                out.append(f' {key}="{value}"')
            else:
                out.append(f' {key}="{clean(value).translate(_ATTR_ESCAPES)}"')
        return "".join(out)

    def open(self, tag: str, attrs: dict[str, str | int | None] | None = None) -> None:
        self.parts.append(f"{'  ' * self._depth}<{tag}{self._attrs(attrs or {})}>\n")
        self._depth += 1

    def close(self, tag: str) -> None:
        self._depth -= 1
        self.parts.append(f"{'  ' * self._depth}</{tag}>\n")

    def empty(self, tag: str, attrs: dict[str, str | int | None] | None = None) -> None:
        self.parts.append(f"{'  ' * self._depth}<{tag}{self._attrs(attrs or {})}/>\n")

    def text(self, tag: str, text: str) -> None:
        body = text if _TEXT_SPECIAL.search(text) is None else clean(text).translate(_TEXT_ESCAPES)
        self.parts.append(f"{'  ' * self._depth}<{tag}>{body}</{tag}>\n")

    def pi(self, target: str, data: dict[str, object]) -> None:
        """A processing instruction holding JSON; "?>" can never occur inside it."""
        body = json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace(">", "\\u003e")
        self.parts.append(f"{'  ' * self._depth}<?{target} {body}?>\n")

    def encode(self) -> bytes:
        return "".join(self.parts).encode("utf-8")
