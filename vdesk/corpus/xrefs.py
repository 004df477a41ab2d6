"""Cross-references: spans of text that cite Vienna Declaration paragraphs or
sections (chapters) of the plans of action.

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
            out.append(_Rule(x.name, pattern, doc.xref_target, x.context))
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
            refs = targets.vienna_refs(m) if rule.target == "declaration" else targets.plan_refs(m)
            for ref in refs:
                found.setdefault(ref, None)
    return sorted(found, key=lambda r: r[1])  # stable: ranges keep their order


def extract(trees: dict[str, Node], profiles: Profiles = PROFILES) -> list[Xref]:
    """Every cross-reference in the corpus, in document order. Ids must be assigned."""
    targets = _Targets(trees, profiles)
    out: list[Xref] = []
    for doc, root in trees.items():
        for node in root.walk():
            for target, start, end in find_in_text(node.text, doc, targets):
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
