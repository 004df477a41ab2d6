"""Finding a quote in a provision's text: exact places judged by their context,
fuzzy spans (difflib, bounded by rapidfuzz), and the checks that keep a match from
landing on the wrong words. Used by :mod:`vdesk.notes.anchoring`; the rules and
their reasons are in ``docs/anchoring.md``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

from vdesk.domain.notes import Anchor

#: Minimum similarity (difflib ratio, 0–1) for a fuzzy match to be accepted.
THRESHOLD = 0.8
#: Fuzzy spans this close to the best ratio compete on how much of the quote they match.
NEAR_TIE = 0.04

_WORD = re.compile(r"\S+")


def sim(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    """How well the text around ``start..end`` matches the stored prefix and suffix."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return (sim(anchor.prefix, before) + sim(anchor.suffix, after)) / 2


def occurrences(text: str, quote: str) -> list[int]:
    out, at = [], text.find(quote)
    while at >= 0:
        out.append(at)
        at = text.find(quote, at + 1)
    return out


def fuzzy_find(quote: str, text: str) -> tuple[float, int, int]:
    """The span of ``text`` most similar to ``quote``: (ratio, start, end).

    Candidate spans start and end on word boundaries and are 60–150 % of the
    quote's length; the ratio is difflib's ``2·matches / total length``. In a long
    text only the starts near the five windows sharing most words with the quote
    are tried, which keeps a search through a long provision in milliseconds.
    """
    if not quote or not text:
        return 0.0, 0, 0
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    qwords = quote.lower().split()
    k = max(1, len(qwords))
    if len(words) <= 3 * k + 10:
        starts: Iterable[int] = range(len(words))
    else:
        starts = _promising_starts(text, words, qwords)
    qn = len(quote)
    lo, hi = int(qn * 0.6), int(qn * 1.5) + 1
    sm = SequenceMatcher(None, autojunk=False)
    sm.set_seq2(quote)
    seen: list[tuple[float, int, int, int]] = []  # (ratio, matched chars, start, end)
    floor = 0.0
    for i in starts:
        s0 = words[i][0]
        for j in range(i, len(words)):
            e = words[j][1]
            n = e - s0
            if n < lo:
                continue
            if n > hi:
                break
            span = text[s0:e]
            # rapidfuzz's Indel similarity is 2·LCS / total length, never below
            # difflib's ratio: a cheap, exact bound to skip spans (same results)
            if Indel.normalized_similarity(span, quote) < floor - 1e-9:
                continue
            sm.set_seq1(span)
            if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
                continue
            r = sm.ratio()
            if r >= floor:
                seen.append((r, round(r * (n + qn) / 2), s0, e))
                floor = max(floor, r - NEAR_TIE)
    if not seen:
        if qn > len(text):  # the whole text is shorter than any window
            return sim(quote, text), 0, len(text)
        return 0.0, 0, 0
    # Among near-equal ratios prefer the span matching more of the quote: an
    # inserted word should not cut off the end of the quote.
    top = max(r for r, *_ in seen)
    r, _, s0, e = max((c for c in seen if c[0] >= top - NEAR_TIE), key=lambda c: (c[1], c[0]))
    return r, s0, e


