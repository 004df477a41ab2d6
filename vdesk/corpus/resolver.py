"""The citation resolver: what people type -> a node id, never a wrong one.

The grammar is in ``docs/reference-grammar.md`` (and :mod:`.reference_grammar`; the
components of nodes and the matching in :mod:`.reference_match`).
Every node is known by components derived from its stored id and citation
(``annex``, ``div:i``, ``res:iv``, ``para:7``, ``sub:d``, ``pre:2`` ...); a typed
locator matches a node when it ends with the node's own components and its
qualifiers appear, in order, among the node's ancestors.

Rules that keep a reference from opening the wrong provision:

* A document named as the resolution itself (its symbol, ``cite_as`` or the
  profile's ``instrument_names``: "ECOSOC res. 2001/47", "A/RES/55/59") is read
  literally: its annex only when "annex" is typed or a typed division lies inside
  it ("ECOSOC res. 2001/47, para. 5" is the resolution's paragraph, not annex
  paragraph 5). A draft resolution's annex likewise ("draft res. II, para. 1").
* A document named by its main text (the abbreviation, short name, key or other
  aliases: "POA", "Vienna Declaration") prefers its ``main_scope`` ("POA 5").
* A name under which a quoted draft was adopted (``adopted_names``: "resolution
  56/261") is read inside that draft resolution, its annex when typed.
* Candidates that still tie are ambiguous: :class:`AmbiguousReference` lists them;
  ``prefer_doc`` (the document being read) may break a tie among its own
  candidates, and :meth:`Resolver.resolve_with_reason` says that it did.
* Misspelt document names (rapidfuzz) and arabic/roman mix-ups in divisions are
  accepted only when exactly one document and exactly one provision fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from ..documents import PROFILES, Profiles
from ..domain.kinds import TEXT_KINDS
from ..store.corpus_db import CorpusRepo, NodeRow
from .reference_grammar import normalise, numeral_variants, parse_locator
from .reference_match import NUMBERED, Entry, matches, node_components, own_typed, shape

__all__ = [
    "AmbiguousReference",
    "Resolution",
    "Resolver",
    "UnknownReference",
    "describe",
    "parse_locator",
]

NameMode = Literal["main", "instrument", "adopted"]
FUZZY_CUTOFF = 85  # rapidfuzz ratio (0-100) for a misspelt document name


class UnknownReference(LookupError):
    """Nothing matches; ``suggestions`` are citations (or short forms) to offer."""

    def __init__(self, text: str, suggestions: list[str], reason: str = "") -> None:
        self.text = text
        self.suggestions = suggestions
        self.reason = reason or f"no provision matches {text!r}"
        super().__init__(self.reason)


def describe(exc: UnknownReference, limit: int = 8) -> str:
    """The one-line message for a refused reference: "ambiguous: … could be: …" with
    the candidates' citations, or the reason and the closest matches."""
    if isinstance(exc, AmbiguousReference):
        return f"ambiguous: {exc.text.strip()!r} could be: {'; '.join(exc.suggestions[:limit])}"
    hint = f"; did you mean: {'; '.join(exc.suggestions[:limit])}?" if exc.suggestions else ""
    return f"{exc.reason}{hint}"


