"""Cross-references: spans of text that cite Vienna Declaration paragraphs or
sections (chapters) of the plans of action, a whole part of a document
("resolution 55/59, annex"), or a paragraph of the same document ("paragraph 16
above", "guideline 16").

The rules are the ``xref_patterns`` of the documents that others cite (the profiles
whose ``xref_target`` is "declaration" or "plans"): each a pattern and where it
applies: everywhere, in the documents that implement the Declaration, or in those
whose "(para. N)" cites it. The rules are
deliberately narrow: a "para." after another instrument's number
("resolution 1995/14, para. 6") or "paragraphs 29 and 30 of the statement of
principles" must not link. See ``docs/ids-and-citations.md``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..documents import (
    PROFILES,
    DocumentProfile,
    Profiles,
    XrefContext,
    XrefTarget,
    xref_target,
)
from .model import Node

_NUM = r"\d+(?:\s*\([a-z]\))?"
_LIST = rf"(?P<list>{_NUM}(?:\s*,\s*{_NUM})*(?:\s*,?\s+and\s+{_NUM})?)"
_ROMAN = r"[IVXLC]+"
_RLIST = rf"(?P<secs>{_ROMAN}(?:\s*-\s*{_ROMAN})?(?:\s*(?:,|and)\s*{_ROMAN}(?:\s*-\s*{_ROMAN})?)*)"


@dataclass(frozen=True, slots=True)
class Xref:
    source_id: str
    target_id: str
    start: int
    end: int
    in_footnote: str | None = None


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    target: XrefTarget
    context: XrefContext
    lands_on: str | None = None  # "<key>/<lands_on>": a reference to a whole part

    def applies_in(self, doc: DocumentProfile | None) -> bool:
        if self.context == "everywhere":
            return True
        if doc is None:
            return False
        if self.context == "implements":
            return doc.implements_declaration
        return doc.parenthetical_refs


def rules(profiles: Profiles = PROFILES) -> tuple[_Rule, ...]:
    """The citing patterns of the documents that others cite, in corpus order."""
    return _compiled(tuple(p for p in profiles if p.xref_target is not None))


@functools.cache
def _compiled(targets: tuple[DocumentProfile, ...]) -> tuple[_Rule, ...]:
    out = []
    for doc in targets:
        assert doc.xref_target is not None
        refs = _LIST if doc.xref_target == "declaration" else _RLIST
        for x in doc.xref_patterns:
            pattern = re.compile(x.pattern.replace("{refs}", refs))
            lands_on = f"{doc.key}/{x.lands_on}" if x.lands_on else None
            out.append(_Rule(x.name, pattern, doc.xref_target, x.context, lands_on))
    return tuple(out)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(roman: str) -> int:
    total = 0
    prev = 0
    for ch in reversed(roman.upper()):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def int_to_roman(n: int) -> str:
    out = ""
    for v, s in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out += s
            n -= v
    return out


class _Targets:
    """Where references land: Vienna paragraphs and plan-of-action chapters by number;
    and which documents the rules apply in (``profiles``)."""

    def __init__(self, trees: dict[str, Node], profiles: Profiles = PROFILES) -> None:
        self.vienna: dict[tuple[str, str | None], str] = {}
        self.plans: dict[str, str] = {}
        self.parts = {n.id for t in trees.values() for n in t.children}
        self.profiles = {p.key: p for p in profiles}
        self.rules = rules(profiles)
        declaration = xref_target("declaration", profiles)
        plans = xref_target("plans", profiles)
        if declaration is not None and declaration.key in trees:
            for annex in (c for c in trees[declaration.key].children if c.kind == "annex"):
                for para in annex.walk():
                    if para.kind == "paragraph" and para.num:
                        self.vienna[(para.num, None)] = para.id
                        for sub in para.children:
                            if sub.kind == "subparagraph" and sub.num:
                                self.vienna[(para.num, sub.num)] = sub.id
        if plans is not None and plans.key in trees:
            for annex in (c for c in trees[plans.key].walk() if c.kind == "annex"):
                for chap in annex.children:
                    if chap.kind == "chapter" and chap.num:
                        self.plans.setdefault(chap.num, chap.id)

    def vienna_refs(self, m: re.Match[str]) -> Iterator[tuple[str, int, int]]:
        base = m.start("list")
        for item in re.finditer(r"(\d+)(?:\s*\(([a-z])\))?", m.group("list")):
            target = self.vienna.get((item.group(1), item.group(2))) or self.vienna.get(
                (item.group(1), None)
            )
            if target:
                yield target, base + item.start(), base + item.end()

    def plan_refs(self, m: re.Match[str]) -> Iterator[tuple[str, int, int]]:
        base = m.start("secs")
        for item in re.finditer(rf"({_ROMAN})(?:\s*-\s*({_ROMAN}))?", m.group("secs")):
            first = roman_to_int(item.group(1))
            last = roman_to_int(item.group(2)) if item.group(2) else first
            for n in range(first, last + 1):
                target = self.plans.get(int_to_roman(n))
                if target:
                    yield target, base + item.start(), base + item.end()


def find_in_text(text: str, doc: str, targets: _Targets) -> list[tuple[str, int, int]]:
    """(target id, start, end) for every reference in ``text`` of document ``doc``."""
    found: dict[tuple[str, int, int], None] = {}
    profile = targets.profiles.get(doc)
    for rule in targets.rules:
        if not rule.applies_in(profile):
            continue
        for m in rule.pattern.finditer(text):
            if rule.lands_on is not None:
                if rule.lands_on in targets.parts:
                    found.setdefault((rule.lands_on, m.start("ref"), m.end("ref")), None)
                continue
            refs = targets.vienna_refs(m) if rule.target == "declaration" else targets.plan_refs(m)
            for ref in refs:
                found.setdefault(ref, None)
    return sorted(found, key=lambda r: r[1])  # stable: ranges keep their order


# ------------------------------------------------------------------ internal references

#: "paragraph 16 above", "paragraphs 3 and 4 below"
_INTERNAL_PARAS = re.compile(rf"\b[Pp]aragraphs?\s+{_LIST}\s+(?P<dir>above|below)\b")
#: "subparagraphs 35 (c) and (d) above"
_INTERNAL_SUBS = re.compile(
    r"\b[Ss]ubparagraphs?\s+(?P<num>\d+)\s*"
    r"(?P<letters>\([a-z]\)(?:\s*(?:,|,?\s+and)\s*\([a-z]\))*)\s+(?P<dir>above|below)\b"
)
#: "guideline 16", "guidelines 5 and 6" (not "Guideline 16." as a label: labels are not text)
_INTERNAL_GUIDELINES = re.compile(
    r"\b[Gg]uidelines?\s+(?P<list>\d+(?:\s*(?:,|,?\s+and)\s*\d+)*)\b(?!\s*[/(])"
)


class _Internal:
    """References inside one document ("paragraph 16 above", "guideline 16"): the
    cited number is looked for in the nearest enclosing division that holds it; a
    number held twice there, or on the wrong side of "above"/"below", links nothing."""

    def __init__(self, root: Node) -> None:
        self.order: dict[int, int] = {}
        self.parent: dict[int, Node] = {}
        for i, n in enumerate(root.walk()):
            self.order[id(n)] = i
            for c in n.children:
                self.parent[id(c)] = n

    def find(self, node: Node, text: str) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        if "aragraph" not in text and "uideline" not in text:
            return out
        for m in _INTERNAL_PARAS.finditer(text):
            base = m.start("list")
            for item in re.finditer(r"(\d+)(?:\s*\(([a-z])\))?", m.group("list")):
                path = [item.group(1)] + ([item.group(2)] if item.group(2) else [])
                target = self._lookup(node, path, m.group("dir"), guideline=False)
                if target:
                    out.append((target, base + item.start(), base + item.end()))
        for m in _INTERNAL_SUBS.finditer(text):
            base = m.start("letters")
            for k, item in enumerate(re.finditer(r"\(([a-z])\)", m.group("letters"))):
                target = self._lookup(node, [m.group("num"), item.group(1)], m.group("dir"), False)
                if target:
                    # the first letter's link covers the number too: "35 (c)", then "(d)"
                    start = m.start("num") if k == 0 else base + item.start()
                    out.append((target, start, base + item.end()))
        for m in _INTERNAL_GUIDELINES.finditer(text):
            base = m.start("list")
            for item in re.finditer(r"\d+", m.group("list")):
                target = self._lookup(node, [item.group(0)], None, guideline=True)
                if target:
                    out.append((target, base + item.start(), base + item.end()))
        return out

    def _lookup(self, node: Node, path: list[str], direction: str | None, guideline: bool) -> str:
        here = self.order[id(node)]
        scope: Node | None = self.parent.get(id(node))
        while scope is not None:
            found = [
                n
                for n in scope.walk()
                if n.kind == "paragraph"
                and n.num == path[0]
                and n.label.startswith("Guideline") == guideline
            ]
            if found:
                if len(found) > 1:
                    return ""  # two paragraphs with that number: refuse to guess
                target = found[0]
                for letter in path[1:]:
                    sub = [
                        c for c in target.children if c.kind == "subparagraph" and c.num == letter
                    ]
                    if len(sub) != 1:
                        return ""
                    target = sub[0]
                there = self.order[id(target)]
                if (direction == "above" and there >= here) or (
                    direction == "below" and there <= here
                ):
                    return ""
                return target.id if target is not node else ""
            scope = self.parent.get(id(scope))
        return ""


def extract(trees: dict[str, Node], profiles: Profiles = PROFILES) -> list[Xref]:
    """Every cross-reference in the corpus, in document order. Ids must be assigned."""
    targets = _Targets(trees, profiles)
    out: list[Xref] = []
    for doc, root in trees.items():
        internal = _Internal(root)
        for node in root.walk():
            found = find_in_text(node.text, doc, targets) + internal.find(node, node.text)
            for target, start, end in sorted(dict.fromkeys(found), key=lambda r: r[1]):
                if target != node.id:
                    out.append(Xref(node.id, target, start, end))
            seen_notes: set[str] = set()
            for fn in node.footnotes:
                if fn.num in seen_notes:
                    continue
                seen_notes.add(fn.num)
                for target, start, end in find_in_text(fn.text, doc, targets):
                    out.append(Xref(node.id, target, start, end, in_footnote=fn.num))
    return out
