"""The corpus database, read-only: the CorpusRepo and the frozen rows it returns.

The database is a build product written by :mod:`vdesk.corpus.build` through the
typed ORM schema in :mod:`vdesk.store.corpus_schema`; at run time it is opened
read-only with the standard library's sqlite3 (plain SQL on the same tables), so
that opening the corpus for the first page and the first search does not import
SQLAlchemy. Data leaves this module as frozen dataclasses.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the build's ORM schema, imported from here by older code
    from .corpus_schema import Base as Base
    from .corpus_schema import DocumentRecord as DocumentRecord
    from .corpus_schema import FootnoteRecord as FootnoteRecord
    from .corpus_schema import MetaRecord as MetaRecord
    from .corpus_schema import NodeRecord as NodeRecord
    from .corpus_schema import XrefRecord as XrefRecord
    from .corpus_schema import open_engine as open_engine

#: Bump when the schema changes; a database with another version is rebuilt.
SCHEMA_VERSION = 1

_SCHEMA_NAMES = frozenset(
    ("Base", "DocumentRecord", "FootnoteRecord", "MetaRecord", "NodeRecord", "XrefRecord",
     "open_engine")
)  # fmt: skip


def __getattr__(name: str) -> Any:
    """The ORM schema's names, imported (with SQLAlchemy) only when asked for."""
    if name in _SCHEMA_NAMES:
        from . import corpus_schema

        return getattr(corpus_schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
#: plain tuples (a page reads a chapter's rows on every visit).
_NODES = "SELECT " + ", ".join(f'"{name}"' for name in _NODE_FIELDS) + " FROM nodes"


def _marks(values: Sequence[object]) -> str:
    """``?, ?, ?`` for an ``IN (...)`` list of ``values``."""
    return ", ".join("?" * len(values))


def _node_from_tuple(t: Any) -> NodeRow:
    """A NodeRow from a row of ``_NODES`` (positional: no attribute lookups)."""
    (id_, doc, parent_id, ordinal, position, depth, kind, num, label, heading, text, ref,
     citation, italics, child_count) = t  # fmt: skip
    spans = tuple(tuple(span) for span in json.loads(italics))
    return NodeRow(
        id_, doc, parent_id, ordinal, position, depth, kind, num, label, heading, text, ref,
        citation, spans, child_count,  # type: ignore[arg-type]
    )  # fmt: skip


#: Rows kept by :meth:`CorpusRepo.node` (the database is read-only and rows are
#: immutable, so a cached row is never stale while the repository is open).
ROW_CACHE = 512


class CorpusRepo:
    """Read-only access to the corpus database. Each thread reads through its own
    connection, opened read-only and query-only; the documents and single rows (a
    node and its ancestors, asked for on every navigation step) are kept, the rows
    in a small LRU cache."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opened_lock = threading.Lock()
        self._rows: OrderedDict[str, NodeRow] = OrderedDict()
        self._rows_lock = threading.Lock()  # workers (export) share the repository
        self._documents: tuple[DocumentRow, ...] | None = None

    def _connection(self) -> sqlite3.Connection:
        """This thread's read-only connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                f"file:{self.path.as_posix()}?mode=ro", uri=True, check_same_thread=False
            )
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
            with self._opened_lock:
                self._opened.append(conn)
        return conn

    def _all(self, sql: str, params: Iterable[object] = ()) -> list[Any]:
        return self._connection().execute(sql, tuple(params)).fetchall()

    def _first(self, sql: str, params: Iterable[object] = ()) -> Any:
        return self._connection().execute(sql, tuple(params)).fetchone()

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
        """Close every thread's connection (a later call opens a new one)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        self._local = threading.local()
        for conn in opened:
            conn.close()

    def meta(self, key: str) -> str | None:
        found = self._first("SELECT value FROM meta WHERE key = ?", (key,))
        return found[0] if found else None

    def documents(self) -> list[DocumentRow]:
        if self._documents is None:
            self._documents = tuple(
                DocumentRow(*r)
                for r in self._all(
                    "SELECT key, title, short, symbol, cite_as, body, date, description "
                    "FROM documents ORDER BY ordinal"
                )
            )
        return list(self._documents)

    def node(self, node_id: str) -> NodeRow | None:
        row = self._cached(node_id)
        if row is not None:
            return row
        found = self._first(f"{_NODES} WHERE id = ?", (node_id,))
        return self._keep(_node_from_tuple(found)) if found else None

    def nodes(self, node_ids: list[str]) -> dict[str, NodeRow]:
        found = self._all(f"{_NODES} WHERE id IN ({_marks(node_ids)})", node_ids)
        return {r[0]: _node_from_tuple(r) for r in found}

    def children(self, node_id: str) -> list[NodeRow]:
        found = self._all(f"{_NODES} WHERE parent_id = ? ORDER BY position", (node_id,))
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
        # below the next node (in document order) that is not a descendant
        found = self._all(
            f"{_NODES} WHERE doc = ? AND ordinal >= ? AND ordinal < coalesce("
            "(SELECT ordinal FROM nodes WHERE doc = ? AND ordinal > ? AND depth <= ? "
            "ORDER BY ordinal LIMIT 1), ?) ORDER BY ordinal",
            (root.doc, root.ordinal, root.doc, root.ordinal, root.depth,
             root.ordinal + 1_000_000_000),
        )  # fmt: skip
        return [_node_from_tuple(r) for r in found]

    def document_nodes(self, doc: str) -> list[NodeRow]:
        """Every node of a document in document order."""
        found = self._all(f"{_NODES} WHERE doc = ? ORDER BY ordinal", (doc,))
        return [_node_from_tuple(r) for r in found]

    def all_nodes(self) -> list[NodeRow]:
        return [_node_from_tuple(r) for r in self._all(f"{_NODES} ORDER BY doc, ordinal")]

    def neighbour(self, node_id: str, step: int, kinds: tuple[str, ...]) -> NodeRow | None:
        """The next (step=1) or previous (step=-1) node of one of ``kinds`` in document order."""
        here = self.node(node_id)
        if here is None:
            return None
        where = f"{_NODES} WHERE doc = ? AND kind IN ({_marks(kinds)})"
        if step > 0:
            sql = f"{where} AND ordinal > ? ORDER BY ordinal LIMIT 1"
        else:
            sql = f"{where} AND ordinal < ? ORDER BY ordinal DESC LIMIT 1"
        found = self._first(sql, (here.doc, *kinds, here.ordinal))
        return _node_from_tuple(found) if found else None

    def footnotes(self, node_ids: list[str]) -> dict[str, list[FootnoteRow]]:
        out: dict[str, list[FootnoteRow]] = {}
        found = self._all(
            'SELECT node_id, num, text, "offset", in_heading FROM footnotes '
            f"WHERE node_id IN ({_marks(node_ids)}) ORDER BY node_id, seq",
            node_ids,
        )
        for node_id, num, text, offset, in_heading in found:
            out.setdefault(node_id, []).append(
                FootnoteRow(node_id, num, text, offset, bool(in_heading))
            )
        return out

    def _xrefs(self, column: str, node_ids: list[str]) -> list[XrefRow]:
        assert column in ("source_id", "target_id")
        found = self._all(
            'SELECT source_id, target_id, start, "end", in_footnote FROM xrefs '
            f"WHERE {column} IN ({_marks(node_ids)}) ORDER BY id",
            node_ids,
        )
        ids = sorted({r[0] for r in found} | {r[1] for r in found})
        cites = dict(self._all(f"SELECT id, citation FROM nodes WHERE id IN ({_marks(ids)})", ids))
        return [
            XrefRow(source, target, start, end, in_footnote, cites.get(source, ""),
                    cites.get(target, ""))
            for source, target, start, end, in_footnote in found
        ]  # fmt: skip

    def refs_out(self, node_ids: list[str]) -> list[XrefRow]:
        """Links from these nodes' text to other nodes."""
        return self._xrefs("source_id", node_ids)

    def refs_in(self, node_ids: list[str]) -> list[XrefRow]:
        """Links from other nodes that point at these nodes."""
        return self._xrefs("target_id", node_ids)
