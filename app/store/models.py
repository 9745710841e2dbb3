"""The tables of a project file, as typed SQLAlchemy models.

Alembic owns the schema (see `migrations/`); these classes describe the head revision and
a test checks that the two agree.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_guid() -> str:
    return str(uuid.uuid4())


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Key/value facts about the project: name, versions that created and last wrote it."""

    __tablename__ = "project_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Study(Base):
    """One imported PDF: a study of the review."""

    __tablename__ = "studies"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    page_count: Mapped[int] = mapped_column(Integer)
    pdf_password: Mapped[str | None] = mapped_column(Text, default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    # Screening: included / excluded / undecided, with a reason and a group ("group (a)").
    screening: Mapped[str] = mapped_column(
        String(16), default="undecided", server_default="undecided"
    )
    screening_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    study_group: Mapped[str] = mapped_column(Text, default="", server_default="")


class PdfBlob(Base):
    """The PDF bytes themselves, apart from `studies` so that listing studies stays cheap."""

    __tablename__ = "pdf_blobs"
    study_id: Mapped[int] = mapped_column(
        ForeignKey("studies.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Page(Base):
    """A page's size as displayed (after /Rotate), its text in reading order and word boxes.

    `words` is JSON `[[start, end, x0, top, x1, bottom], ...]` in points from the displayed
    top-left, spans in code points of `text`; NULL until first computed.
    `text_status` is `ok`, `none` (no text layer), `unusable` (glyphs without a usable
    mapping) or `error` (the text could not be read).
    """

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("study_id", "page_index"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"))
    page_index: Mapped[int] = mapped_column(Integer)
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[str | None] = mapped_column(Text, default=None)
    text_status: Mapped[str] = mapped_column(String(16), default="ok")
    text_error: Mapped[str | None] = mapped_column(Text, default=None)


class Code(Base):
    """A factor of the codebook."""

    __tablename__ = "codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(Text)
    definition: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#f2c14e")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="SET NULL"), default=None, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class Framework(Base):
    """A named set of themes, such as Bourdieu's capitals."""

    __tablename__ = "frameworks"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Theme(Base):
    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#888888")
    position: Mapped[int] = mapped_column(Integer, default=0)


class CodeTheme(Base):
    """Many-to-many: a factor may sit under several themes at once."""

    __tablename__ = "code_themes"
    code_id: Mapped[int] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True
    )


class Passage(Base):
    """A coded stretch of a study: a text span or a rectangle on one page.

    Text passages run from (start_page, start_offset) to (end_page, end_offset), offsets in
    code points of the stored page text, end exclusive. Region passages have a rectangle
    on `start_page` in points from the displayed top-left. `boxes` is JSON
    `[[page, x0, top, x1, bottom], ...]`, what is drawn. `quote` and `pdf_sha256` let a
    passage be found again if its PDF is ever replaced.
    """

    __tablename__ = "passages"
    __table_args__ = (
        CheckConstraint("kind IN ('text', 'region')", name="kind"),
        Index("ix_passages_study_page", "study_id", "start_page"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    start_page: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int | None] = mapped_column(Integer, default=None)
    end_page: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int | None] = mapped_column(Integer, default=None)
    x0: Mapped[float | None] = mapped_column(Float, default=None)
    top: Mapped[float | None] = mapped_column(Float, default=None)
    x1: Mapped[float | None] = mapped_column(Float, default=None)
    bottom: Mapped[float | None] = mapped_column(Float, default=None)
    quote: Mapped[str] = mapped_column(Text, default="")
    boxes: Mapped[str] = mapped_column(Text, default="[]")
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class Coding(Base):
    """A factor applied to a passage; a passage may carry many."""

    __tablename__ = "codings"
    __table_args__ = (UniqueConstraint("passage_id", "code_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class Memo(Base):
    """A memo on the project (no target), a study, a factor or a passage."""

    __tablename__ = "memos"
    __table_args__ = (
        CheckConstraint(
            "(study_id IS NOT NULL) + (code_id IS NOT NULL) + (passage_id IS NOT NULL) <= 1",
            name="one_target",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int | None] = mapped_column(
        ForeignKey("studies.id", ondelete="CASCADE"), unique=True, default=None
    )
    code_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), unique=True, default=None
    )
    passage_id: Mapped[int | None] = mapped_column(
        ForeignKey("passages.id", ondelete="CASCADE"), unique=True, default=None
    )
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class StudyAttribute(Base):
    """A study's metadata: authors, year, design, sample size, country, or any custom name."""

    __tablename__ = "study_attributes"
    __table_args__ = (UniqueConstraint("study_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text, default="")
