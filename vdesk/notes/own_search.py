"""Search the user's own work with the query typed for the documents.

The document search understands a query language (phrases, AND/OR/NOT, prefix*,
``doc:`` filters); the own-work search is a substring match
(:meth:`NotesRepo.search_own`). :func:`needles` turns the one into the other:
quoted phrases stay whole, operators and filters are dropped, ``prefix*`` loses
its star; :func:`search_own_words` keeps the notes that contain every needle.
"""

from __future__ import annotations

import re

from vdesk.notes.model import OwnHit
from vdesk.notes.repo import NotesRepo

_PHRASE = re.compile(r'"([^"]*)"')
_FILTER = re.compile(r"\b\w+:\S*")
_OPERATORS = frozenset({"and", "or", "not"})


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


def search_own_words(repo: NotesRepo, query: str, *, limit: int = 50) -> list[OwnHit]:
    """Annotations and national notes containing every needle of ``query`` (any case),
    most recently changed first; the snippet shows the longest needle."""
    parts = needles(query)
    if not parts:
        return []
    first = repo.search_own(parts[0], limit=limit * 4)
    for other in parts[1:]:
        if not first:
            break
        keep = {(h.entity, h.id) for h in repo.search_own(other, limit=limit * 40)}
        first = [h for h in first if (h.entity, h.id) in keep]
    return first[:limit]