class AmbiguousReference(UnknownReference):
    """Several provisions fit equally well; ``candidates`` are their ids and
    ``suggestions`` their citations, in corpus order."""

    def __init__(self, text: str, candidates: list[str], citations: list[str]) -> None:
        self.candidates = candidates
        super().__init__(
            text,
            citations,
            f"{text!r} is ambiguous: {len(candidates)} provisions match equally well",
        )


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved reference and how it was read.

    ``preferred_doc`` is set when several provisions fitted and the document being
    read broke the tie (``tied`` then holds the citations of all of them);
    ``read_name`` is the document name a misspelt one was read as; ``read_as`` the
    locator after an arabic/roman correction ("chap. III" for "chap. 3")."""

    id: str
    citation: str
    preferred_doc: str | None = None
    tied: tuple[str, ...] = ()
    read_name: str | None = None
    read_as: str | None = None


@dataclass(frozen=True, slots=True)
class _Name:
    norm: str
    doc: str
    mode: NameMode


class Resolver:
    """Resolves typed references against the corpus; built once from the repository
    and the profiles of its documents."""

    def __init__(self, repo: CorpusRepo, profiles: Profiles = PROFILES) -> None:
        rows = repo.all_nodes()
        known = {r.doc for r in rows}
        profiles = [p for p in profiles if p.key in known] or list(profiles)
        main_scope = {p.key: p.main_scope for p in profiles}
        adopted = {p.key: p.adopted_as for p in profiles}
        self._abbreviations = {p.key: p.abbreviation for p in profiles}
        self._ids = {r.id: r.citation for r in rows}
        self._by_citation: dict[str, str] = {}
        self._entries: dict[str, list[Entry]] = {}
        comps_of: dict[str, tuple[str, ...]] = {}
        for order, row in enumerate(sorted(rows, key=lambda r: (r.doc, r.ordinal))):
            base = comps_of.get(row.parent_id, ()) if row.parent_id else ()
            own = node_components(row, adopted.get(row.doc)) if row.parent_id else []
            comps = (*base, *own)
            comps_of[row.id] = comps
            self._by_citation.setdefault(normalise(row.citation), row.id)
            if own:
                main = main_scope.get(row.doc)
                entry = Entry(row.id, row.doc, comps, len(own), row.citation, main in comps, order)
                self._entries.setdefault(row.doc, []).append(entry)
        self._adopted = adopted
        self._short_names = {
            p.key: {"main": normalise(p.abbreviation), "instrument": normalise(p.cite_as)}
            for p in profiles
        }
        self._label_words = {
            e.id: f"{kind} "
            for entries in self._entries.values()
            for e in entries
            if (kind := e.comps[-own_typed(list(e.comps))].split(":")[0]) in ("item", "guideline")
        }
        self._names = self._name_table(profiles)
        # misspellings are read only for names in words: a symbol or number that differs
        # ("E/2014/31", "CCPCJ 2013") is another document, not a typo
        self._fuzzy_names = [
            n for n in self._names if len(n.norm) >= 6 and not re.search(r"[\d/]", n.norm)
        ]
        self._fuzzy_choices = [n.norm for n in self._fuzzy_names]
        self._forms = self._completion_forms(rows)
        self._forms_lower = [normalise(f) for f, _ in self._forms]
        short_of = {i: f for f, i in self._forms[: self._n_short]}
        # per document: (short form, own-part shape, components) and the normalised forms
        self._suggestible: dict[
            str, tuple[list[tuple[str, tuple[str, ...], frozenset[str]]], list[str]]
        ] = {}
        for doc, entries in self._entries.items():
            table = [
                (
                    short_of[e.id],
                    shape(e.comps),
                    frozenset(e.comps),
                )
                for e in entries
                if e.id in short_of
            ]
            self._suggestible[doc] = (table, [normalise(f) for f, _, _ in table])

    @staticmethod
    def _name_table(profiles: Profiles) -> list[_Name]:
        table: dict[str, _Name] = {}
        for d in profiles:
            instrument = {normalise(n) for n in (d.cite_as, d.symbol or "", *d.instrument_names)}
            adopted = {normalise(n) for n in d.adopted_names}
            for name in (*d.names, *d.instrument_names, *d.adopted_names):
                norm = normalise(name)
                if not norm:
                    continue
                mode: NameMode = "main"
                if norm in adopted:
                    mode = "adopted"
                elif norm in instrument and d.main_scope:
                    mode = "instrument"
                table.setdefault(norm, _Name(norm, d.key, mode))
        return sorted(table.values(), key=lambda n: -len(n.norm))  # longest name first

    def _completion_forms(self, rows: list[NodeRow]) -> list[tuple[str, str]]:
        seen: dict[str, int] = {}
        shorts: list[tuple[str, str]] = []
        for row in rows:
            if row.kind in TEXT_KINDS and row.ref:
                word = self._label_words.get(row.id, "")  # "item 5 (a)", "guideline 48"
                form = f"{self._abbreviations.get(row.doc, row.doc)} {word}{row.ref}"
                seen[form] = seen.get(form, 0) + 1
                shorts.append((form, row.id))
        forms = [(f, i) for f, i in shorts if seen[f] == 1]
        self._n_short = len(forms)
        forms.extend((row.citation, row.id) for row in rows)
        return forms

    # -- reading the document name -------------------------------------------------

    def _split_document(self, norm: str) -> tuple[_Name | None, str]:
        m = re.match(r"^(?P<loc>.+?) (?:of|in) (?:the )?(?P<doc>.+)$", norm)
        if m:
            for name in self._names:
                if m.group("doc") == name.norm:
                    return name, m.group("loc")
        for name in self._names:
            if norm == name.norm:
                return name, ""
            if norm.startswith(name.norm) and not norm[len(name.norm)].isalnum():
                rest = norm[len(name.norm) :].strip()
                if name.norm[-1].isdigit() and rest[:1] == "/":
                    continue  # "55/59" is not the start of "55/593"
                return name, rest
        return None, norm

    def _fuzzy_document(self, norm: str) -> tuple[list[_Name], str] | None:
        """The names a misspelt document name may be, and the locator after it."""
        words = norm.split(" ")
        splits: list[tuple[str, str]] = []
        for k in range(len(words), 0, -1):
            splits.append((" ".join(words[:k]), " ".join(words[k:])))
        m = re.match(r"^(?P<loc>.+?) (?:of|in) (?:the )?(?P<doc>.+)$", norm)
        if m:
            splits.insert(0, (m.group("doc"), m.group("loc")))
        best: tuple[float, int, list[_Name], str] | None = None
        for typed_name, locator in splits:
            if len(typed_name) < 5 or re.search(r"[\d()¶§/]", typed_name):
                continue  # names in words only; "Vienna Declaration 7" is no misspelt name
            if parse_locator(locator) is None:
                continue
            hits = process.extract(
                typed_name, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if hits:
                top = max(score for _, score, _ in hits)
                key = (top, -len(typed_name))
                if best is None or key > best[:2]:
                    names = [self._fuzzy_names[i] for _, score, i in hits]
                    best = (top, -len(typed_name), names, locator)
        return (best[2], best[3]) if best is not None else None

    # -- resolving -------------------------------------------------------------------

    def resolve(self, text: str, prefer_doc: str | None = None) -> str:
        """The node id ``text`` refers to; raises :class:`UnknownReference` (or
        :class:`AmbiguousReference`). ``prefer_doc`` may break a tie among its
        own candidates (see :meth:`resolve_with_reason`)."""
        return self.resolve_with_reason(text, prefer_doc).id

    def resolve_with_reason(self, text: str, prefer_doc: str | None = None) -> Resolution:
        """Like :meth:`resolve`, with how the reference was read (a tie broken by
        ``prefer_doc``, a misspelt name, a corrected numeral) for the GUI to show."""
        return self._resolve(text, prefer_doc, quiet=False)

    def _resolve(self, text: str, prefer_doc: str | None, quiet: bool) -> Resolution:
        """``quiet``: refusals carry no suggestions (the completion list needs none)."""
        raw = text.strip()
        if not raw:
            raise UnknownReference(text, [], "empty reference")
        if raw in self._ids:
            return Resolution(raw, self._ids[raw])
        norm = normalise(raw)
        if not norm:
            raise UnknownReference(text, [], "empty reference")
        if (hit := self._by_citation.get(norm)) is not None:
            return Resolution(hit, self._ids[hit])
        name, locator = self._split_document(norm)
        if parse_locator(locator) is None:
            fuzzy = self._fuzzy_document(norm)
            if fuzzy is not None:
                return self._resolve_fuzzy(text, fuzzy[0], fuzzy[1], quiet)
        if name is not None and not locator:
            return Resolution(name.doc, self._ids[name.doc])
        comps = parse_locator(locator)
        if not comps:
            raise UnknownReference(text, [] if quiet else self._suggest(text, name, comps or []))
        return self._resolve_locator(text, name, comps, prefer_doc, quiet)

    def _resolve_fuzzy(
        self, text: str, names: list[_Name], locator: str, quiet: bool
    ) -> Resolution:
        docs = {n.doc for n in names}
        if len(docs) != 1:
            raise UnknownReference(
                text,
                [self._ids[d] for d in sorted(docs)],
                f"{text!r}: the document name could be any of {len(docs)} documents",
            )
        name = names[0]
        comps = parse_locator(locator) or []
        if not comps:  # the name alone (or with "of the", commas)
            return Resolution(name.doc, self._ids[name.doc], read_name=name.norm)
        found, _ = self._candidates(name, comps)
        if len(found) != 1:
            raise UnknownReference(
                text,
                [e.citation for e in found[:8]]
                or ([] if quiet else self._suggest(text, name, comps)),
                f"no single provision matches {text!r} (document name read as {name.norm!r})",
            )
        return Resolution(found[0].id, found[0].citation, read_name=name.norm)

    def _candidates(self, name: _Name | None, comps: list[str]) -> tuple[list[Entry], list[Entry]]:
        """(candidates, candidates excluded by the literal-annex rule)."""
        docs = [name.doc] if name else list(self._entries)
        found: list[Entry] = []
        excluded: list[Entry] = []
        for d in docs:
            for e in self._entries.get(d, []):
                if matches(e, comps):
                    (found if self._annex_ok(e, comps, name) else excluded).append(e)
        return found, excluded

    def _annex_ok(self, e: Entry, comps: list[str], name: _Name | None) -> bool:
        """An annex the user did not type is entered only where that is no misreading;
        a name of an adopted draft reaches only that draft and the annex."""
        if "annex" not in e.comps:
            if name is not None and name.mode == "adopted":
                return f"res:{self._adopted.get(e.doc)}" in e.comps
            return True
        if "annex" in comps or (name is not None and name.mode == "main" and e.in_main):
            return True
        i = e.comps.index("annex")
        if i == 0:
            parent_named = name is not None and name.mode in ("instrument", "adopted")
        else:
            parent_named = e.comps[i - 1] in comps
        if not parent_named:
            return True
        inside = e.comps[i + 1 :]
        return any(c in inside for c in comps if not c.startswith(NUMBERED))

    def _resolve_locator(
        self,
        text: str,
        name: _Name | None,
        comps: list[str],
        prefer_doc: str | None,
        quiet: bool = False,
    ) -> Resolution:
        found, excluded = self._candidates(name, comps)
        if not found:
            variants: dict[str, Entry] = {}
            for alt in numeral_variants(comps):
                for e in self._candidates(name, alt)[0]:
                    variants.setdefault(e.id, e)
            if len(variants) == 1:
                (only,) = variants.values()
                return Resolution(only.id, only.citation, read_as=only.citation)
            if len(variants) > 1:
                pool = sorted(variants.values(), key=lambda e: e.order)
                raise AmbiguousReference(text, [e.id for e in pool], [e.citation for e in pool])
            suggestions = [e.citation for e in excluded[:5]]
            if not quiet:
                suggestions += [s for s in self._suggest(text, name, comps) if s not in suggestions]
            reason = ""
            if excluded:
                reason = (
                    f'no provision matches {text!r}: without "annex" it names the '
                    "resolution's own text"
                )
            raise UnknownReference(text, suggestions[:8], reason)
        pool = found
        if len(pool) > 1 and (name is None or name.mode == "main"):
            docs = {e.doc for e in pool}
            if len(docs) == 1:
                pool = [e for e in pool if e.in_main] or pool
        if len(pool) == 1:
            return Resolution(pool[0].id, pool[0].citation)
        if prefer_doc is not None and name is None:
            mine = [e for e in pool if e.doc == prefer_doc]
            if len(mine) > 1:
                mine = [e for e in mine if e.in_main] or mine
            if len(mine) == 1:
                return Resolution(
                    mine[0].id,
                    mine[0].citation,
                    preferred_doc=prefer_doc,
                    tied=tuple(e.citation for e in pool),
                )
        pool.sort(key=lambda e: e.order)
        raise AmbiguousReference(text, [e.id for e in pool], [e.citation for e in pool])

    # -- suggestions and completions ------------------------------------------------

    def _suggest(self, text: str, name: _Name | None, comps: list[str], n: int = 5) -> list[str]:
        """What to offer for a reference that matches nothing, ranked by what was
        typed: only the named document's provisions when one is named, the same
        locator shape first, then how many typed parts a provision shares, then how
        alike its short form looks."""
        norm = normalise(text)[:80]
        if not norm:
            return []
        typed_shape = shape(comps)
        typed = set(comps)
        scored: list[tuple[int, int, float, str]] = []
        for doc in [name.doc] if name is not None else list(self._suggestible):
            table = self._suggestible.get(doc)
            if table is None:
                continue
            entries, forms = table
            scores = [0.0] * len(forms)
            for _, score, i in process.extract(norm, forms, scorer=fuzz.ratio, limit=None):
                scores[i] = score
            for (form, form_shape, comp_set), score in zip(entries, scores, strict=True):
                shared = len(typed & comp_set)
                if shared or score >= 60:
                    scored.append((int(form_shape == typed_shape), shared, float(score), form))
        scored.sort(reverse=True)
        return [s[-1] for s in scored[:n]]

    def closest(self, text: str, doc: str | None = None, n: int = 5) -> list[str]:
        """Short forms that look like ``text``, for "did you mean"."""
        norm = normalise(text)
        name, locator = self._split_document(norm)
        if name is None and doc is not None:
            name = _Name(doc, doc, "main")
        return self._suggest(text, name, parse_locator(locator) or [], n)

    def completions(
        self, prefix: str, limit: int = 20, prefer_doc: str | None = None
    ) -> list[tuple[str, str]]:
        """(form, node id) pairs for the go-to list: the forms that start with
        ``prefix`` (a main-text name typed in full counts as its abbreviation, a
        resolution name as its ``cite_as``); when none does, the provision ``prefix``
        already names (or the candidates it is ambiguous between); then the forms
        that contain it."""
        norm = normalise(prefix)
        if not norm:
            return []
        starts = {norm}
        name, locator = self._split_document(norm)
        if name is not None and name.mode != "adopted":
            starts.add(f"{self._short_names[name.doc][name.mode]} {locator}".strip())
        lower = self._forms_lower
        heads = tuple(starts)
        out = [self._forms[i] for i, f in enumerate(lower) if f.startswith(heads)]
        if not out:
            try:
                got = self._resolve(prefix, prefer_doc, quiet=True)
                out.append((got.citation, got.id))
            except AmbiguousReference as exc:
                out.extend(zip(exc.suggestions, exc.candidates, strict=True))
            except UnknownReference:
                pass
        if len(out) < limit:
            seen = {i for _, i in out}
            out.extend(
                self._forms[i]
                for i, f in enumerate(lower)
                if norm in f and not f.startswith(heads) and self._forms[i][1] not in seen
            )
        return out[:limit]
