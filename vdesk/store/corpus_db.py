"""The corpus database: schema (SQLAlchemy 2 typed ORM) and the read-only CorpusRepo.

The database is a build product written by :mod:`vdesk.corpus.build`; at run time
it is opened read-only. Data leaves this module as frozen dataclasses, never as
live ORM objects.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

#: Bump when the schema changes; a database with another version is rebuilt.
SCHEMA_VERSION = 1


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


@dataclass(frozen=True, slots=True)
class DocumentRow:
    key: str
    title: str
    short: str
    symbol: str | None
    cite_as: str
    body: str
    date: str | None
    description: str


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One provision or structural node.

    ``label`` is the printed label of a structural node ("I.", "A.", "Draft
    resolution II", "Annex"); ``ref`` is the short local reference people use
    for text nodes ("7", "7 (d)", "35 (d) (i)"), empty for unnumbered ones.
    """

    id: str
    doc: str
    parent_id: str | None
    ordinal: int
    position: int
    depth: int
    kind: str
    num: str | None
    label: str
    heading: str | None
    text: str
    ref: str
    citation: str
    italics: tuple[tuple[int, int], ...]
    child_count: int

    @property
    def display(self) -> str:
        """How the node is named in a tree or a list: as people cite it."""
        if self.kind in ("paragraph", "subparagraph", "item"):
            return f"{self.ref} {self.text}".strip() if self.ref else self.text
        parts = [p for p in (self.label, self.heading) if p]
        return " ".join(parts) if parts else self.kind.capitalize()


@dataclass(frozen=True, slots=True)
class FootnoteRow:
    node_id: str
    num: str
    text: str
    offset: int
    in_heading: bool


@dataclass(frozen=True, slots=True)
class XrefRow:
    """A link from a span of ``source_id``'s text to ``target_id``."""

    source_id: str
    target_id: str
    start: int
    end: int
    in_footnote: str | None
    source_citation: str
    target_citation: str


_NODE_FIELDS = (
    "id", "doc", "parent_id", "ordinal", "position", "depth", "kind", "num", "label",
    "heading", "text", "ref", "citation", "italics", "child_count",
)  # fmt: skip


#: The node table's columns in :class:`NodeRow`'s field order: node queries read
#: plain tuples, not ORM objects (a page reads a chapter's rows on every visit).
_NODES = select(*(NodeRecord.__table__.c[name] for name in _NODE_FIELDS))


