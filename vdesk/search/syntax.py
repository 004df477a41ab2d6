"""Checking a query before Whoosh reads it: what it would silently misread is refused
with a reason, and field values are normalised (``doc:VD`` -> ``doc:vienna-declaration``).
Quoted text is never read for fields: ``"sustainable development: a"`` is a phrase."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..documents import Profiles, search_names
from ..domain.kinds import KINDS
from .schema import FILTER_FIELDS


class QueryError(ValueError):
    """A query the parser cannot make sense of; ``message`` says why, for the user."""


_FIELD_RE = re.compile(r"(?<![\w\"])([A-Za-z_]+):(\"[^\"]*\"|\S*)")
_SCOPES = ("national", "international")


@dataclass(frozen=True, slots=True)
class DocumentNames:
    """What the ``doc:`` filter accepts, from the documents' profiles."""

    keys: tuple[str, ...]
    names: dict[str, str]  # lower-case name -> key
    short: tuple[str, ...]  # the abbreviations that are names, for messages

    @classmethod
    def of(cls, profiles: Profiles) -> DocumentNames:
        names = search_names(profiles)
        short = tuple(p.abbreviation for p in profiles if p.abbreviation.lower() in names)
        return cls(tuple(p.key for p in profiles), names, short)


def check_syntax(text: str, docs: DocumentNames) -> str:
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

    # only outside quotes: a colon in a phrase is punctuation, not a field
    return "".join(p if quoted else _FIELD_RE.sub(fix_field, p) for p, quoted in _pieces(text))


def _pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is a quoted phrase); a quoted field value
    (``doc:"…"``) belongs to its field, outside."""
    out: list[tuple[str, bool]] = []
    start = i = 0
    while i < len(text):
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = len(text) if end < 0 else end + 1
            if i and text[i - 1] == ":":
                i = end
                continue
            out += [(text[start:i], False), (text[i:end], True)]
            start = i = end
            continue
        i += 1
    out.append((text[start:], False))
    return out


def _example(field: str, docs: DocumentNames) -> str:
    first_key = docs.keys[0] if docs.keys else ""
    return {"doc": first_key, "kind": "paragraph", "scope": "national"}[field]
