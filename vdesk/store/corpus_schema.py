"""The corpus database's schema as SQLAlchemy 2 typed ORM classes, for the build.

:mod:`vdesk.corpus.build` creates and fills the tables through these classes;
reading at run time goes through :class:`vdesk.store.corpus_db.CorpusRepo`,
which uses the standard library's sqlite3 on the same tables, so that opening the
corpus does not import SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
    insert,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class DocumentRecord(Base):
    __tablename__ = "documents"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    short: Mapped[str] = mapped_column(String)
    symbol: Mapped[str | None] = mapped_column(String)
    cite_as: Mapped[str] = mapped_column(String)
    body: Mapped[str] = mapped_column(String)
    date: Mapped[str | None] = mapped_column(String)
    description: Mapped[str] = mapped_column(Text)


class NodeRecord(Base):
    __tablename__ = "nodes"
    __table_args__ = (
        Index("ix_nodes_parent", "parent_id", "position"),
        Index("ix_nodes_doc_ordinal", "doc", "ordinal"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    doc: Mapped[str] = mapped_column(ForeignKey("documents.key"))
    parent_id: Mapped[str | None] = mapped_column(String)
    ordinal: Mapped[int] = mapped_column(Integer)  # document order, 0 = the document node
    position: Mapped[int] = mapped_column(Integer)  # index among siblings
    depth: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)
    num: Mapped[str | None] = mapped_column(String)
    label: Mapped[str] = mapped_column(String)
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ref: Mapped[str] = mapped_column(String)
    citation: Mapped[str] = mapped_column(Text)
    italics: Mapped[str] = mapped_column(Text)  # JSON [[start, end], ...]
    child_count: Mapped[int] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)


class FootnoteRecord(Base):
    __tablename__ = "footnotes"
    __table_args__ = (Index("ix_footnotes_node", "node_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[str] = mapped_column(ForeignKey("nodes.id"))
    seq: Mapped[int] = mapped_column(Integer)
    num: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    offset: Mapped[int] = mapped_column(Integer)
    in_heading: Mapped[bool] = mapped_column(Integer)


class XrefRecord(Base):
    __tablename__ = "xrefs"
    __table_args__ = (
        Index("ix_xrefs_source", "source_id"),
        Index("ix_xrefs_target", "target_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("nodes.id"))
    target_id: Mapped[str] = mapped_column(ForeignKey("nodes.id"))
    start: Mapped[int] = mapped_column(Integer)  # span in the source node's text
    end: Mapped[int] = mapped_column(Integer)
    in_footnote: Mapped[str | None] = mapped_column(String)  # footnote num if the ref is in one


class MetaRecord(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def open_engine(path: Path, *, read_only: bool = True) -> Engine:
    """An engine on the corpus database; read-only unless building."""
    if read_only:
        url = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.as_posix()}"
    engine = create_engine(url)
    if read_only:

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.execute("PRAGMA query_only = ON")

    return engine


Row = dict[str, object]


def write_database(
    path: Path,
    fingerprint: str,
    documents: Sequence[Row],
    nodes: Sequence[Row],
    footnotes: Sequence[Row],
    xrefs: Sequence[Row],
    *,
    schema_version: int,
) -> None:
    """Write a fresh corpus database at ``path``, in one transaction (the builder's
    only write): rows are dictionaries of column values, in the order to store them;
    ``schema_version`` is what the reader (:mod:`vdesk.store.corpus_db`) expects.

    The file is a build product in a temporary directory: no journal, no sync.
    """
    engine = open_engine(path, read_only=False)
    try:
        with engine.begin() as conn:
            conn.execute(text("PRAGMA journal_mode = OFF"))
            conn.execute(text("PRAGMA synchronous = OFF"))
        Base.metadata.create_all(engine)
        with Session(engine) as s, s.begin():
            meta = [
                {"key": "fingerprint", "value": fingerprint},
                {"key": "schema_version", "value": str(schema_version)},
            ]
            for record, rows in (
                (MetaRecord, meta),
                (DocumentRecord, documents),
                (NodeRecord, nodes),
                (FootnoteRecord, footnotes),
                (XrefRecord, xrefs),
            ):
                if rows:
                    s.execute(insert(record), list(rows))
    finally:
        engine.dispose()
