"""Search the user's own work with the query typed for the documents.

The document search understands a query language (phrases, AND/OR/NOT, prefix*,
``doc:`` filters); the own-work search is a substring match
(:meth:`NotesStore.search_own`). :func:`needles` turns the one into the other:
quoted phrases stay whole, operators and filters are dropped, ``prefix*`` loses
its star; :func:`search_own_words` keeps the notes that contain every needle
(one query: the needles are ANDed in SQL).
"""

from __future__ import annotations

import re

from vdesk.domain.notes import OwnHit
from vdesk.store.notes.contract import NotesStore

_PHRASE = re.compile(r'"([^"]*)"')
_FILTER = re.compile(r"\b\w+:\S*")
_OPERATORS = frozenset({"and", "or", "not"})
#: Below this length the longest needle matches nearly every note: no search.
MIN_NEEDLE = 3


def needles(query: str) -> list[str]:
    """``'"trafficking in persons" AND victim* doc:POA'`` → ``["trafficking in persons",
    "victim"]``; duplicates and empty parts dropped, longest first."""
    phrases = [p.strip() for p in _PHRASE.findall(query) if p.strip()]
    rest = _FILTER.sub(" ", _PHRASE.sub(" ", query))
    words = [w.strip("()*?") for w in rest.split()]
    words = [w for w in words if w and w.lower() not in _OPERATORS]
    seen: dict[str, str] = {}
    for part in phrases + words:
        seen.setdefault(part.casefold(), part)
    return sorted(seen.values(), key=len, reverse=True)


def search_own_words(repo: NotesStore, query: str, *, limit: int = 50) -> list[OwnHit]:
    """Annotations and national notes containing every needle of ``query`` (any case),
    most recently changed first; the snippet shows the longest needle. Nothing for a
    query whose longest needle is shorter than :data:`MIN_NEEDLE` ("t", "tr")."""
    parts = needles(query)
    if not parts or len(parts[0]) < MIN_NEEDLE:
        return []
    return repo.search_own(parts[0], limit=limit, also=parts[1:])[:limit]
