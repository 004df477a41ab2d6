"""How text becomes index words: tokens, compounds, and stems that spare proper names.

One analyzer serves the index and the query parser (Whoosh pickles it into the index),
and :func:`word_spans` gives the highlighter the same words with their places in the
text. The word lists are in ``words.toml``:

* a hyphen joins two words ("money-laundering" = "money laundering"), except after a
  prefix of ``join_prefixes``, where the closed word is indexed too, at the same
  position ("anti-corruption" = "anticorruption");
* closed words with a prefix of ``split_prefixes`` are also indexed as their parts
  ("corruption" finds "anticorruption");
* the Porter stemmer, except for the ``protected`` words ("United" is not "unit") and
  the words with their own ``forms`` ("officers" is not "Office").
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from whoosh.analysis import Analyzer, Filter, RegexTokenizer
from whoosh.lang.porter import stem as porter_stem

#: Words, with the hyphens that join them: "non-governmental", "U.N", "2001/47" is two.
WORD_PATTERN = r"\w+(?:\.?\w+)*(?:-\w+(?:\.?\w+)*)*"
_WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True, slots=True)
class WordRules:
    join_prefixes: frozenset[str]
    split_prefixes: tuple[str, ...]
    not_compounds: frozenset[str]
    protected: frozenset[str]
    forms: dict[str, str]  # word -> its own indexed form

    @classmethod
    def load(cls) -> WordRules:
        data = tomllib.loads(resources.files(__package__).joinpath("words.toml").read_text("utf-8"))
        c, s = data["compounds"], data["stemming"]
        return cls(
            frozenset(c["join_prefixes"]),
            tuple(sorted(c["split_prefixes"], key=len, reverse=True)),
            frozenset(c["not_compounds"]),
            frozenset(s["protected"]),
            dict(s.get("forms", {})),
        )


RULES = WordRules.load()
MIN_REMAINDER = 4


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The indexed form of one lower-case word without hyphens."""
    if word in RULES.protected:
        return word
    return RULES.forms.get(word) or porter_stem(word)


#: (relative position, indexed form, start, end) of one token's words
Plan = tuple[tuple[int, str, int, int], ...]


@functools.lru_cache(maxsize=65536)
def plan(token: str, query: bool) -> tuple[Plan, int]:
    """The indexed words of one lower-case ``token`` and the positions it takes.

    At query time only the main form of each word (the closed form of a prefixed
    compound); at index time its parts too, at the same position."""
    parts: list[tuple[str, int, int]] = []
    at = 0
    for p in token.split("-"):
        parts.append((p, at, at + len(p)))
        at += len(p) + 1
    out: list[tuple[int, str, int, int]] = []
    rel = i = 0
    while i < len(parts):
        word, s, e = parts[i]
        if word in RULES.join_prefixes and i + 1 < len(parts):
            nxt, _s2, e2 = parts[i + 1]
            out.append((rel, stem(word + nxt), s, e2))
            if not query:
                out += [(rel, stem(word), s, e), (rel, stem(nxt), _s2, e2)]
            i += 2
        else:
            out.append((rel, stem(word), s, e))
            if not query and word not in RULES.not_compounds:
                for prefix in RULES.split_prefixes:
                    if word.startswith(prefix) and len(word) - len(prefix) >= MIN_REMAINDER:
                        rest = word[len(prefix) :]
                        out += [(rel, stem(prefix), s, s + len(prefix)), (rel, stem(rest), s, e)]
                        break
            i += 1
        rel += 1
    seen: set[tuple[int, str]] = set()
    unique = []
    for item in out:
        if item[:2] not in seen:
            seen.add(item[:2])
            unique.append(item)
    return tuple(unique), rel


class CorpusWordFilter(Filter):
    """Lower-cases, splits and joins compounds and stems (see the module docstring)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        pos: int | None = None
        for t in tokens:
            query = t.mode == "query"
            steps, width = plan(t.text.lower(), query)
            positions = t.positions
            chars = t.chars
            if positions and pos is None:
                pos = t.pos
            base = t.startchar if chars else 0
            for rel, form, s, e in steps:
                t.text = form
                if positions:
                    assert pos is not None
                    t.pos = pos + rel
                if chars:
                    t.startchar, t.endchar = base + s, base + e
                yield t
            if pos is not None:
                pos += width


def analyzer() -> Analyzer:
    """No stop list, so that "trafficking in persons" is an exact phrase."""
    return RegexTokenizer(WORD_PATTERN) | CorpusWordFilter()


def query_forms(text: str) -> list[str]:
    """The words of ``text`` as a query looks for them (main forms, in order)."""
    return [
        form for m in _WORD.finditer(text) for _r, form, _s, _e in plan(m.group().lower(), True)[0]
    ]


@functools.lru_cache(maxsize=65536)
def _shape(token: str) -> tuple[tuple[tuple[frozenset[str], int, int], ...], int]:
    """One token's words for the highlighter: (forms, start, end) per position."""
    steps, width = plan(token, False)
    by_rel: dict[int, tuple[set[str], int, int]] = {}
    for rel, form, s, e in steps:
        forms, s0, e0 = by_rel.setdefault(rel, (set(), s, e))
        forms.add(form)
        by_rel[rel] = (forms, min(s0, s), max(e0, e))
    return tuple((frozenset(f), s, e) for f, s, e in (by_rel[r] for r in range(width))), width


def word_spans(text: str) -> list[tuple[int, frozenset[str], int, int]]:
    """(position, indexed forms, start, end) of each word of ``text``, as the index saw it."""
    out = []
    pos = 0
    shape_of = _shape
    for m in _WORD.finditer(text):
        shape, width = shape_of(m.group().lower())
        base = m.start()
        if width == 1:
            forms, s, e = shape[0]
            out.append((pos, forms, base + s, base + e))
        else:
            for rel, (forms, s, e) in enumerate(shape):
                out.append((pos + rel, forms, base + s, base + e))
        pos += width
    return out
