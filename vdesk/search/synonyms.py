"""Curated synonyms of UN crime-prevention terms (``synonyms.toml``), as query expansion.

A query word, a run of query words or a quoted phrase that is a term of a group also
finds the group's other terms: "cybercrime" becomes ``cybercrime OR "computer-related
crime" OR …``. The user's own words stay the first alternative, so what they typed
matches as before and ranks the same way.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from whoosh import query
from whoosh.analysis import STOP_WORDS

from .analysis import query_forms
from .schema import DEFAULT_FIELD

Forms = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SynonymGroup:
    terms: tuple[str, ...]
    source: str


def load_groups() -> tuple[SynonymGroup, ...]:
    text = resources.files(__package__).joinpath("synonyms.toml").read_text("utf-8")
    return tuple(
        SynonymGroup(tuple(g["terms"]), " ".join(g["source"].split()))
        for g in tomllib.loads(text)["group"]
    )


def _as_query(forms: Forms, typed: Forms) -> query.Query:
    """One alternative, weighted so that a longer term does not outscore the user's own
    words by its length alone (a phrase scores the sum of its words): the ratio of the
    content words, at most 1."""
    boost = min(1.0, max(1, len(_content(typed))) / max(1, len(_content(forms))))
    if len(forms) == 1:
        return query.Term(DEFAULT_FIELD, forms[0], boost=boost)
    return query.Phrase(DEFAULT_FIELD, list(forms), boost=boost)


class Synonyms:
    """The groups, keyed by the indexed forms of their terms."""

    def __init__(self, groups: tuple[SynonymGroup, ...]) -> None:
        self.groups = groups
        self._by_forms: dict[Forms, tuple[Forms, ...]] = {}
        # words typed without quotes match a term whatever its function words:
        # "trafficking persons" is "trafficking in persons"
        self._by_words: dict[Forms, Forms] = {}
        for g in groups:
            members = tuple(dict.fromkeys(tuple(query_forms(t)) for t in g.terms))
            for m in members:
                self._by_forms[m] = members
                if len(_content(m)) > 1:
                    self._by_words.setdefault(_content(m), m)
        self._longest = max((len(f) for f in self._by_forms), default=0)

    def alternatives(self, forms: Forms) -> tuple[Forms, ...]:
        """The other terms of the group of ``forms`` (none if it is in no group)."""
        return tuple(m for m in self._by_forms.get(forms, ()) if m != forms)

    def expand(self, q: query.Query) -> query.Query:
        """``q`` with each synonym term OR-ed with its group's other terms."""
        kind = type(q)
        if kind is query.Term and q.fieldname == DEFAULT_FIELD and q.boost == 1.0:
            return self._or(q, (q.text,))
        if kind is query.Phrase and q.fieldname == DEFAULT_FIELD and q.slop == 1:
            return self._or(q, tuple(q.words))
        if kind is query.And:
            return query.And(self._runs(self._flat_and(q)))
        if isinstance(q, query.Or | query.AndNot | query.Not):
            return q.apply(self.expand)
        return q

    def _or(self, q: query.Query, forms: Forms) -> query.Query:
        others = self.alternatives(forms)
        return query.Or([q, *(_as_query(o, forms) for o in others)]) if others else q

    @staticmethod
    def _flat_and(q: query.Query) -> list[query.Query]:
        out: list[query.Query] = []
        for s in q.subqueries:
            out += _flat(s)
        return out

    def _runs(self, parts: list[query.Query]) -> list[query.Query]:
        """Runs of plain words that spell a multi-word term ("computer-related crime")."""
        out: list[query.Query] = []
        i = 0
        while i < len(parts):
            for n in range(min(self._longest, len(parts) - i), 1, -1):
                run = parts[i : i + n]
                if all(_plain_word(p) for p in run) and not _stop(run[0]) and not _stop(run[-1]):
                    forms = tuple(p.text for p in run)  # type: ignore[attr-defined]
                    member = self._by_words.get(_content(forms))
                    others = self.alternatives(member) if member else ()
                    if others:
                        alts = [_as_query(o, forms) for o in others]
                        out.append(query.Or([query.And(run), *alts]))
                        i += n
                        break
            else:
                out.append(self.expand(parts[i]))
                i += 1
        return out


def _content(forms: Forms) -> Forms:
    return tuple(f for f in forms if f not in STOP_WORDS)


def _stop(q: query.Query) -> bool:
    return q.text in STOP_WORDS  # type: ignore[attr-defined,no-any-return]


def _plain_word(q: query.Query) -> bool:
    return type(q) is query.Term and q.fieldname == DEFAULT_FIELD and q.boost == 1.0


def _flat(q: query.Query) -> list[query.Query]:
    """An And inside an And (a hyphenated word of the query) is the same And."""
    if type(q) is query.And and q.boost == 1.0:
        return [x for s in q.subqueries for x in _flat(s)]
    return [q]
