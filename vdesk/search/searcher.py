"""Searching the corpus index (read-only at run time)."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from whoosh import index, query
from whoosh.analysis import STOP_WORDS
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser, WildcardPlugin
from whoosh.qparser.plugins import FuzzyTermPlugin, RangePlugin

from ..documents import PROFILES, Profiles
from .analysis import WORD_PATTERN, query_forms
from .evaluate import Evaluator, Scores
from .ranking import NodeMeta, counts, heading_kind, order
from .results import RELEVANCE, SORTS, SearchHit, SearchResults
from .schema import DEFAULT_FIELD
from .snippets import SNIPPET_CHARS, Marks, Span, match_spans, snippet
from .synonyms import Synonyms, load_groups
from .syntax import DocumentNames, QueryError, check_syntax

__all__ = ["SNIPPET_CHARS", "QueryError", "SearchHit", "SearchResults", "Searcher"]

#: A bare word in more than this share of all nodes is left out of an AND query.
COMMON_WORD_SHARE = 0.35
#: Unquoted words found side by side, as typed, add this share of the phrase's score.
PHRASE_BONUS = 0.5
#: Partial matches rank by the number of words matched first, then by score.
_PER_WORD = 1e6
_WORD = re.compile(WORD_PATTERN)
_QUOTED = re.compile(r'"([^"]*)"')


def word_matches(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` whose indexed form is one of ``terms``."""
    return match_spans(text, Marks(terms))


