"""Where the researcher left off in each study, kept in the project file.

A position is a page and how far down it the view's top edge was (points from the page's
top), so it holds at any zoom. It is not an edit: it is written without an undo step, and a
read-only project simply does not keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from app.core.service import Service
from app.store.models import ReadingPosition, Study


@dataclass(frozen=True)
class Position:
    study_id: int
    page: int  # 0-based
    top: float  # points from the page's top edge


class ReadingPositions(Service):
    def get(self, study_id: int) -> Position | None:
        with self.database.reading() as session:
            row = session.get(ReadingPosition, study_id)
            return None if row is None else Position(row.study_id, row.page, row.top)

    def last_study(self) -> int | None:
        """The study read most recently, if any still exists."""
        with self.database.reading() as session:
            found = session.scalar(
                select(ReadingPosition.study_id)
                .join(Study, Study.id == ReadingPosition.study_id)
                .order_by(ReadingPosition.read_at.desc())
                .limit(1)
            )
            return None if found is None else int(found)

    def set(self, study_id: int, page: int, top: float) -> bool:
        """Remember where a study was left; False when the file is read-only or the study
        has gone (a position is not worth an error)."""
        if self.database.read_only:
            return False
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        with self.database.transaction() as session:
            if session.get(Study, study_id) is None:
                return False
            row = session.get(ReadingPosition, study_id)
            if row is None:
                row = ReadingPosition(study_id=study_id)
                session.add(row)
            row.page, row.top, row.read_at = max(0, int(page)), max(0.0, float(top)), stamp
        self.emit("reading", study_id=study_id)
        return True
