"""Searching the corpus index (read-only at run time)."""

from __future__ import annotations

import functools
import html
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index, query
from whoosh.analysis import STOP_WORDS
from whoosh.filedb.filestore import FileStorage
from whoosh.lang.porter import stem as porter_stem
from whoosh.qparser import QueryParser, WildcardPlugin
from whoosh.qparser.plugins import FuzzyTermPlugin, RangePlugin

from ..documents import PROFILES, Profiles, search_names
from ..domain.kinds import KINDS
from .evaluate import Evaluator
from .schema import DEFAULT_FIELD, FILTER_FIELDS


class QueryError(ValueError):
    """A query the parser cannot make sense of; ``message`` says why, for the user."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching node. ``snippet`` is HTML: text with hits in ``<b class="match">``."""

    id: str
    doc: str
    kind: str
    citation: str
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    hits: tuple[SearchHit, ...]
    total: int  # matches in all, may exceed len(hits)
    terms: tuple[str, ...]  # the words to highlight in the reader (stemmed forms expanded)


SNIPPET_CHARS = 240
SNIPPET_LEAD = 70
#: A bare word in more than this share of all nodes is left out of an AND query.
COMMON_WORD_SHARE = 0.35  # characters shown before the first hit
#: Whoosh's default tokenizer pattern: the same words as in the index.
_WORD = re.compile(r"\w+(?:\.?\w+)*")


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return porter_stem(word.lower())


