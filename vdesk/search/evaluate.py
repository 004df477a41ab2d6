"""Boolean queries evaluated on cached postings, with Whoosh's own scores.

The corpus index is small and opened read-only, yet Whoosh walks its matchers
posting by posting in Python on every query: two common words cost 5-10 ms. Here
each word's postings are read once through Whoosh (document numbers, positions,
and the score Whoosh's weighting gives each posting) and kept; a query is then set
algebra on those tables:

* a term: its table;
* ``And``: the documents in every positive part, minus those of its ``Not`` parts,
  scored by the sum of the parts' scores plus 1 per ``Not`` part (Whoosh matches a
  ``Not`` as every other document, each scoring 1);
* ``Or``: the documents in any part, scored by the sum of the scores of the parts
  that match;
* ``AndNot``: the first part's documents not in the second;
* an exact phrase (adjacent words): the documents where the words follow each other,
  scored by the sum of the words' scores (as Whoosh's span matcher does).

A boosted term or phrase scores its boost times as much.
Anything else (prefixes, wildcards, fuzzy terms, boosted AND/OR, slop, ``Not`` alone or
in ``Or``) makes :meth:`Evaluator.scores` return None and the caller lets Whoosh match the query.
Tests check that results and scores equal Whoosh's.

Memory: a word's positions are kept as tuples (a frozenset per posting costs four
times as much: the tables of every word of this corpus took ~21 MiB with sets,
~12 MiB with tuples), and the tables are an LRU cache bounded by the number of
postings they hold (``MAX_POSTINGS``), least recently used words dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from whoosh import query

#: document number -> score
Scores = dict[int, float]
#: document number -> the word's positions in it, ascending
Positions = dict[int, tuple[int, ...]]
Key = tuple[str, bytes]

#: Postings kept in the score and position tables together (~100 bytes a posting
#: with its positions): every word of the current corpus fits (52,000 postings a table).
MAX_POSTINGS = 200_000


class _Unsupported(Exception):
    pass


class Evaluator:
    """Evaluates queries against one open Whoosh searcher (read-only index)."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._schema = searcher.schema
        # ("scores" | "positions", word) -> table, least recently used first
        self._tables: OrderedDict[tuple[str, Key], dict[int, Any]] = OrderedDict()
        self._kept = 0  # postings in all the tables
        self._lock = threading.Lock()

    def scores(self, q: query.Query) -> Scores | None:
        """Matching document numbers with their scores, or None if not supported."""
        try:
            with self._lock:
                return self._eval(q)
        except _Unsupported:
            return None

    def ids(self, q: query.Query) -> set[int] | None:
        """The documents matching ``q`` (a filter), or None if not supported."""
        found = self.scores(q)
        return None if found is None else set(found)

    # --- the tables -------------------------------------------------------------

    def _key(self, fieldname: str, text: str | bytes) -> Key | None:
        if fieldname not in self._schema:
            return None
        field = self._schema[fieldname]
        try:
            b = text if isinstance(text, bytes) else field.to_bytes(text)
        except ValueError:
            return None
        if (fieldname, b) not in self._reader:
            return None
        return fieldname, b

    @property
    def postings_kept(self) -> int:
        """Postings held in the tables (at most :data:`MAX_POSTINGS`, or one word's)."""
        return self._kept

    def _cached(self, kind: str, key: Key) -> Any:
        found = self._tables.get((kind, key))
        if found is not None:
            self._tables.move_to_end((kind, key))
        return found

    def _keep(self, kind: str, key: Key, found: dict[int, Any]) -> None:
        self._tables[(kind, key)] = found
        self._kept += len(found)
        while self._kept > MAX_POSTINGS and len(self._tables) > 1:
            _, dropped = self._tables.popitem(last=False)
            self._kept -= len(dropped)

    def _term_scores(self, key: Key) -> Scores:
        found: Scores | None = self._cached("scores", key)
        if found is None:
            fieldname, text = key
            scorer = self._searcher.weighting.scorer(self._searcher, fieldname, text)
            m = self._reader.postings(fieldname, text)
            found = {}
            while m.is_active():
                found[m.id()] = scorer.score(m)
                m.next()
            self._keep("scores", key, found)
        return found

    def _term_positions(self, key: Key) -> Positions:
        found: Positions | None = self._cached("positions", key)
        if found is None:
            m = self._reader.postings(*key)
            found = {docnum: tuple(pos) for docnum, pos in m.items_as("positions")}
            self._keep("positions", key, found)
        return found

    # --- evaluation ---------------------------------------------------------------

    def _eval(self, q: query.Query) -> Scores:
        kind = type(q)
        if kind is query.Term or kind is query.Phrase:
            if kind is query.Term:
                key = self._key(q.fieldname, q.text)
                found = {} if key is None else self._term_scores(key)
            else:
                found = self._phrase(q)
            # a boosted word or phrase scores its boost times as much, as in Whoosh
            return found if q.boost == 1.0 else {d: s * q.boost for d, s in found.items()}
        if q.boost != 1.0:
            raise _Unsupported
        if kind is query.And or kind is query.Or:
            return self._compound(q, intersect=kind is query.And)
        if kind is query.AndNot:
            positive = self._eval(q.a)
            negative = self._eval(q.b)
            return {d: s for d, s in positive.items() if d not in negative}
        raise _Unsupported

    def _compound(self, q: Any, *, intersect: bool) -> Scores:
        positives = [s for s in q.subqueries if not isinstance(s, query.Not)]
        negatives = [s.query for s in q.subqueries if isinstance(s, query.Not)]
        if not positives or (not intersect and (negatives or q.minmatch or q.scale)):
            raise _Unsupported  # NOT on its own, or inside OR: everything else matches
        parts = [self._eval(s) for s in positives]
        excluded: set[int] = set()
        for n in negatives:
            excluded.update(self._eval(n))
        # Whoosh matches each NOT part as "every other document", scoring 1 each
        bonus = float(len(negatives))
        out: Scores = {}
        if intersect:
            smallest = min(parts, key=lambda p: len(p))
            for d in smallest:
                if d not in excluded and all(d in p for p in parts):
                    out[d] = sum(p[d] for p in parts) + bonus
        else:
            union: set[int] = set()
            for p in parts:
                union.update(p)
            for d in sorted(union):
                out[d] = sum(p[d] for p in parts if d in p)
        return out

    def _phrase(self, q: Any) -> Scores:
        if q.slop != 1:
            raise _Unsupported
        if q.fieldname not in self._schema:
            return {}
        field = self._schema[q.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise _Unsupported
        keys = [self._key(q.fieldname, w) for w in q.words]
        real = [k for k in keys if k is not None]
        if not real or len(real) < len(keys):
            return {}  # a word that is nowhere: no document has the phrase
        positions = [self._term_positions(k) for k in real]
        scores = [self._term_scores(k) for k in real]
        rarest: Positions = min(positions, key=len)
        candidates = set(rarest)
        for p in positions:
            candidates.intersection_update(p)
        out: Scores = {}
        for d in sorted(candidates):
            starts = set(positions[0][d])
            for offset, p in enumerate(positions[1:], start=1):
                starts.intersection_update(pos - offset for pos in p[d])
                if not starts:
                    break
            if starts:
                out[d] = sum(s[d] for s in scores)
        return out
