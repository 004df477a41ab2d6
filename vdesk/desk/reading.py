"""Reading the corpus: a provision with what surrounds it, contents, documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vdesk.corpus.resolver import Resolver
from vdesk.documents import BY_KEY
from vdesk.search.searcher import Searcher, SearchResults
from vdesk.store.corpus_db import CorpusRepo, FootnoteRow, NodeRow, XrefRow

from .errors import MissingNode, UnknownDocument


@dataclass(frozen=True, slots=True)
class ProvisionView:
    """One provision as ``vdesk show`` prints it: the node, its text below it, its
    footnotes, and the provisions it cites and that cite it (each once)."""

    row: NodeRow
    children: tuple[str, ...]
    subtree: tuple[NodeRow, ...]  # the node and everything under it, in reading order
    footnotes: tuple[FootnoteRow, ...]
    refs_out: tuple[XrefRow, ...]
    refs_in: tuple[XrefRow, ...]


def check_document(key: str) -> str:
    """``key`` if it names a document, else :class:`UnknownDocument`."""
    if key not in BY_KEY:
        raise UnknownDocument(key, tuple(BY_KEY))
    return key


def resolve(corpus: CorpusRepo, resolver: Resolver, ref: str) -> NodeRow:
    """The node ``ref`` names (an id or a citation); raises the resolver's
    ``UnknownReference``, or :class:`MissingNode` if the corpus lacks the node."""
    node_id = resolver.resolve(ref)
    row = corpus.node(node_id)
    if row is None:
        raise MissingNode(ref, node_id)
    return row


def _unique(xrefs: list[XrefRow], attr: str) -> tuple[XrefRow, ...]:
    seen: set[str] = set()
    out = []
    for x in xrefs:
        key = getattr(x, attr)
        if key not in seen:
            seen.add(key)
            out.append(x)
    return tuple(out)


def provision_view(corpus: CorpusRepo, row: NodeRow) -> ProvisionView:
    return ProvisionView(
        row=row,
        children=tuple(c.id for c in corpus.children(row.id)),
        subtree=tuple(corpus.subtree(row.id)),
        footnotes=tuple(corpus.footnotes([row.id]).get(row.id, [])),
        refs_out=_unique(corpus.refs_out([row.id]), "target_id"),
        refs_in=_unique(corpus.refs_in([row.id]), "source_id"),
    )


def contents(corpus: CorpusRepo, doc: str, max_depth: int | None = None) -> tuple[NodeRow, ...]:
    """The nodes of one document down to ``max_depth``, in reading order."""
    check_document(doc)
    return tuple(r for r in corpus.document_nodes(doc) if max_depth is None or r.depth <= max_depth)


def search(
    searcher: Searcher,
    query: str,
    *,
    doc: str | None = None,
    limit: int | None = 20,
    **options: Any,
) -> SearchResults:
    """One page of hits for ``query`` (``doc`` checked first: :class:`UnknownDocument`);
    ``options``: ``scope``, ``within``, ``offset``, ``sort`` (see :meth:`Searcher.search`)."""
    if doc:
        check_document(doc)
    return searcher.search(query, doc=doc, limit=limit, **options)
