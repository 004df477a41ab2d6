"""How a typed locator matches a node: the components of every node, read from its
stored id (the scheme of docs/ids-and-citations.md) and citation, and the match of a
list of typed components (:func:`.reference_grammar.parse_locator`) against them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..store.corpus_db import NodeRow
from .reference_grammar import ORDINALS

OWN_KINDS = ("para:", "sub:", "guideline:", "item:", "pre:", "unn:")
NUMBERED = ("para:", "sub:", "pre:", "unn:")  # labels a resolution and its annex both have


@dataclass(frozen=True, slots=True)
class Entry:
    """One node as the resolver knows it."""

    id: str
    doc: str
    comps: tuple[str, ...]  # ancestor qualifiers and own parts, e.g. ("annex", "para:7", "sub:d")
    own: int  # how many trailing comps are the node's own
    citation: str
    in_main: bool
    order: int


def node_components(row: NodeRow, adopted_as: str | None) -> list[str]:
    """The node's own components, read from the last part of its id (the id scheme
    of docs/ids-and-citations.md) and, for unnumbered paragraphs, its citation."""
    last = row.id.rsplit("/", 1)[-1]
    head, _, num = last.partition("_")
    num = num.lower().replace("-", "/") if head in ("res", "dres", "dec", "ddec") else num.lower()
    if head in ("chp", "sec"):
        return [f"div:{num}"]
    if head == "obj":
        return [f"objective:{num}"]
    if head == "part":
        return [f"part:{num}"]
    if head in ("res", "dres"):
        if num:
            return [f"res:{num}"]
        return ["dres", f"res:{adopted_as}"] if adopted_as else ["dres"]
    if head in ("dec", "ddec"):
        return [f"dec:{num}"]
    if head == "annex":
        return ["annex"]
    if head == "guideline":
        return [f"guideline:{num}"]
    if head == "para":
        if re.search(r"\bitem \d+$", row.citation):
            return [f"item:{num}"]
        return [f"para:{num}"]
    if head in ("subpara", "item") and num and not re.fullmatch(r"p\d+", num):
        return [f"sub:{num}"]
    if head == "p":
        m = re.search(r"(\S+) (preambular|unnumbered) paragraph$", row.citation)
        if m and m.group(1) in ORDINALS:
            kind = "pre" if m.group(2) == "preambular" else "unn"
            return [f"{kind}:{ORDINALS[m.group(1)]}"]
    return []


def is_subsequence(needle: list[str], haystack: tuple[str, ...]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needle)


def own_typed(comps: list[str]) -> int:
    n = 0
    for c in reversed(comps):
        if not c.startswith(OWN_KINDS):
            break
        n += 1
    return n


def shape(comps: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The kinds of the numbered parts a locator ends with: ("para", "sub") for 7 (d)."""
    k = own_typed(list(comps))
    return tuple(c.split(":")[0] for c in comps[-k:]) if k else ()


def matches(entry: Entry, comps: list[str]) -> bool:
    """Whether the typed ``comps`` name ``entry``: they end with its numbered parts (or
    its own last part) and the rest appear, in order, among its ancestors."""
    if not comps:
        return False
    n = own_typed(comps)
    if n:
        if tuple(comps[-n:]) != entry.comps[-n:]:
            return False
        before = entry.comps[-n - 1] if len(entry.comps) > n else ""
        if comps[-n].startswith("sub:") and before.startswith(OWN_KINDS):
            return False  # "(d)" alone is no paragraph's subparagraph
        return is_subsequence(comps[:-n], entry.comps[:-n])
    if comps[-1] != entry.comps[-1]:
        return False
    return is_subsequence(comps[:-1], entry.comps[:-1])
