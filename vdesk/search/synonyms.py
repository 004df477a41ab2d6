"""Curated synonyms of UN crime-prevention terms (``synonyms.toml``), as query expansion.

A query word or a run of query words that is a term of a group also finds the group's
other terms: "cybercrime" becomes ``cybercrime OR "computer-related
crime" OR …``. The user's own words stay the first alternative, so what they typed
matches as before and ranks the same way. A quoted phrase is exact wording and is not
expanded: ``"trafficking in persons"`` finds only those words.
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
        if kind is query.And:
            return query.And(self._runs(list(q.subqueries)))
        if isinstance(q, query.Or | query.AndNot | query.Not):
            return q.apply(self.expand)
        return q

    def _or(self, q: query.Query, forms: Forms) -> query.Query:
        others = self.alternatives(forms)
        return query.Or([q, *(_as_query(o, forms) for o in others)]) if others else q

    def expand_parts(self, parts: list[query.Query]) -> list[tuple[tuple[int, ...], query.Query]]:
        """The parts of an AND, expanded: a run of parts that spells a multi-word term
        ("computer-related crime", the words in a row) becomes one part. Each comes
        with the indices of the parts it stands for."""
        flat = [(i, x) for i, p in enumerate(parts) for x in _flat(p)]
        out: list[tuple[tuple[int, ...], query.Query]] = []
        used: set[int] = set()  # positions in flat taken by a run
        k = 0
        while k < len(flat):
            for n in range(min(self._longest, len(flat) - k), 1, -1):
                run = [x for _i, x in flat[k : k + n]]
                if not all(_plain_word(x) for x in run) or _stop(run[0]) or _stop(run[-1]):
                    continue
                forms = tuple(x.text for x in run)  # type: ignore[attr-defined]
                member = self._by_words.get(_content(forms))
                others = self.alternatives(member) if member else ()
                if others:
                    alts = [_as_query(o, forms) for o in others]
                    indices = tuple(dict.fromkeys(i for i, _x in flat[k : k + n]))
                    out.append((indices, query.Or([query.And(run), *alts])))
                    used.update(range(k, k + n))
                    k += n
                    break
            else:
                k += 1
        for i, p in enumerate(parts):
            mine = [k for k, (j, _x) in enumerate(flat) if j == i]
            if not used.intersection(mine):
                out.append(((i,), self.expand(p)))
            else:
                out += [((i,), self.expand(flat[k][1])) for k in mine if k not in used]
        out.sort(key=lambda item: item[0])
        return out

    def _runs(self, parts: list[query.Query]) -> list[query.Query]:
        return [q for _i, q in self.expand_parts(parts)]


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