def word_matches(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` whose indexed form is one of ``terms``.

    The same tokenizer, lower-casing and stemmer as the index, with the stems of
    words seen before cached: marking hits costs a dictionary lookup per word.
    """
    if not terms:
        return []
    return [m.span() for m in _WORD.finditer(text) if _stem(m.group()) in terms]


def snippet_html(text: str, terms: frozenset[str], width: int = SNIPPET_CHARS) -> str:
    """The best window of ``text`` (the most hits) as HTML, hits in ``<b class="match">``."""
    spans = word_matches(text, terms)
    if not spans:
        return ""
    start, end = 0, len(text)
    if len(text) > width:
        best = max(
            range(len(spans)),
            key=lambda i: sum(
                1
                for s, e in spans
                if s >= spans[i][0] - SNIPPET_LEAD and e <= spans[i][0] - SNIPPET_LEAD + width
            ),
        )
        start = max(0, spans[best][0] - SNIPPET_LEAD)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[best][0] else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > spans[best][1] else end
    out = ["…" if start else ""]
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[pos:s], quote=False))
        out.append(f'<b class="match">{html.escape(text[s:e], quote=False)}</b>')
        pos = e
    out.append(html.escape(text[pos:end], quote=False))
    out.append("…" if end < len(text) else "")
    return "".join(out)


_FIELD_RE = re.compile(r"(?<![\w\"])([A-Za-z_]+):(\"[^\"]*\"|\S*)")
_SCOPES = ("national", "international")


@dataclass(frozen=True, slots=True)
class _DocumentNames:
    """What the ``doc:`` filter accepts, from the documents' profiles."""

    keys: tuple[str, ...]
    names: dict[str, str]  # lower-case name -> key
    short: tuple[str, ...]  # the abbreviations that are names, for messages

    @classmethod
    def of(cls, profiles: Profiles) -> _DocumentNames:
        names = search_names(profiles)
        short = tuple(p.abbreviation for p in profiles if p.abbreviation.lower() in names)
        return cls(tuple(p.key for p in profiles), names, short)


def _check_syntax(text: str, docs: _DocumentNames) -> str:
    """Reject what Whoosh would silently misread; return the query with field values normalised."""
    if text.count('"') % 2:
        raise QueryError('An opening quotation mark (") has no closing one.')
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise QueryError("A closing parenthesis has no opening one.")
    if depth:
        raise QueryError("An opening parenthesis has no closing one.")
    words = text.split()
    if words and words[-1] in ("AND", "OR", "NOT", "ANDNOT"):
        raise QueryError(f"“{words[-1]}” at the end needs a word after it.")
    if words and words[0] in ("AND", "OR", "ANDNOT"):
        raise QueryError(f"“{words[0]}” at the start needs a word before it.")

    def fix_field(m: re.Match[str]) -> str:
        name, value = m.group(1), m.group(2).strip('"')
        lname = name.lower()
        if lname not in FILTER_FIELDS:
            known = ", ".join(f"{k}:" for k in FILTER_FIELDS)
            raise QueryError(f"Unknown field “{name}:”. You can filter with {known}.")
        if not value:
            raise QueryError(f"“{name}:” needs a value, e.g. {lname}:{_example(lname, docs)}.")
        if lname == "doc":
            key = docs.names.get(value.lower())
            if key is None:
                keys = ", ".join(docs.keys)
                short = f" (or {', '.join(docs.short)})" if docs.short else ""
                raise QueryError(f"Unknown document “{value}”. Use one of: {keys}{short}.")
            return f"doc:{key}"
        if lname == "kind":
            if value.lower() not in KINDS:
                raise QueryError(f"Unknown kind “{value}”. Use one of: {', '.join(KINDS)}.")
            return f"kind:{value.lower()}"
        if value.lower() not in _SCOPES:
            raise QueryError("scope: takes national or international.")
        return f"scope:{value.lower()}"

    return _FIELD_RE.sub(fix_field, text)


def _example(field: str, docs: _DocumentNames) -> str:
    first_key = docs.keys[0] if docs.keys else ""
    return {"doc": first_key, "kind": "paragraph", "scope": "national"}[field]


class Searcher:
    """Full-text search over the corpus index. Thread-safe; open once, reuse.

    ``profiles`` are the documents of the corpus: the ``doc:`` filter accepts their
    keys and one-word aliases (``doc:VD``, ``doc:POA``)."""

    def __init__(self, index_dir: Path, profiles: Profiles = PROFILES) -> None:
        self._docs = _DocumentNames.of(profiles)
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

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def parse(self, text: str) -> query.Query:
        """The Whoosh query for ``text``; raises :class:`QueryError` with a reason."""
        if not text.strip():
            raise QueryError("Type something to search for.")
        normalised = _check_syntax(text, self._docs)
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
        limit: int = 50,
    ) -> SearchResults:
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
            q = self._drop_common_words(q)
            # the words to mark: prefixes and wildcards expanded to the indexed words
            found = q.existing_terms(self._searcher.reader(), phrases=True, expand=True)
            terms = tuple(
                sorted(
                    {
                        t.decode() if isinstance(t, bytes) else t
                        for f, t in found
                        if f == DEFAULT_FIELD
                    }
                )
            )
            wanted = frozenset(terms)
            ranked = self._ranked(q, flt)
            if ranked is not None:
                total = len(ranked)
                hits = tuple(
                    self._hit(self._searcher.stored_fields(d), score, wanted)
                    for d, score in ranked[: max(1, limit)]
                )
            else:
                # Scoring every match and cutting afterwards is faster here than a
                # limited search, whose exact count re-runs the query; and the count
                # respects the filter (a limited search with terms=True counts
                # unfiltered documents).
                results = self._searcher.search(q, limit=None, filter=flt)
                total = results.scored_length()
                hits = tuple(
                    self._hit(results[i].fields(), results[i].score, wanted)
                    for i in range(min(max(1, limit), total))
                )
        return SearchResults(query=text, hits=hits, total=total, terms=terms)

    def _ranked(self, q: query.Query, flt: query.Query | None) -> list[tuple[int, float]] | None:
        """(document number, score), best first, as Whoosh ranks them (score, then
        index order); None when the query needs Whoosh's own matchers."""
        scores = self._evaluator.scores(q)
        if scores is None:
            return None
        if flt is not None:
            allowed = self._evaluator.ids(flt)
            if allowed is None:
                return None
            scores = {d: s for d, s in scores.items() if d in allowed}
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))

    def _hit(self, fields: dict[str, Any], score: float, terms: frozenset[str]) -> SearchHit:
        snippet = snippet_html(fields.get("text") or "", terms) or snippet_html(
            fields.get("heading") or "", terms
        )
        if not snippet:
            body = fields.get("text") or fields.get("heading") or ""
            cut = body[:SNIPPET_CHARS]
            snippet = html.escape(cut + ("…" if len(body) > SNIPPET_CHARS else ""), quote=False)
        return SearchHit(
            id=fields["id"],
            doc=fields["doc"],
            kind=fields["kind"],
            citation=fields["citation"],
            snippet=snippet,
            score=round(float(score), 4),
        )

    def match_spans(self, text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
        """Character spans of ``text`` whose stemmed form is one of ``terms`` (for the reader)."""
        return word_matches(text, frozenset(terms))
