"""Everything a study holds, kept aside so that an edit to it can be taken back exactly.

Deleting a study, replacing its PDF or importing references into it each keep a bundle of
the rows they are about to change; undo writes the bundle back with the same ids and guids,
so later undo steps that name a passage or a study by id still find it. A bundle holds plain
column values, never live ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.store import models

STUDY = "study"  # the studies row: record, screening, PDF identity
ATTRIBUTES = "attributes"
GROUPS = "groups"
REFERENCES = "references"
PDF = "pdf"  # the PDF bytes and the pages (text, word boxes)
PASSAGES = "passages"  # passages with their codings and memos
MEMO = "memo"  # the study's own memo
EVERYTHING = frozenset({STUDY, ATTRIBUTES, GROUPS, REFERENCES, PDF, PASSAGES, MEMO})

Row = dict[str, Any]


def _row(obj: models.Base) -> Row:
    return {column.key: getattr(obj, column.key) for column in obj.__table__.columns}


@dataclass(frozen=True)
class StudyBundle:
    study_id: int
    parts: frozenset[str]
    rows: dict[str, tuple[Row, ...]]  # table name -> rows
    exists: bool = True  # False: the study did not exist (restoring removes it)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))


def capture(session: Session, study_id: int, parts: Iterable[str] = EVERYTHING) -> StudyBundle:
    wanted = frozenset(parts)
    study = session.get(models.Study, study_id)
    if study is None:
        return StudyBundle(study_id, wanted, {}, exists=False)
    rows: dict[str, tuple[Row, ...]] = {}

    def take(model: type[models.Base], *where: Any) -> None:
        found = session.scalars(select(model).where(*where)).all()
        rows[model.__tablename__] = tuple(_row(obj) for obj in found)

    if STUDY in wanted:
        rows["studies"] = (_row(study),)
    if ATTRIBUTES in wanted:
        take(models.StudyAttribute, models.StudyAttribute.study_id == study_id)
    if GROUPS in wanted:
        take(models.GroupMember, models.GroupMember.study_id == study_id)
    if REFERENCES in wanted:
        take(models.ReferenceRecord, models.ReferenceRecord.study_id == study_id)
    if PDF in wanted:
        take(models.PdfBlob, models.PdfBlob.study_id == study_id)
        take(models.Page, models.Page.study_id == study_id)
    if PASSAGES in wanted:
        passage_ids = select(models.Passage.id).where(models.Passage.study_id == study_id)
        take(models.Passage, models.Passage.study_id == study_id)
        take(models.Coding, models.Coding.passage_id.in_(passage_ids))
        rows["memos"] = tuple(
            _row(obj)
            for obj in session.scalars(
                select(models.Memo).where(models.Memo.passage_id.in_(passage_ids))
            ).all()
        )
    if MEMO in wanted:
        memo = session.scalar(select(models.Memo).where(models.Memo.study_id == study_id))
        rows["study_memo"] = () if memo is None else (_row(memo),)
    return StudyBundle(study_id, wanted, rows)


def _clear(session: Session, study_id: int, parts: frozenset[str]) -> None:
    """Remove what the parts hold now, so the bundle's rows can go back in their place."""
    if PASSAGES in parts:
        # Codings and passage memos go with their passages (ON DELETE CASCADE).
        session.execute(delete(models.Passage).where(models.Passage.study_id == study_id))
    if PDF in parts:
        session.execute(delete(models.Page).where(models.Page.study_id == study_id))
        session.execute(delete(models.PdfBlob).where(models.PdfBlob.study_id == study_id))
    if ATTRIBUTES in parts:
        session.execute(
            delete(models.StudyAttribute).where(models.StudyAttribute.study_id == study_id)
        )
    if GROUPS in parts:
        session.execute(delete(models.GroupMember).where(models.GroupMember.study_id == study_id))
    if REFERENCES in parts:
        session.execute(
            delete(models.ReferenceRecord).where(models.ReferenceRecord.study_id == study_id)
        )
    if MEMO in parts:
        session.execute(delete(models.Memo).where(models.Memo.study_id == study_id))
    session.flush()


def restore(session: Session, bundle: StudyBundle) -> None:
    """Make the study hold exactly what the bundle kept (or not exist, if it did not).

    Rows that point at things deleted since (a factor, a group, an attribute, a reason) are
    left out or unlinked rather than refused: the rest of the study still comes back.
    """
    study = session.get(models.Study, bundle.study_id)
    if not bundle.exists:
        if study is not None:
            session.delete(study)
            session.flush()
        return
    parts = bundle.parts
    if study is not None:
        _clear(session, bundle.study_id, parts)
    if STUDY in parts:
        values = dict(bundle.rows["studies"][0])
        reason = values.get("exclusion_reason_id")
        if reason is not None and session.get(models.ExclusionReason, reason) is None:
            values["exclusion_reason_id"] = None
        if study is None:
            session.add(models.Study(**values))
        else:
            for key, value in values.items():
                setattr(study, key, value)
        session.flush()
    elif study is None:
        raise ValueError("a partial bundle needs its study to exist")

    def put(model: type[models.Base], table: str, keep: Any = None) -> None:
        for values in bundle.rows.get(table, ()):
            if keep is None or keep(values):
                session.add(model(**values))
        session.flush()

    codes = set(session.scalars(select(models.Code.id)).all())
    put(models.PdfBlob, "pdf_blobs")
    put(models.Page, "pages")
    put(models.Passage, "passages")
    put(models.Coding, "codings", lambda row: row["code_id"] in codes)
    put(models.Memo, "memos")
    put(models.Memo, "study_memo")
    if ATTRIBUTES in parts:
        defined = set(session.scalars(select(models.AttributeDef.id)).all())
        put(models.StudyAttribute, "study_attributes", lambda row: row["attribute_id"] in defined)
    if GROUPS in parts:
        groups = set(session.scalars(select(models.StudyGroup.id)).all())
        put(models.GroupMember, "group_members", lambda row: row["group_id"] in groups)
    put(models.ReferenceRecord, "reference_records")
