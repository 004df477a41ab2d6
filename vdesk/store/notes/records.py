"""The ORM classes of the notes store: the current schema, portable SQLAlchemy 2.

The SQLite migrations (:mod:`vdesk.store.migrations`) are the source of truth for
the user database; these classes mirror them and are what every implementation of
the store queries. They never leave the store: callers get frozen values.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class MetaRecord(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ColourRecord(Base):
    __tablename__ = "colours"

    name: Mapped[str] = mapped_column(String, primary_key=True)
    meaning: Mapped[str] = mapped_column(Text)
    hex: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)


class AnnotationRecord(Base):
    __tablename__ = "annotations"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    doc: Mapped[str] = mapped_column(String)
    node_id: Mapped[str] = mapped_column(String)
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text)
    suffix: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    colour: Mapped[str] = mapped_column(String)
    comment: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String)
    created: Mapped[str] = mapped_column(String)
    modified: Mapped[str] = mapped_column(String)
    anchor_state: Mapped[str] = mapped_column(String)
    anchor_detail: Mapped[str] = mapped_column(Text)
    candidate: Mapped[str] = mapped_column(Text)
    candidate_node_id: Mapped[str] = mapped_column(String)
    candidate_start: Mapped[int] = mapped_column(Integer)
    candidate_end: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    sensitivity: Mapped[str] = mapped_column(String)  # v2
    version: Mapped[int] = mapped_column(Integer, default=1)  # v3
    node_fingerprint: Mapped[str] = mapped_column(Text, default="")  # v4
    node_position: Mapped[int] = mapped_column(Integer, default=-1)  # v4

    tags: Mapped[list[TagRecord]] = relationship(
        cascade="all, delete-orphan", order_by="TagRecord.tag", lazy="selectin"
    )


class TagRecord(Base):
    __tablename__ = "annotation_tags"

    annotation_id: Mapped[str] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String, primary_key=True)


class NationalNoteRecord(Base):
    __tablename__ = "national_notes"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    doc: Mapped[str] = mapped_column(String)
    node_id: Mapped[str] = mapped_column(String)
    country: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)
    position: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    legal_refs: Mapped[str] = mapped_column(Text)  # JSON list of strings
    date: Mapped[str] = mapped_column(String)
    author: Mapped[str] = mapped_column(String)
    created: Mapped[str] = mapped_column(String)
    modified: Mapped[str] = mapped_column(String)
    sensitivity: Mapped[str] = mapped_column(String)  # v2
    version: Mapped[int] = mapped_column(Integer, default=1)  # v3
    node_fingerprint: Mapped[str] = mapped_column(Text, default="")  # v4
    node_position: Mapped[int] = mapped_column(Integer, default=-1)  # v4
    anchor_state: Mapped[str] = mapped_column(String, default="ok")  # v4
    anchor_detail: Mapped[str] = mapped_column(Text, default="")  # v4
    candidate_node_id: Mapped[str] = mapped_column(String, default="")  # v4
    score: Mapped[float] = mapped_column(Float, default=1.0)  # v4


class TombstoneRecord(Base):
    """A deleted annotation or national note (v3): what a bundle or a sync carries
    so that the deletion reaches the other copies."""

    __tablename__ = "tombstones"

    kind: Mapped[str] = mapped_column(String, primary_key=True)  # "annotation" | "national_note"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    deleted_at: Mapped[str] = mapped_column(String)
    deleted_by: Mapped[str] = mapped_column(String)
    version: Mapped[int] = mapped_column(Integer)