def _node_from_tuple(t: Any) -> NodeRow:
    """A NodeRow from a row of ``_NODES`` (positional: no attribute lookups)."""
    (id_, doc, parent_id, ordinal, position, depth, kind, num, label, heading, text, ref,
     citation, italics, child_count) = t  # fmt: skip
    spans = tuple(tuple(span) for span in json.loads(italics))
    return NodeRow(
        id_, doc, parent_id, ordinal, position, depth, kind, num, label, heading, text, ref,
        citation, spans, child_count,  # type: ignore[arg-type]
    )  # fmt: skip


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
) -> None:
    """Write a fresh corpus database at ``path``, in one transaction (the builder's
    only write): rows are dictionaries of column values, in the order to store them.

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
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
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


#: Rows kept by :meth:`CorpusRepo.node` (the database is read-only and rows are
#: immutable, so a cached row is never stale while the repository is open).
ROW_CACHE = 512


class CorpusRepo:
    """Read-only access to the corpus database. Each call opens a short Session;
    the documents and single rows (a node and its ancestors, asked for on every
    navigation step) are kept, the rows in a small LRU cache."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._engine = open_engine(path)
        self._rows: OrderedDict[str, NodeRow] = OrderedDict()
        self._rows_lock = threading.Lock()  # workers (export) share the repository
        self._documents: tuple[DocumentRow, ...] | None = None

    def _cached(self, node_id: str) -> NodeRow | None:
        with self._rows_lock:
            row = self._rows.get(node_id)
            if row is not None:
                self._rows.move_to_end(node_id)
            return row

    def _keep(self, row: NodeRow) -> NodeRow:
        with self._rows_lock:
            self._rows[row.id] = row
            if len(self._rows) > ROW_CACHE:
                self._rows.popitem(last=False)
        return row

    def close(self) -> None:
        self._engine.dispose()

    def meta(self, key: str) -> str | None:
        with Session(self._engine) as s:
            rec = s.get(MetaRecord, key)
            return rec.value if rec else None

    def documents(self) -> list[DocumentRow]:
        if self._documents is None:
            self._documents = self._read_documents()
        return list(self._documents)

    def _read_documents(self) -> tuple[DocumentRow, ...]:
        with Session(self._engine) as s:
            recs = s.scalars(select(DocumentRecord).order_by(DocumentRecord.ordinal))
            return tuple(
                DocumentRow(
                    key=r.key,
                    title=r.title,
                    short=r.short,
                    symbol=r.symbol,
                    cite_as=r.cite_as,
                    body=r.body,
                    date=r.date,
                    description=r.description,
                )
                for r in recs
            )

    def node(self, node_id: str) -> NodeRow | None:
        row = self._cached(node_id)
        if row is not None:
            return row
        with Session(self._engine) as s:
            found = s.execute(_NODES.where(NodeRecord.id == node_id)).first()
            return self._keep(_node_from_tuple(found)) if found else None

    def nodes(self, node_ids: list[str]) -> dict[str, NodeRow]:
        with Session(self._engine) as s:
            found = s.execute(_NODES.where(NodeRecord.id.in_(node_ids)))
            return {r[0]: _node_from_tuple(r) for r in found}

    def children(self, node_id: str) -> list[NodeRow]:
        with Session(self._engine) as s:
            found = s.execute(
                _NODES.where(NodeRecord.parent_id == node_id).order_by(NodeRecord.position)
            )
            return [_node_from_tuple(r) for r in found]

    def ancestors(self, node_id: str) -> list[NodeRow]:
        """From the document node down to the parent of ``node_id``."""
        chain: list[NodeRow] = []
        row = self.node(node_id)
        while row is not None and row.parent_id is not None:
            row = self.node(row.parent_id)
            if row is not None:
                chain.append(row)
        chain.reverse()
        return chain

    def subtree(self, node_id: str) -> list[NodeRow]:
        """``node_id`` and all its descendants, in document order."""
        root = self.node(node_id)
        if root is None:
            return []
        nodes = NodeRecord.__table__.c
        end = (  # the ordinal of the next node that is not a descendant
            select(nodes.ordinal)
            .where(nodes.doc == root.doc, nodes.ordinal > root.ordinal, nodes.depth <= root.depth)
            .order_by(nodes.ordinal)
            .limit(1)
            .scalar_subquery()
        )
        q = _NODES.where(
            nodes.doc == root.doc,
            nodes.ordinal >= root.ordinal,
            nodes.ordinal < func.coalesce(end, root.ordinal + 1_000_000_000),
        ).order_by(nodes.ordinal)
        with Session(self._engine) as s:
            return [_node_from_tuple(r) for r in s.execute(q)]

    def document_nodes(self, doc: str) -> list[NodeRow]:
        """Every node of a document in document order."""
        with Session(self._engine) as s:
            found = s.execute(_NODES.where(NodeRecord.doc == doc).order_by(NodeRecord.ordinal))
            return [_node_from_tuple(r) for r in found]

    def all_nodes(self) -> list[NodeRow]:
        with Session(self._engine) as s:
            found = s.execute(_NODES.order_by(NodeRecord.doc, NodeRecord.ordinal))
            return [_node_from_tuple(r) for r in found]

    def neighbour(self, node_id: str, step: int, kinds: tuple[str, ...]) -> NodeRow | None:
        """The next (step=1) or previous (step=-1) node of one of ``kinds`` in document order."""
        here = self.node(node_id)
        if here is None:
            return None
        q = _NODES.where(NodeRecord.doc == here.doc, NodeRecord.kind.in_(kinds))
        if step > 0:
            q = q.where(NodeRecord.ordinal > here.ordinal).order_by(NodeRecord.ordinal)
        else:
            q = q.where(NodeRecord.ordinal < here.ordinal).order_by(NodeRecord.ordinal.desc())
        with Session(self._engine) as s:
            found = s.execute(q.limit(1)).first()
            return _node_from_tuple(found) if found else None

    def footnotes(self, node_ids: list[str]) -> dict[str, list[FootnoteRow]]:
        out: dict[str, list[FootnoteRow]] = {}
        with Session(self._engine) as s:
            recs = s.scalars(
                select(FootnoteRecord)
                .where(FootnoteRecord.node_id.in_(node_ids))
                .order_by(FootnoteRecord.node_id, FootnoteRecord.seq)
            )
            for r in recs:
                out.setdefault(r.node_id, []).append(
                    FootnoteRow(r.node_id, r.num, r.text, r.offset, bool(r.in_heading))
                )
        return out

    def _xrefs(self, column: str, node_ids: list[str]) -> list[XrefRow]:
        with Session(self._engine) as s:
            col = getattr(XrefRecord, column)
            recs = list(
                s.scalars(select(XrefRecord).where(col.in_(node_ids)).order_by(XrefRecord.id))
            )
            ids = {r.source_id for r in recs} | {r.target_id for r in recs}
            rows = s.execute(
                select(NodeRecord.id, NodeRecord.citation).where(NodeRecord.id.in_(ids))
            ).all()
            cites = {node_id: citation for node_id, citation in rows}
            return [
                XrefRow(
                    r.source_id,
                    r.target_id,
                    r.start,
                    r.end,
                    r.in_footnote,
                    cites.get(r.source_id, ""),
                    cites.get(r.target_id, ""),
                )
                for r in recs
            ]

    def refs_out(self, node_ids: list[str]) -> list[XrefRow]:
        """Links from these nodes' text to other nodes."""
        return self._xrefs("source_id", node_ids)

    def refs_in(self, node_ids: list[str]) -> list[XrefRow]:
        """Links from other nodes that point at these nodes."""
        return self._xrefs("target_id", node_ids)
