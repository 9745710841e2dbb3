"""Find in the document: every hit of a phrase, and which one is current."""

from __future__ import annotations

from app.core.types import Hit


class FindState:
    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.current = -1
        self._by_page: dict[int, list[int]] = {}

    def set(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.current = -1
        self._by_page = {}
        for number, hit in enumerate(hits):
            for page in range(hit.page, hit.last_page + 1):
                self._by_page.setdefault(page, []).append(number)

    def clear(self) -> None:
        self.set([])

    def step(self, forward: bool, from_page: int = 0) -> Hit | None:
        """Move to the next (or previous) hit, wrapping; the first move starts at a page."""
        if not self.hits:
            return None
        if self.current < 0:
            after = [n for n, hit in enumerate(self.hits) if hit.page >= from_page]
            if forward:
                self.current = after[0] if after else 0
            else:
                before = [n for n, hit in enumerate(self.hits) if hit.page < from_page]
                self.current = before[-1] if before else len(self.hits) - 1
        else:
            self.current = (self.current + (1 if forward else -1)) % len(self.hits)
        return self.hits[self.current]

    def on_page(self, page: int) -> list[tuple[Hit, bool]]:
        """The hits of a page, each with whether it is the current one."""
        return [(self.hits[n], n == self.current) for n in self._by_page.get(page, [])]
