"""The order of the hits: by relevance (score; provisions before headings at the same
score; no document filling the first page) or in document order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.kinds import TEXT_KINDS
from .results import DOCUMENT

#: The first hits in which one document may hold at most PER_DOCUMENT places while
#: other documents have matches waiting.
TOP = 10
PER_DOCUMENT = 4
SHOWN_SHARE = 0.5
#: A chapter, section or heading ranks as if it scored this share of its score: its few
#: words score high by their shortness alone, and a delegate wants the provision.
HEADING_WEIGHT = 0.8


@dataclass(frozen=True, slots=True)
class NodeMeta:
    """What ordering needs of one indexed node (by document number)."""

    doc: str
    doc_rank: int  # the document's place in the corpus
    ordinal: int  # the node's place in its document
    heading: bool  # a chapter, section or heading rather than a provision


def relevance_key(meta: list[NodeMeta], docnum: int, rank: float) -> tuple[float, bool, int]:
    """Best first; at the same score a provision before a heading, then corpus order."""
    m = meta[docnum]
    weighted = rank * HEADING_WEIGHT if m.heading else rank
    return (-round(weighted, 9), m.heading, docnum)


def order(
    ranked: Iterable[tuple[int, float]], meta: list[NodeMeta], sort: str
) -> list[tuple[int, float]]:
    """``ranked`` (document number, rank) in the order to show. The rank is the score,
    or for partial matches a number that puts more matched words first."""
    items = list(ranked)
    if sort == DOCUMENT:
        return sorted(items, key=lambda i: (meta[i[0]].doc_rank, meta[i[0]].ordinal))
    if len({round(r, 9) for _d, r in items}) < 2:
        # every match scores the same ("NOT crime"): no relevance to rank by, so the
        # corpus order, as Whoosh gives it
        return sorted(items)
    items.sort(key=lambda i: relevance_key(meta, *i))
    return _spread(items, meta)


def _spread(items: list[tuple[int, float]], meta: list[NodeMeta]) -> list[tuple[int, float]]:
    """Keep the relative order within each document, but on the first TOP places let no
    document take more than PER_DOCUMENT while another has a strong match waiting (one
    that scores at least SHOWN_SHARE of the best), and give
    every document whose best match scores at least SHOWN_SHARE of the best its best
    match there (the Vienna Declaration's own paragraph among many commentaries on it)."""
    docs = [meta[d].doc for d, _ in items]
    if len(set(docs)) < 2:
        return items
    best = _weighted(meta, items[0])
    strong = [_weighted(meta, x) >= SHOWN_SHARE * best for x in items]
    # strong matches not yet placed, per document
    waiting_strong: dict[str, int] = {}
    for doc, st in zip(docs, strong, strict=True):
        if st:
            waiting_strong[doc] = waiting_strong.get(doc, 0) + 1
    top: list[int] = []  # indices into items
    placed: set[int] = set()
    per_doc: dict[str, int] = {}
    while len(top) < min(TOP, len(items)):
        total = sum(waiting_strong.values())
        for i, doc in enumerate(docs):
            if i in placed:
                continue
            if per_doc.get(doc, 0) < PER_DOCUMENT or total == waiting_strong.get(doc, 0):
                break
        per_doc[doc] = per_doc.get(doc, 0) + 1
        top.append(i)
        placed.add(i)
        if strong[i]:
            waiting_strong[doc] -= 1
    first_of: dict[str, int] = {}
    for i, doc in enumerate(docs):
        first_of.setdefault(doc, i)
    for doc, i in sorted(first_of.items(), key=lambda x: x[1]):
        if doc in per_doc or _weighted(meta, items[i]) < SHOWN_SHARE * best:
            continue
        if len(top) == TOP:
            crowded = max(per_doc, key=lambda k: (per_doc[k], -first_of[k]))
            if per_doc[crowded] < 2:
                break
            last = max(j for j in top if docs[j] == crowded)
            top.remove(last)
            per_doc[crowded] -= 1
        top.append(i)
        per_doc[doc] = 1
    chosen = set(top)
    return [items[i] for i in top] + [x for i, x in enumerate(items) if i not in chosen]


def _weighted(meta: list[NodeMeta], item: tuple[int, float]) -> float:
    return -relevance_key(meta, *item)[0]


def heading_kind(kind: str) -> bool:
    return kind not in TEXT_KINDS


def counts(docnums: Iterable[int], meta: list[NodeMeta]) -> tuple[tuple[str, int], ...]:
    """(document key, matches) in corpus order."""
    found: dict[tuple[int, str], int] = {}
    for d in docnums:
        m = meta[d]
        found[(m.doc_rank, m.doc)] = found.get((m.doc_rank, m.doc), 0) + 1
    return tuple((doc, n) for (_r, doc), n in sorted(found.items()))
