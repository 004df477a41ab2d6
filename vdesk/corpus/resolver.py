"""The citation resolver: what people type -> a node id.

Grammar (case-insensitive; spaces and punctuation between parts are free)::

    reference   := node-id | citation | [document] locator | locator ("of" | "in") document
    document    := key | alias | symbol          e.g. vienna-declaration, VD, A/RES/55/59, POA
                   (the names of each document's profile: key, short name, abbreviation,
                   citation base, symbol, aliases)
    locator     := { qualifier } [ number { "(" letters ")" } ]
    qualifier   := "annex" | ("chap." | "sect.") ROMAN-or-LETTER ["." LETTER]
                 | ("draft res." | "res.") NUM | ("draft dec." | "dec.") NUM
                 | "part" WORD | "objective" [N] | "guideline" N | ["agenda"] "item" N
    number      := ["para." | "paragraph" | "¶"] N      then (d), (i) ... or a glued letter: 7d

A locator matches a node when its last part is the node's own label (paragraph 7,
subparagraph (d), ...) and the qualifiers appear, in order, among the node's
ancestors. Roman chapters and lettered sections are both "divisions": "chap. I"
and "sect. I" are accepted for either. Among several matches the resolver
prefers the document's main text (the annex of a resolution that carries one),
then the match with the fewest unnamed ancestors; a tie is ambiguous and
reported with the candidates, never guessed. The main text is the profile's
``main_scope``; completions offer the profile's ``abbreviation`` ("VD 7 (d)").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..documents import PROFILES, Profiles
from ..domain.kinds import TEXT_KINDS
from ..store.corpus_db import CorpusRepo, NodeRow

_ROMAN = r"[ivxlc]+"


class UnknownReference(LookupError):
    """Nothing (or more than one thing) matches; ``suggestions`` are citations to offer."""

    def __init__(self, text: str, suggestions: list[str], reason: str = "") -> None:
        self.text = text
        self.suggestions = suggestions
        self.reason = reason or f"no provision matches {text!r}"
        super().__init__(self.reason)


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    doc: str
    comps: tuple[str, ...]  # ancestor qualifiers and own parts, e.g. ("annex", "para:7", "sub:d")
    own: int  # how many trailing comps are the node's own
    citation: str
    in_main: bool


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("’", "'"))


def _own_components(
    row: NodeRow, parent: NodeRow | None, adopted_as: str | None = None
) -> list[str]:
    num = (row.num or "").lower()
    label = row.label.lower()
    if row.kind in ("chapter", "section"):
        if label.startswith("objective"):
            return [f"objective:{num}"]
        return [f"div:{num}"] if num else []
    if row.kind == "part":
        return [f"part:{num}"]
    if row.kind in ("resolution", "decision"):
        if not num:
            # a quoted draft resolution answers to the number it was adopted under
            return [f"res:{adopted_as}"] if row.kind == "resolution" and adopted_as else []
        base = "res" if row.kind == "resolution" else "dec"
        return [f"{base}:{num}"]
    if row.kind == "annex":
        return ["annex"]
    if row.kind == "paragraph":
        if not num:
            return []
        if label.startswith("guideline"):
            return [f"guideline:{num}"]
        if parent is not None and (parent.heading or "").lower().startswith("provisional agenda"):
            return [f"item:{num}"]
        return [f"para:{num}"]
    if row.kind in ("subparagraph", "item") and num:
        return [f"sub:{num}"]
    return []


_TOKEN = re.compile(
    r"""
    (?P<annex>\bannex\b)
  | (?P<dres>\bdraft\s+res(?:olution)?\.?\s*(?P<dres_n>[ivx]+|\d+/\d+)\b)
  | (?P<ddec>\bdraft\s+dec(?:ision)?\.?\s*(?P<ddec_n>[ivx]+|\d+/\d+)\b)
  | (?P<res>\bres(?:olution)?\.?\s*(?P<res_n>\d+/\d+|[ivx]+)(?![\w/]))
  | (?P<dec>\bdec(?:ision)?\.?\s*(?P<dec_n>\d+/\d+|[ivx]+)(?![\w/]))
  | (?P<div>\b(?:chap(?:ter)?|sect(?:ion)?|sec)\.?\s*
        (?P<div_n>(?:[ivxlc]+|[a-z]|\d+)(?:\.(?:[a-z]|\d+))?)\b)
  | (?P<part>\bpart\s+(?P<part_n>one|two|three|four|five|\d+)\b)
  | (?P<obj>\bobjective\s*(?P<obj_n>\d+)?\b)
  | (?P<guide>\bguideline\s*(?P<guide_n>\d+)\b)
  | (?P<item>\b(?:agenda\s+)?item\s*(?P<item_n>\d+)\b)
  | (?P<para>(?:\bpara(?:graph)?s?\.?|¶)?\s*(?P<para_n>\d+)(?P<glued>[a-z])?\b
        (?P<subs>(?:\s*\(\s*[a-z]{1,5}\s*\))*))
  | (?P<subonly>(?:\s*\(\s*[a-z]{1,5}\s*\))+)
  | (?P<skip>[\s,;:.]+|\bof\b|\bthe\b|\bin\b|\band\b)
    """,
    re.VERBOSE,
)


def parse_locator(text: str) -> list[str] | None:
    """Components of a typed locator, or None if some part is not understood."""
    comps: list[str] = []
    pos = 0
    text = _norm(text)
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        g = m.group
        if g("annex"):
            comps.append("annex")
        elif g("dres"):
            comps.append(f"res:{g('dres_n')}")
        elif g("ddec"):
            comps.append(f"dec:{g('ddec_n')}")
        elif g("res"):
            comps.append(f"res:{g('res_n')}")
        elif g("dec"):
            comps.append(f"dec:{g('dec_n')}")
        elif g("div"):
            comps.extend(f"div:{part}" for part in g("div_n").split("."))
        elif g("part"):
            comps.append(f"part:{g('part_n')}")
        elif g("obj"):
            comps.append(f"objective:{g('obj_n') or ''}")
        elif g("guide"):
            comps.append(f"guideline:{g('guide_n')}")
        elif g("item"):
            comps.append(f"item:{g('item_n')}")
        elif g("para"):
            comps.append(f"para:{g('para_n')}")
            if g("glued"):
                comps.append(f"sub:{g('glued')}")
            comps.extend(f"sub:{s}" for s in re.findall(r"[a-z]+", g("subs") or ""))
        elif g("subonly"):
            comps.extend(f"sub:{s}" for s in re.findall(r"[a-z]+", g("subonly")))
    return comps


def _is_subsequence(needle: Iterable[str], haystack: Iterable[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needle)


class Resolver:
    """Resolves typed references against the corpus; built once from the repository
    and the profiles of its documents."""

    def __init__(self, repo: CorpusRepo, profiles: Profiles = PROFILES) -> None:
        rows = repo.all_nodes()
        main_scope = {p.key: p.main_scope for p in profiles}
        adopted = {p.key: p.adopted_as for p in profiles}
        self._abbreviations = {p.key: p.abbreviation for p in profiles}
        self._ids = {r.id for r in rows}
        self._by_citation: dict[str, str] = {}
        self._entries: dict[str, list[_Entry]] = {}
        by_id = {r.id: r for r in rows}
        comps_of: dict[str, tuple[str, ...]] = {}
        for row in sorted(rows, key=lambda r: (r.doc, r.ordinal)):
            parent = by_id.get(row.parent_id) if row.parent_id else None
            base = comps_of.get(row.parent_id, ()) if row.parent_id else ()
            own = _own_components(row, parent, adopted.get(row.doc))
            comps = (*base, *own)
            comps_of[row.id] = comps
            self._by_citation.setdefault(_norm(row.citation), row.id)
            if own:
                main = main_scope.get(row.doc)
                self._entries.setdefault(row.doc, []).append(
                    _Entry(row.id, row.doc, comps, len(own), row.citation, main in comps)
                )
        self._aliases = self._alias_table(profiles)
        self._forms = self._completion_forms(rows)
        self._forms_lower = [f.lower() for f, _ in self._forms]

    @staticmethod
    def _alias_table(profiles: Profiles) -> list[tuple[str, str]]:
        table: list[tuple[str, str]] = []
        for d in profiles:
            table.extend((_norm(n), d.key) for n in d.names)
        table.sort(key=lambda t: -len(t[0]))  # longest alias first
        return table

    def _completion_forms(self, rows: list[NodeRow]) -> list[tuple[str, str]]:
        forms: list[tuple[str, str]] = []
        short_seen: dict[str, int] = {}
        shorts: list[tuple[str, str]] = []
        for row in rows:
            if row.kind in TEXT_KINDS and row.ref:
                form = f"{self._abbreviations.get(row.doc, row.doc)} {row.ref}"
                short_seen[form] = short_seen.get(form, 0) + 1
                shorts.append((form, row.id))
        forms.extend((f, i) for f, i in shorts if short_seen[f] == 1)
        self._short_forms: dict[str, list[str]] = {}
        self._original: dict[str, str] = {}
        for f, i in shorts:
            if short_seen[f] == 1:
                self._short_forms.setdefault(i.split("/", 1)[0], []).append(f.lower())
                self._original[f.lower()] = f
        self._all_short_forms = [f for fs in self._short_forms.values() for f in fs]
        forms.extend((row.citation, row.id) for row in rows)
        return forms

    def _split_document(self, text: str) -> tuple[str | None, str]:
        norm = _norm(text)
        m = re.match(r"^(?P<loc>.+?)\s+(?:of|in)\s+(?:the\s+)?(?P<doc>.+)$", norm)
        if m:
            for alias, key in self._aliases:
                if m.group("doc") == alias:
                    return key, m.group("loc")
        for alias, key in self._aliases:
            if norm == alias:
                return key, ""
            if norm.startswith(alias) and not norm[len(alias)].isalnum():
                return key, norm[len(alias) :].strip(" ,")
        return None, norm

    def resolve(self, text: str, context_doc: str | None = None) -> str:
        """The node id ``text`` refers to; raises :class:`UnknownReference`."""
        raw = text.strip()
        if not raw:
            raise UnknownReference(text, [], "empty reference")
        if raw in self._ids:
            return raw
        if (hit := self._by_citation.get(_norm(raw))) is not None:
            return hit
        doc, locator = self._split_document(raw)
        if doc is not None and not locator:
            return doc
        comps = parse_locator(locator)
        if not comps:
            raise UnknownReference(text, self.closest(text, doc))
        docs = [doc] if doc else ([context_doc] if context_doc else list(self._entries))
        matches = [e for d in docs for e in self._entries.get(d, []) if self._matches(e, comps)]
        if not matches and doc is None and context_doc:
            docs = list(self._entries)
            matches = [e for d in docs for e in self._entries.get(d, []) if self._matches(e, comps)]
        if not matches:
            raise UnknownReference(text, self.closest(text, doc))
        if len(matches) == 1:
            return matches[0].id
        best, tied = self._prefer(matches)
        if best is not None:
            return best.id
        raise UnknownReference(
            text,
            [m.citation for m in tied[:8]],
            f"{text!r} is ambiguous: {len(tied)} provisions match equally well",
        )

    @staticmethod
    def _matches(entry: _Entry, comps: list[str]) -> bool:
        own = entry.comps[-entry.own :]
        # the typed locator must end with the node's own components (or their tail)
        n_own_typed = 0
        for c in reversed(comps):
            if c.startswith(("para:", "sub:", "guideline:", "item:")):
                n_own_typed += 1
            else:
                break
        if n_own_typed:
            if tuple(comps[-n_own_typed:]) != entry.comps[-n_own_typed:]:
                return False
            if entry.comps[-1] != comps[-1]:
                return False
            qualifiers = comps[:-n_own_typed]
            ancestors = entry.comps[:-n_own_typed]
        else:
            if comps[-1] != own[-1]:
                return False
            qualifiers = comps[:-1]
            ancestors = entry.comps[:-1]
        return _is_subsequence(qualifiers, ancestors)

    @staticmethod
    def _prefer(matches: list[_Entry]) -> tuple[_Entry | None, list[_Entry]]:
        """The preferred match, or None and the candidates that tie for it."""
        pool = [m for m in matches if m.in_main] or matches
        fewest = min(len(m.comps) for m in pool)
        pool = [m for m in pool if len(m.comps) == fewest]
        return (pool[0], pool) if len(pool) == 1 else (None, pool)

    def closest(self, text: str, doc: str | None = None, n: int = 5) -> list[str]:
        """Short forms or citations that look like ``text``, for "did you mean"."""
        norm = _norm(text)[:80]
        if not norm:
            return []
        starts = [self._forms[i][0] for i, f in enumerate(self._forms_lower) if f.startswith(norm)]
        if starts:
            return starts[:n]
        pool = self._short_forms.get(doc, []) if doc else self._all_short_forms
        return [self._original[f] for f in difflib.get_close_matches(norm, pool, n=n, cutoff=0.6)]

    def completions(self, prefix: str, limit: int = 20) -> list[tuple[str, str]]:
        """(form, node id) pairs whose form starts with, then contains, ``prefix``."""
        norm = _norm(prefix)
        if not norm:
            return []
        out = [self._forms[i] for i, f in enumerate(self._forms_lower) if f.startswith(norm)]
        if len(out) < limit:
            seen = {i for _, i in out}
            out.extend(
                self._forms[i]
                for i, f in enumerate(self._forms_lower)
                if norm in f and not f.startswith(norm) and self._forms[i][1] not in seen
            )
        return out[:limit]
