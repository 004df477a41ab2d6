"""Searching the corpus index (read-only at run time)."""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from whoosh import highlight, index, query
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import MultifieldParser, WildcardPlugin
from whoosh.qparser.plugins import FuzzyTermPlugin, RangePlugin

from ..corpus.model import KINDS
from ..corpus.sources import BY_KEY, DOCUMENTS
from .schema import DEFAULT_FIELDS, FILTER_FIELDS, analyzer


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
_FIELD_RE = re.compile(r"(?<![\w\"])([A-Za-z_]+):(\"[^\"]*\"|\S*)")
_DOC_ALIASES = {
    **{d.key: d.key for d in DOCUMENTS},
    **{a.replace(" ", ""): d.key for d in DOCUMENTS for a in d.aliases if " " not in a},
}
_SCOPES = ("national", "international")


def _check_syntax(text: str) -> str:
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
            raise QueryError(f"“{name}:” needs a value, e.g. {lname}:{_example(lname)}.")
        if lname == "doc":
            key = _DOC_ALIASES.get(value.lower())
            if key is None:
                keys = ", ".join(BY_KEY)
                raise QueryError(f"Unknown document “{value}”. Use one of: {keys} (or VD, POA).")
            return f"doc:{key}"
        if lname == "kind":
            if value.lower() not in KINDS:
                raise QueryError(f"Unknown kind “{value}”. Use one of: {', '.join(KINDS)}.")
            return f"kind:{value.lower()}"
        if value.lower() not in _SCOPES:
            raise QueryError("scope: takes national or international.")
        return f"scope:{value.lower()}"

    return _FIELD_RE.sub(fix_field, text)


def _example(field: str) -> str:
    return {"doc": "vienna-declaration", "kind": "paragraph", "scope": "national"}[field]


class Searcher:
    """Full-text search over the corpus index. Thread-safe; open once, reuse."""

    def __init__(self, index_dir: Path) -> None:
        storage = FileStorage(str(index_dir), readonly=True)
        try:
            self._ix = storage.open_index()
        except (index.EmptyIndexError, OSError) as exc:
            raise FileNotFoundError(f"no search index in {index_dir}: {exc}") from exc
        self._lock = threading.Lock()
        self._searcher = self._ix.searcher()
        self._analyzer = analyzer()
        parser = MultifieldParser(list(DEFAULT_FIELDS), self._ix.schema)
        parser.remove_plugin_class(RangePlugin)
        parser.add_plugin(FuzzyTermPlugin())
        if not any(isinstance(p, WildcardPlugin) for p in parser.plugins):
            parser.add_plugin(WildcardPlugin())
        self._parser = parser
        self._formatter = highlight.HtmlFormatter(tagname="b", classname="match", between=" … ")
        self._fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)

    def close(self) -> None:
        with self._lock:
            self._searcher.close()
            self._ix.close()

    def parse(self, text: str) -> query.Query:
        """The Whoosh query for ``text``; raises :class:`QueryError` with a reason."""
        if not text.strip():
            raise QueryError("Type something to search for.")
        normalised = _check_syntax(text)
        try:
            q = self._parser.parse(normalised)
        except Exception as exc:  # the parser's own errors are few and terse
            raise QueryError(f"Could not understand the query: {exc}") from None
        if q is query.NullQuery or (not any(True for _ in q.leaves()) and not q.is_leaf()):
            raise QueryError("Nothing to search for: the query has no words.")
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
        terms = tuple(
            sorted(
                {
                    t.decode() if isinstance(t, bytes) else t
                    for f, t in q.iter_all_terms()
                    if f in DEFAULT_FIELDS
                }
            )
        )
        with self._lock:
            results = self._searcher.search(q, limit=max(1, limit), filter=flt, terms=True)
            results.fragmenter = self._fragmenter
            results.formatter = self._formatter
            hits = tuple(self._hit(h) for h in results)
            total = len(results)
        return SearchResults(query=text, hits=hits, total=total, terms=terms)

    def _hit(self, h) -> SearchHit:  # type: ignore[no-untyped-def]
        snippet = h.highlights("text", top=2) or h.highlights("heading", top=1)
        if not snippet:
            body = h.get("text") or h.get("heading") or ""
            cut = body[:SNIPPET_CHARS]
            snippet = html.escape(cut + ("…" if len(body) > SNIPPET_CHARS else ""))
        return SearchHit(
            id=h["id"],
            doc=h["doc"],
            kind=h["kind"],
            citation=h["citation"],
            snippet=snippet,
            score=round(float(h.score), 4),
        )

    def match_spans(self, text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
        """Character spans of ``text`` whose stemmed form is one of ``terms`` (for the reader)."""
        wanted = set(terms)
        if not wanted:
            return []
        return [
            (t.startchar, t.endchar)
            for t in self._analyzer(text, chars=True, mode="index")
            if t.text in wanted
        ]
