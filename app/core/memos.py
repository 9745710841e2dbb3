"""Memos on the project, a study, a factor or a passage: one text per target."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from app.core.service import Service
from app.store.models import Memo, utcnow

Target = Literal["project", "study", "code", "passage"]


def _where(target: Target, target_id: int | None) -> ColumnElement[bool]:
    if target == "project":
        return Memo.study_id.is_(None) & Memo.code_id.is_(None) & Memo.passage_id.is_(None)
    column = {"study": Memo.study_id, "code": Memo.code_id, "passage": Memo.passage_id}[target]
    return column == target_id


class Memos(Service):
    def get(self, target: Target, target_id: int | None = None) -> str:
        with self.database.reading() as session:
            row = session.scalar(select(Memo).where(_where(target, target_id)))
            return "" if row is None else row.text

    def set(self, target: Target, target_id: int | None, text: str) -> None:
        """Write a memo; an empty text removes it."""
        self._writable()
        with self.database.transaction() as session:
            row = session.scalar(select(Memo).where(_where(target, target_id)))
            if not text:
                if row is not None:
                    session.delete(row)
            elif row is None:
                row = Memo(text=text)
                if target != "project":
                    setattr(row, f"{target}_id", target_id)
                session.add(row)
            else:
                row.text = text
                row.updated_at = utcnow()
        study = [target_id] if target == "study" and target_id is not None else []
        self.emit("memos", studies=study, memos=[(target, target_id)])

    def all(self) -> list[tuple[Target, int | None, str]]:
        with self.database.reading() as session:
            rows = session.scalars(select(Memo).order_by(Memo.id)).all()
            result: list[tuple[Target, int | None, str]] = []
            for row in rows:
                if row.study_id is not None:
                    result.append(("study", row.study_id, row.text))
                elif row.code_id is not None:
                    result.append(("code", row.code_id, row.text))
                elif row.passage_id is not None:
                    result.append(("passage", row.passage_id, row.text))
                else:
                    result.append(("project", None, row.text))
            return result