def _promising_starts(text: str, words: list[tuple[int, int]], qwords: list[str]) -> list[int]:
    """Word indexes near the windows (as long as the quote) sharing most of its words."""
    k = len(qwords)
    wanted = Counter(qwords)
    lowered = [text[a:b].lower() for a, b in words]
    have: Counter[str] = Counter()
    overlap = []
    for i, w in enumerate(lowered):
        have[w] += 1
        if i >= k:
            have[lowered[i - k]] -= 1
        if i >= k - 1:
            overlap.append((sum(min(n, have[q]) for q, n in wanted.items()), i - k + 1))
    overlap.sort(key=lambda t: (-t[0], t[1]))
    chosen: list[int] = []
    for _, i in overlap:
        if all(abs(i - c) > k // 2 for c in chosen):
            chosen.append(i)
        if len(chosen) == 5:
            break
    radius = max(2, k // 3)
    return sorted(
        {j for c in chosen for j in range(max(0, c - radius), min(len(words), c + radius + 1))}
    )


#: Characters of the stored context that must meet a fuzzy match's edges exactly.
EDGE = 10
#: How far (characters) an edge may be from the fuzzy span's edge.
EDGE_SLACK = 24


def edges(anchor: Anchor, text: str, start: int, end: int) -> tuple[bool, bool]:
    """Do the :data:`EDGE` characters of stored context next to the quote meet
    ``text[start:end]`` exactly, before and after (the text's edge when none)?"""
    head, tail = anchor.prefix[-EDGE:], anchor.suffix[:EDGE]
    before = text[max(0, start - len(head)) : start] == head if head else start == 0
    after = text[end : end + len(tail)] == tail if tail else end == len(text)
    return before, after


def same_word_edges(anchor: Anchor, text: str, start: int, end: int) -> bool:
    """The occurrence begins and ends inside or between words as the quote did: a
    quote that ended at a word's end must not now end inside a longer word."""

    def inside(before: str, after: str) -> bool:
        return bool(before) and bool(after) and before.isalnum() and after.isalnum()

    q = anchor.quote
    was_start = inside(anchor.prefix[-1:], q[:1])
    was_end = inside(q[-1:], anchor.suffix[:1])
    now_start = inside(text[start - 1 : start] if start else "", q[:1])
    now_end = inside(q[-1:], text[end : end + 1])
    return (was_start, was_end) == (now_start, now_end)


def words_kept(quote: str, found: str) -> bool:
    """Every word of the quote is still there, or replaced one for one: words of
    the quote removed mean the user decides what the note is on now."""
    ops = SequenceMatcher(None, quote.split(), found.split(), autojunk=False).get_opcodes()
    if not ops or ops[0][0] == "insert" or ops[-1][0] == "insert":
        return False  # words added at an edge: inside the quote or beside it?
    return all(
        op == "equal" or op == "insert" or (op == "replace" and j2 - j1 >= i2 - i1)
        for op, i1, i2, j1, j2 in ops
    )


def snap(anchor: Anchor, text: str, s0: int, e0: int) -> tuple[int, int] | None:
    """The span between the stored context, near the fuzzy span ``s0..e0``: the end
    of the prefix's last :data:`EDGE` characters and the start of the suffix's first
    ones must both be found there exactly (or the text's edge, if the quote was at
    it). None when the context does not confirm both edges."""
    head, tail = anchor.prefix[-EDGE:], anchor.suffix[:EDGE]
    if head:
        ends = [
            p + len(head) for p in occurrences(text, head) if abs(p + len(head) - s0) <= EDGE_SLACK
        ]
    else:
        first = anchor.quote.split()[0]
        ends = [0] if s0 <= EDGE_SLACK and anchor.start == 0 and text.startswith(first) else []
    if tail:
        starts = [p for p in occurrences(text, tail) if abs(p - e0) <= EDGE_SLACK]
    else:
        last_word = anchor.quote.split()[-1]
        near_end = len(text) - e0 <= EDGE_SLACK and text.endswith(last_word)
        starts = [len(text)] if near_end else []
    if len(ends) != 1 or len(starts) != 1 or starts[0] <= ends[0]:
        return None
    return ends[0], starts[0]


_WORD_SETS: dict[int, tuple[Mapping[str, str], dict[str, set[str]]]] = {}


def word_sets(doc_texts: Mapping[str, str]) -> dict[str, set[str]]:
    """Each node's lower-cased words, kept for the last few documents searched."""
    kept = _WORD_SETS.get(id(doc_texts))
    if kept is not None and kept[0] is doc_texts:
        return kept[1]
    sets = {nid: set(t.lower().split()) for nid, t in doc_texts.items()}
    if len(_WORD_SETS) >= 8:
        _WORD_SETS.clear()
    _WORD_SETS[id(doc_texts)] = (doc_texts, sets)
    return sets


def nearest(
    quote: str, node_id: str, node_text: str | None, doc_texts: Mapping[str, str]
) -> tuple[float, str, int, int]:
    """The best fuzzy span among the old node and the three nodes sharing most words
    with the quote; the old node wins unless another scores 0.1 higher."""
    qwords = set(quote.lower().split())
    sets = word_sets(doc_texts)
    ranked = sorted(doc_texts, key=lambda nid: len(qwords & sets[nid]), reverse=True)[:3]
    best = (0.0, node_id, 0, 0)
    for nid in ranked:
        if nid != node_id or node_text is None:
            score, s0, e0 = fuzzy_find(quote, doc_texts[nid])
            if score > best[0]:
                best = (score, nid, s0, e0)
    if node_text is not None:
        # the provision still exists: show its nearest text unless clearly worse
        score, s0, e0 = fuzzy_find(quote, node_text)
        if score + 0.1 >= best[0]:
            best = (score, node_id, s0, e0)
    return best
