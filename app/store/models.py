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
    """A study of the review: its record, and its PDF once there is one.

    A study may be a reference without full text yet: then `sha256` is NULL, it has no
    pages and no `pdf_blobs` row, and `page_count` is 0.
    """

    __tablename__ = "studies"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(Text, default="", server_default="")
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    page_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pdf_password: Mapped[str | None] = mapped_column(Text, default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    # Screening: unscreened, included or excluded (with a reason from the project's list).
    screening: Mapped[str] = mapped_column(
        String(16), default="unscreened", server_default="unscreened"
    )
    exclusion_reason_id: Mapped[int | None] = mapped_column(
        ForeignKey("exclusion_reasons.id"), default=None
    )
    # Which text extractor made the stored page text (anchors are offsets into it).
    text_layer: Mapped[int] = mapped_column(Integer, default=2, server_default="1")
    # The researcher's own numbering: the number printed on the first page, if she set one.
    first_printed: Mapped[int | None] = mapped_column(Integer, default=None)
    # The bibliographic record. `authors` is a JSON list of "Family, Given" strings.
    authors: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    title: Mapped[str] = mapped_column(Text, default="", server_default="")
    journal: Mapped[str] = mapped_column(Text, default="", server_default="")
    volume: Mapped[str] = mapped_column(Text, default="", server_default="")
    issue: Mapped[str] = mapped_column(Text, default="", server_default="")
    page_range: Mapped[str] = mapped_column(Text, default="", server_default="")
    doi: Mapped[str] = mapped_column(Text, default="", server_default="")
    design: Mapped[str] = mapped_column(Text, default="", server_default="")
    sample_size: Mapped[int | None] = mapped_column(Integer, default=None)
    sample: Mapped[str] = mapped_column(Text, default="", server_default="")
    country: Mapped[str] = mapped_column(Text, default="", server_default="")
    setting: Mapped[str] = mapped_column(Text, default="", server_default="")
    # JSON list of the record fields guessed from the PDF and not yet confirmed.
    guessed: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    # Why the pages cannot be drawn (the text came from the fallback parser): "" when they
    # can, NULL when not known (imported before this was recorded).
    drawing_problem: Mapped[str | None] = mapped_column(Text, default=None)


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
    # The viewer's page label (/PageLabels) and the number printed on the page, if found.
    label: Mapped[str | None] = mapped_column(Text, default=None)
    printed: Mapped[str | None] = mapped_column(Text, default=None)
    # JSON [[start, end], ...]: running heads, feet, page numbers and margin marks in `text`.
    furniture: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    # Glyphs that could not be mapped to text; each stands in `text` as U+FFFD.
    unreadable: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


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
        # Cover "which study is each passage in" (Table 1) and where each passage lies, in
        # order (co-occurrence), without reading quotes and boxes.
        Index("ix_passages_id_study", "id", "study_id"),
        Index(
            "ix_passages_extent",
            "study_id",
            "start_page",
            "start_offset",
            "end_page",
            "end_offset",
            "kind",
        ),
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
    # Set by a check against the page: empty when the quote is what the page says.
    text_check: Mapped[str] = mapped_column(Text, default="", server_default="")


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


class ExclusionReason(Base):
    """One entry of the project's list of reasons for excluding a study."""

    __tablename__ = "exclusion_reasons"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class StudyGroup(Base):
    """A group studies are classified into ("(a) explicitly about inequality")."""

    __tablename__ = "study_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class GroupMember(Base):
    """Many-to-many: a study may sit in any number of groups."""

    __tablename__ = "group_members"
    study_id: Mapped[int] = mapped_column(
        ForeignKey("studies.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("study_groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AttributeDef(Base):
    """A user-defined study attribute: its name, type and, for a choice, the choices."""

    __tablename__ = "attribute_defs"
    __table_args__ = (CheckConstraint("kind IN ('text', 'number', 'date', 'choice')", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(8), default="text")
    # JSON list of the choices a "choice" attribute offers, in order.
    choices: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    position: Mapped[int] = mapped_column(Integer, default=0)


class StudyAttribute(Base):
    """A study's value of a user-defined attribute, as text in the attribute's canonical form
    (numbers as written by Python, dates as YYYY-MM-DD)."""

    __tablename__ = "study_attributes"
    __table_args__ = (UniqueConstraint("study_id", "attribute_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"))
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attribute_defs.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")


class ReferenceRecord(Base):
    """One reference read from a RIS or BibTeX file, and the study it became or joined.

    `duplicate` marks a reference that found a study which already had one (PRISMA's
    "duplicates removed"); `fingerprint` makes importing the same reference twice a no-op.
    """

    __tablename__ = "reference_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text, default="")
    duplicate: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[str] = mapped_column(Text, default="{}")
    imported_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class SearchText(Base):
    """A page's text as search indexes it; derived from `pages`, so it can always be rebuilt.

    `body` is the page text normalised for search (ligatures, line-end hyphenation, runs of
    white space); `seam` the end of the page joined to the start of the next (without running
    heads and feet), so that a phrase across a page break is found. The full-text index
    `search_fts` (an FTS5 table, created by the migration, not modelled here) is kept in step
    with this table by triggers, and a page deleted takes its row with it.
    """

    __tablename__ = "search_text"
    page_id: Mapped[int] = mapped_column(
        ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    seam: Mapped[str] = mapped_column(Text, default="")


class ReadingPosition(Base):
    """Where the researcher left off in a study: the page and how far down it (points)."""

    __tablename__ = "reading_positions"
    study_id: Mapped[int] = mapped_column(
        ForeignKey("studies.id", ondelete="CASCADE"), primary_key=True
    )
    page: Mapped[int] = mapped_column(Integer)
    top: Mapped[float] = mapped_column(Float)
    read_at: Mapped[str] = mapped_column(String(32), default=utcnow)
