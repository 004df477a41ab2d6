"""Searching the corpus index (read-only at run time)."""

from __future__ import annotations

from dataclasses import dataclass


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