class Searcher:
    """Full-text search over the corpus index. Thread-safe; open once, reuse.

    ``profiles`` are the documents of the corpus: the ``doc:`` filter accepts their
    keys and one-word aliases (``doc:VD``, ``doc:POA``)."""

    def __init__(self, index_dir: Path, profiles: Profiles = PROFILES) -> None:
        self._docs = DocumentNames.of(profiles)
        storage = FileStorage(str(index_dir), readonly=True)
        try:
            self._ix = storage.open_index()
        except (index.EmptyIndexError, OSError) as exc:
            raise FileNotFoundError(f"no search index in {index_dir}: {exc}") from exc
        self._lock = threading.Lock()
        self._searcher = self._ix.searcher()
        parser = QueryParser(DEFAULT_FIELD, self._ix.schema)
        parser.remove_plugin_class(RangePlugin)
        parser.add_plugin(FuzzyTermPlugin())
        if not any(isinstance(p, WildcardPlugin) for p in parser.plugins):
            parser.add_plugin(WildcardPlugin())
        self._parser = parser
        self._doc_count = self._searcher.doc_count()
        self._evaluator = Evaluator(self._searcher)
        self._synonyms = Synonyms(load_groups())
        rank = {p.key: i for i, p in enumerate(profiles)}
        self._meta: list[NodeMeta] = [NodeMeta("", len(rank), 0, True)] * (
            self._searcher.doc_count_all()
        )
        for docnum, f in self._searcher.reader().iter_docs():
            self._meta[docnum] = NodeMeta(
                f["doc"], rank.get(f["doc"], len(rank)), f["ordinal"], heading_kind(f["kind"])
            )

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    @property
    def synonyms(self) -> Synonyms:
        return self._synonyms

    def parse(self, text: str) -> query.Query:
        """The Whoosh query for ``text``; raises :class:`QueryError` with a reason."""
        if not text.strip():
            raise QueryError("Type something to search for.")
        normalised = check_syntax(text, self._docs)
        try:
            q = self._parser.parse(normalised)
        except Exception as exc:  # the parser's own errors are few and terse
            raise QueryError(f"Could not understand the query: {exc}") from None
        if q is query.NullQuery or (not any(True for _ in q.leaves()) and not q.is_leaf()):
            raise QueryError("Nothing to search for: the query has no words.")
        return q

    def _drop_common_words(self, q: query.Query) -> query.Query:
        """Leave out of an AND the function words found in most nodes ("in", "of", "the").

        They would match nearly every node anyway and cost most of the time; inside
        "phrases" they are kept, so exact wording still counts.
        """
        if isinstance(q, query.And):
            kids = [self._drop_common_words(k) for k in q.subqueries]
            limit = COMMON_WORD_SHARE * self._doc_count
            rare = [
                k
                for k in kids
                if not (
                    isinstance(k, query.Term)
                    and k.fieldname == DEFAULT_FIELD
                    and k.text in STOP_WORDS
                    and self._searcher.doc_frequency(k.fieldname, k.text) > limit
                )
            ]
            return query.And(rare) if rare and len(rare) < len(kids) else query.And(kids)
        if isinstance(q, query.Or | query.AndNot | query.Not):
            return q.apply(self._drop_common_words)
        return q

    def search(
        self,
        text: str,
        *,
        doc: str | None = None,
        scope: str | None = None,
        within: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
        sort: str = RELEVANCE,
    ) -> SearchResults:
        """One page of hits (``offset``, ``limit``; ``limit=None``: all from ``offset``),
        by relevance or in document order (``sort``). When no node has all the words of
        an AND, the nodes with most of them, marked ``partial``."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
        if offset < 0 or (limit is not None and limit < 1):
            raise ValueError("offset must be >= 0 and limit >= 1")
        q = self.parse(text)
        filters: list[query.Query] = []
        if doc:
            filters.append(query.Term("doc", doc))
        if scope:
            filters.append(query.Term("scope", scope))
        if within:
            filters.append(query.Term("within", within))
        flt = query.And(filters) if filters else None
        with self._lock:
            together = _adjacent_phrase(q)
            q = self._drop_common_words(q)
            parts = _parts(q)
            # doc:, kind:, scope: in an AND are filters: never left out of a partial match
            fields = [p for p in parts if _is_field(p)] if isinstance(q, query.And) else []
            parts = [p for p in parts if p not in fields]
            labels = _labels(text, parts)
            typed = self._marks(q)  # the user's own words, before synonyms
            if isinstance(q, query.And) and len(parts) > 1:
                expanded = self._synonyms.expand_parts(parts)
                parts = [p for _i, p in expanded]
                labels = [_typed(text, [labels[i] for i in ix]) for ix, _p in expanded]
                negatives = [s for s in q.subqueries if isinstance(s, query.Not)]
                q = query.And([*parts, *fields, *negatives])
            elif isinstance(q, query.Or) and len(parts) > 1:
                q = q.apply(self._synonyms.expand)
                parts = _parts(q)
            else:
                q = self._synonyms.expand(q)
                parts = [q]
            marks = self._marks(q)
            scores = self._scores(q, flt)
            if together is not None and scores:
                # the words as typed, side by side, rank above the same words apart
                for d, bonus in self._scores(together, flt).items():
                    if d in scores:
                        scores[d] += PHRASE_BONUS * bonus
            part_scores: list[Scores] | None = None
            partial = False
            ranks = scores
            if not scores and isinstance(q, query.And) and len(parts) > 1:
                scores, ranks, part_scores = self._partial(q, parts, [*filters, *fields])
                partial = bool(scores)
            elif isinstance(q, query.Or) and len(parts) > 1:
                part_scores = [self._scores(p, flt) for p in parts]
            ordered = order(ranks.items(), self._meta, sort)
            page = ordered[offset:] if limit is None else ordered[offset : offset + limit]
            hits = []
            for d, _rank in page:
                if part_scores is None:
                    matched = tuple(dict.fromkeys(labels))
                else:
                    has = [lab for lab, ps in zip(labels, part_scores, strict=True) if d in ps]
                    matched = tuple(dict.fromkeys(has))
                hit_partial = partial and len(set(matched)) < len(set(labels))
                hits.append(self._hit(d, scores[d], marks, matched, hit_partial))
            total = len(ordered)
            summary = counts((d for d, _ in ordered), self._meta)
        words = tuple(dict.fromkeys(labels))
        label = ""
        if partial:
            label = (
                f"No provision has all of: {', '.join(words)}. "
                "These are the closest matches, with the most of them."
            )
        # for the reader's word-by-word marks: the user's words (a synonym's words, such as
        # "crime" of "computer-related crime", would mark every "crime" of a page);
        # Searcher.highlight marks the synonyms too, and phrases only where whole
        terms = tuple(sorted(typed.words | {w for p in typed.phrases for w in p}))
        return SearchResults(
            query=text,
            hits=tuple(hits),
            total=total,
            terms=terms,
            phrases=marks.phrases,
            offset=offset,
            sort=sort,
            counts=summary,
            partial=partial,
            label=label,
            words=words,
            mark_words=tuple(sorted(marks.words)),
        )

    def _partial(
        self, q: query.Query, parts: list[query.Query], within: list[query.Query]
    ) -> tuple[Scores, Scores, list[Scores]]:
        """When no node has every part of the AND ``q``: the nodes with some, their
        scores, their ranks (more parts first, then the score) and each part's matches.
        ``within`` (the filters) and the AND's NOTs still apply."""
        flt = query.And(within) if within else None
        part_scores = [self._scores(p, flt) for p in parts]
        excluded: set[int] = set()
        for n in q.subqueries:
            if isinstance(n, query.Not):
                excluded.update(self._scores(n.query, flt))
        scores: Scores = {}
        matched: dict[int, int] = {}
        for ps in part_scores:
            for d, s in ps.items():
                if d not in excluded:
                    scores[d] = scores.get(d, 0.0) + s
                    matched[d] = matched.get(d, 0) + 1
        ranks = {d: matched[d] * _PER_WORD + s for d, s in scores.items()}
        return scores, ranks, part_scores

    def _scores(self, q: query.Query, flt: query.Query | None) -> Scores:
        """The matches of ``q`` with their scores: set algebra on cached postings where
        the evaluator can, else Whoosh's matchers (same documents and scores)."""
        scores = self._evaluator.scores(q)
        if scores is not None and flt is not None:
            allowed = self._evaluator.ids(flt)
            scores = None if allowed is None else {d: s for d, s in scores.items() if d in allowed}
        if scores is None:
            results = self._searcher.search(q, limit=None, filter=flt)
            scores = {docnum: score for score, docnum in results.top_n}
        return scores

    def _marks(self, q: query.Query) -> Marks:
        """What to mark in snippets: the words and phrases of the positive parts of ``q``
        (prefixes and wildcards expanded to the indexed words)."""
        words: set[str] = set()
        phrases: list[tuple[str, ...]] = []

        def walk(x: query.Query) -> None:
            kind = type(x)
            if kind is query.Term:
                if x.fieldname == DEFAULT_FIELD:
                    words.add(x.text)
            elif kind is query.Phrase:
                if x.fieldname == DEFAULT_FIELD:
                    phrases.append(tuple(x.words))
            elif isinstance(x, query.Not):
                return
            elif isinstance(x, query.AndNot):
                walk(x.a)
            elif isinstance(x, query.And | query.Or):
                for s in x.subqueries:
                    walk(s)
            else:
                found = x.existing_terms(self._searcher.reader(), phrases=True, expand=True)
                for f, t in found:
                    if f == DEFAULT_FIELD:
                        words.add(t.decode() if isinstance(t, bytes) else t)

        walk(q)
        return Marks(frozenset(words), tuple(dict.fromkeys(phrases)))

    def _hit(
        self, docnum: int, score: float, marks: Marks, matched: tuple[str, ...], partial: bool
    ) -> SearchHit:
        fields: dict[str, Any] = self._searcher.stored_fields(docnum)
        body = fields.get("text") or ""
        heading = fields.get("heading") or ""
        in_footnote = None
        spans = match_spans(body, marks)
        source = body
        if not spans and heading:
            spans = match_spans(heading, marks)
            source = heading if spans else body
        if not spans:
            for num, note in fields.get("footnotes") or ():
                spans = match_spans(note, marks)
                if spans:
                    source, in_footnote = note, num
                    break
        if not spans and not source:
            source = heading
        cut = snippet(source, spans)
        return SearchHit(
            id=fields["id"],
            doc=fields["doc"],
            kind=fields["kind"],
            citation=fields["citation"],
            text=cut.text,
            spans=cut.spans,
            score=round(float(score), 4),
            in_footnote=in_footnote,
            partial=partial,
            matched=matched,
        )

    def match_spans(self, text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
        """Character spans of ``text`` whose indexed form is one of ``terms`` (for the reader)."""
        return word_matches(text, frozenset(terms))

    def highlight(self, text: str, results: SearchResults) -> list[Span]:
        """The spans of ``text`` to mark for ``results``: its words, and its phrases
        only where the whole phrase is (one span each), never a lone "in" of a phrase."""
        return match_spans(text, Marks(frozenset(results.mark_words), results.phrases))


def _adjacent_phrase(q: query.Query) -> query.Query | None:
    """The phrase of the words of a plain AND of words ("restorative justice"), or None."""
    if type(q) is not query.And or len(q.subqueries) < 2:
        return None
    words = []
    for s in q.subqueries:
        if type(s) is not query.Term or s.fieldname != DEFAULT_FIELD or s.boost != 1.0:
            return None
        words.append(s.text)
    return query.Phrase(DEFAULT_FIELD, words)


def _typed(text: str, labels: list[str]) -> str:
    """Several words as one label, as typed ("trafficking in persons", with its "in")."""
    unique = list(dict.fromkeys(labels))
    if len(unique) > 1:
        m = re.search(re.escape(unique[0]) + r"[^\"()]*?" + re.escape(unique[-1]), text)
        if m:
            return " ".join(m.group().split())
    return " ".join(unique)


def _is_field(q: query.Query) -> bool:
    """A filter the user typed (``doc:VD``, ``kind:chapter``): no word of the text."""
    leaves = [q] if q.is_leaf() else list(q.leaves())
    return all(getattr(x, "fieldname", DEFAULT_FIELD) != DEFAULT_FIELD for x in leaves)


def _parts(q: query.Query) -> list[query.Query]:
    """The positive parts of a top-level AND or OR (one each word the user typed)."""
    if isinstance(q, query.And | query.Or):
        return [s for s in q.subqueries if not isinstance(s, query.Not)]
    return [q]


def _labels(text: str, parts: list[query.Query]) -> list[str]:
    """Each part as the user typed it."""
    surface: dict[str, str] = {}
    for m in _WORD.finditer(_QUOTED.sub(" ", text)):
        for form in query_forms(m.group()):
            surface.setdefault(form, m.group())
    quoted = {tuple(query_forms(m.group(1))): m.group(0) for m in _QUOTED.finditer(text)}

    def label(x: query.Query) -> str:
        kind = type(x)
        if kind is query.Term:
            return surface.get(x.text, x.text)
        if kind is query.Phrase:
            return quoted.get(tuple(x.words), '"' + " ".join(x.words) + '"')
        if kind is query.Or and x.subqueries:
            return label(x.subqueries[0])  # a synonym group: the user's term comes first
        if kind is query.And:
            return " ".join(dict.fromkeys(label(s) for s in x.subqueries))
        word = getattr(x, "text", None)
        if isinstance(word, str):
            return word + ("*" if isinstance(x, query.Prefix) else "")
        return str(x)

    return [label(p) for p in parts]
