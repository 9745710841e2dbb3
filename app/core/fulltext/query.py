"""The search language: words, "phrases", prefix*, AND, OR, NOT and parentheses.

    informal networks             both words on the page (AND is implied)
    "informal networks"           the phrase
    educat*                       words starting with "educat"
    income OR wealth              either
    advocate NOT paid             pages with "advocate" and without "paid"
    (parent OR mother) AND "university degree"

Operators are upper case, as in most search engines; "and", "or", "not" in lower case are
searched as words. Boolean operators combine at page level: a page is a match when its hits
satisfy the expression, and the hits shown are those of the terms that are not negated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.errors import CoreError


class QueryError(CoreError):
    """A query that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Term:
    text: str  # as typed, without quotes or the trailing *
    prefix: bool = False  # the last word may continue ("educat*")
    phrase: bool = False  # typed in quotes

    def __str__(self) -> str:
        star = "*" if self.prefix else ""
        return f'"{self.text}{star}"' if self.phrase else f"{self.text}{star}"


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Term | And | Or | Not

_TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)(?P<end>"?)|(?P<word>[^\s()"]+))'
)
_OPERATORS = {"AND", "OR", "NOT"}


def _tokens(query: str) -> list[tuple[str, str, int]]:
    """(kind, value, position) for each token: open, close, phrase, word, op."""
    out: list[tuple[str, str, int]] = []
    position = 0
    while True:
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            if query[position:].strip():
                raise QueryError(f"Cannot read the query at character {position + 1}.")
            return out
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        if match.group("open"):
            out.append(("open", "(", start))
        elif match.group("close"):
            out.append(("close", ")", start))
        elif match.group("phrase") is not None:
            if not match.group("end"):
                raise QueryError(f"The quote opened at character {start + 1} is never closed.")
            out.append(("phrase", match.group("phrase"), start))
        else:
            word = match.group("word")
            out.append(("op" if word in _OPERATORS else "word", word, start))
        position = match.end()


class _Parser:
    def __init__(self, query: str):
        self.tokens = _tokens(query)
        self.at = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            raise QueryError("Type something to search for.")
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            raise QueryError(f"Unexpected {token[1]!r} at character {token[2] + 1}.")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while (token := self.peek()) is not None and token[:2] == ("op", "OR"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.unary()]
        while (
            (token := self.peek()) is not None and token[0] != "close" and token[:2] != ("op", "OR")
        ):
            if token[:2] == ("op", "AND"):
                self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise QueryError("The query ends where a word was expected.")
        kind, value, position = token
        if kind == "op" and value == "NOT":
            self.take()
            return Not(self.unary())
        if kind == "op":
            raise QueryError(f"{value} at character {position + 1} needs a word before it.")
        if kind == "open":
            self.take()
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing[0] != "close":
                raise QueryError(f"The bracket opened at character {position + 1} is never closed.")
            self.take()
            return node
        if kind == "close":
            raise QueryError(f"Unexpected ')' at character {position + 1}.")
        self.take()
        return _term(value, phrase=kind == "phrase", position=position)


def _term(value: str, phrase: bool, position: int) -> Term:
    text = value.strip()
    prefix = text.endswith("*")
    if prefix:
        text = text.rstrip("*").rstrip()
    if not text:
        raise QueryError(f"Nothing to search for at character {position + 1}.")
    return Term(text, prefix=prefix, phrase=phrase)


def parse(query: str) -> Node:
    """The query as a tree; raises QueryError with a message a user can act on."""
    node = _Parser(query).parse()
    if not positive_terms(node):
        raise QueryError("A search needs at least one word that is not after NOT.")
    return node


def terms(node: Node) -> list[Term]:
    """Every term of the query, in order, each once."""
    found: dict[Term, None] = {}

    def walk(n: Node) -> None:
        if isinstance(n, Term):
            found.setdefault(n, None)
        elif isinstance(n, Not):
            walk(n.part)
        else:
            for part in n.parts:
                walk(part)

    walk(node)
    return list(found)


def positive_terms(node: Node) -> list[Term]:
    """The terms whose hits are shown: those not under an odd number of NOTs."""
    found: dict[Term, None] = {}

    def walk(n: Node, negated: bool) -> None:
        if isinstance(n, Term):
            if not negated:
                found.setdefault(n, None)
        elif isinstance(n, Not):
            walk(n.part, not negated)
        else:
            for part in n.parts:
                walk(part, negated)

    walk(node, False)
    return list(found)


def evaluate(node: Node, present: set[Term]) -> bool:
    """Whether a page whose hits are `present` satisfies the query."""
    if isinstance(node, Term):
        return node in present
    if isinstance(node, Not):
        return not evaluate(node.part, present)
    if isinstance(node, And):
        return all(evaluate(part, present) for part in node.parts)
    return any(evaluate(part, present) for part in node.parts)
