"""Anchoring annotations to provision text, and finding them again after a rebuild.

An :class:`~vdesk.notes.model.Anchor` is a node id plus a quote selector (exact
quote, prefix, suffix) and a position selector (start, end in the node's text),
as in the W3C Web Annotation model. :func:`reanchor` re-finds one anchor in new
text, in this order, and never guesses silently:

1. the quote at the stored offsets of the stored node: unchanged;
2. the exact quote elsewhere in the node (the best context wins);
3. the exact quote in another node of the same document, if only one place fits;
4. the best fuzzy match in the stored node, if its similarity reaches
   :data:`THRESHOLD`;
5. otherwise the annotation needs review: it keeps its old anchor and records the
   nearest candidate. Nothing is deleted.

The full algorithm, with its reasons, is in ``docs/anchoring.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Protocol

from vdesk.notes.model import ANCHOR_MOVED, ANCHOR_OK, ANCHOR_REVIEW, Anchor, Annotation
from vdesk.notes.repo import AnnotationFilter

if TYPE_CHECKING:
    from vdesk.notes.repo import NotesRepo

#: Characters of context stored either side of a quote.
CONTEXT = 32
#: Minimum similarity (difflib ratio, 0–1) for a fuzzy match to be accepted.
THRESHOLD = 0.8
#: Fuzzy spans this close to the best ratio compete on how much of the quote they match.
NEAR_TIE = 0.04
#: How much better the best of several exact places must fit its context.
CONTEXT_MARGIN = 0.15

_WORD = re.compile(r"\S+")


def make_anchor(
    node_id: str, text: str, start: int | None = None, end: int | None = None
) -> Anchor:
    """An anchor for ``text[start:end]`` of a node; a whole-node anchor without offsets.

    A whole-node anchor has an empty quote and keeps the first and last
    :data:`CONTEXT` characters of the text as prefix/suffix, so it can be found
    again if the node's id changes.
    """
    if start is None or end is None or start == end:
        return Anchor(node_id, "", text[:CONTEXT], text[-CONTEXT:] if text else "", 0, 0)
    if not 0 <= start < end <= len(text):
        raise ValueError(f"offsets {start}..{end} outside the text (length {len(text)})")
    return Anchor(
        node_id,
        text[start:end],
        text[max(0, start - CONTEXT) : start],
        text[end : end + CONTEXT],
        start,
        end,
    )


def anchor_quote(node_id: str, text: str, quote: str, occurrence: int = 1) -> Anchor:
    """An anchor for the ``occurrence``-th exact ``quote`` in ``text``.

    Raises ValueError (with a user-readable message) if it is not there.
    """
    if not quote:
        raise ValueError("the quote is empty")
    at = -1
    for _ in range(occurrence):
        at = text.find(quote, at + 1)
        if at < 0:
            break
    if at < 0:
        raise ValueError(f"the quote {quote!r} is not in the text of {node_id}")
    return make_anchor(node_id, text, at, at + len(quote))


def is_intact(anchor: Anchor, text: str | None) -> bool:
    """The cheap check on load: is the quote still at its offsets?"""
    if text is None:
        return False
    if anchor.whole_node:
        return True
    return text[anchor.start : anchor.end] == anchor.quote


@dataclass(frozen=True, slots=True)
class AnchorResult:
    """The outcome of :func:`reanchor`.

    ``state`` is ok / moved / review; ``anchor`` is where the annotation now sits
    (the old anchor when review); ``method`` names the step that decided
    ("unchanged", "exact-node", "exact-document", "fuzzy-node", "node-text",
    "none"); ``candidate`` is (text, node id, start, end) of the nearest place
    found when review, and ``score`` its similarity.
    """

    state: str
    anchor: Anchor
    method: str
    score: float = 1.0
    detail: str = ""
    candidate: tuple[str, str, int, int] = ("", "", 0, 0)


def _sim(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    """How well the text around ``start..end`` matches the stored prefix and suffix."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return (_sim(anchor.prefix, before) + _sim(anchor.suffix, after)) / 2


def _occurrences(text: str, quote: str) -> list[int]:
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
            sm.set_seq1(text[s0:e])
            if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
                continue
            r = sm.ratio()
            if r >= floor:
                seen.append((r, round(r * (n + qn) / 2), s0, e))
                floor = max(floor, r - NEAR_TIE)
    if not seen:
        if qn > len(text):  # the whole text is shorter than any window
            return _sim(quote, text), 0, len(text)
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


def _moved(
    node_id: str, text: str, start: int, end: int, method: str, score: float, detail: str
) -> AnchorResult:
    return AnchorResult(ANCHOR_MOVED, make_anchor(node_id, text, start, end), method, score, detail)


def reanchor(anchor: Anchor, node_text: str | None, doc_texts: Mapping[str, str]) -> AnchorResult:
    """Find ``anchor`` again. ``node_text`` is the current text of its node (None if
    the node is gone); ``doc_texts`` maps every node id of the document to its text."""
    if anchor.whole_node:
        return _reanchor_node(anchor, node_text, doc_texts)
    quote = anchor.quote
    if node_text is not None:
        if node_text[anchor.start : anchor.end] == quote:
            return AnchorResult(ANCHOR_OK, anchor, "unchanged")
        places = _occurrences(node_text, quote)
        if places:
            start = max(
                places,
                key=lambda p: (
                    _context_score(anchor, node_text, p, p + len(quote)),
                    -abs(p - anchor.start),
                ),
            )
            return _moved(
                anchor.node_id,
                node_text,
                start,
                start + len(quote),
                "exact-node",
                1.0,
                f"the quote moved within the provision (offset {anchor.start} → {start})",
            )
    found = [
        (_context_score(anchor, text, p, p + len(quote)), nid, p)
        for nid, text in doc_texts.items()
        if nid != anchor.node_id or node_text is None
        for p in _occurrences(text, quote)
    ]
    if found:
        found.sort(key=lambda f: f[0], reverse=True)
        ctx, nid, p = found[0]
        if len(found) == 1 or ctx - found[1][0] >= CONTEXT_MARGIN:
            return _moved(
                nid,
                doc_texts[nid],
                p,
                p + len(quote),
                "exact-document",
                1.0,
                f"the quote is now in {nid} (was {anchor.node_id})",
            )
        return AnchorResult(
            ANCHOR_REVIEW,
            anchor,
            "none",
            1.0,
            f"the quote occurs in {len(found)} places of the document and the context "
            "does not tell which one is meant",
            (quote, nid, p, p + len(quote)),
        )
    if node_text is not None:
        score, s0, e0 = fuzzy_find(quote, node_text)
        if score >= THRESHOLD:
            return _moved(
                anchor.node_id,
                node_text,
                s0,
                e0,
                "fuzzy-node",
                score,
                f"the text of the provision changed; closest match {score:.0%} similar",
            )
    score, nid, s0, e0 = _nearest(quote, anchor.node_id, node_text, doc_texts)
    where = "in the provision" if node_text is not None else "(the provision is gone)"
    return AnchorResult(
        ANCHOR_REVIEW,
        anchor,
        "none",
        score,
        f"the quote was not found {where}; nearest text is {score:.0%} similar",
        (doc_texts.get(nid, node_text or "")[s0:e0], nid, s0, e0),
    )


def _nearest(
    quote: str, node_id: str, node_text: str | None, doc_texts: Mapping[str, str]
) -> tuple[float, str, int, int]:
    """The best fuzzy span among the old node and the three nodes sharing most words
    with the quote; the old node wins unless another scores 0.1 higher."""
    qwords = set(quote.lower().split())

    def overlap(text: str) -> float:
        return len(qwords & set(text.lower().split())) / (len(qwords) or 1)

    ranked = sorted(doc_texts, key=lambda nid: overlap(doc_texts[nid]), reverse=True)[:3]
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


def _reanchor_node(
    anchor: Anchor, node_text: str | None, doc_texts: Mapping[str, str]
) -> AnchorResult:
    if node_text is not None:
        return AnchorResult(ANCHOR_OK, anchor, "unchanged")
    if anchor.prefix:
        same = [
            nid
            for nid, text in doc_texts.items()
            if text.startswith(anchor.prefix) and text.endswith(anchor.suffix)
        ]
        if len(same) == 1:
            nid = same[0]
            return AnchorResult(
                ANCHOR_MOVED,
                make_anchor(nid, doc_texts[nid]),
                "node-text",
                1.0,
                f"the provision is now {nid} (was {anchor.node_id})",
            )
    return AnchorResult(
        ANCHOR_REVIEW,
        anchor,
        "none",
        0.0,
        f"the provision {anchor.node_id} is no longer in the document",
    )


# --- re-anchoring the whole store ------------------------------------------------------


class NodeSource(Protocol):
    """What re-anchoring needs from the corpus (``CorpusRepo`` provides it)."""

    def document_nodes(self, doc: str) -> Sequence[object]: ...


@dataclass(slots=True)
class ReanchorReport:
    checked: int = 0
    unchanged: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)  # (annotation id, detail)
    review: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


def doc_texts(nodes: Iterable[object]) -> dict[str, str]:
    """node id → text (or heading for structural nodes) from ``NodeRow``-like rows."""
    return {
        n.id: (n.text or n.heading or "")  # type: ignore[attr-defined]
        for n in nodes
    }


def reanchor_all(
    store: NotesRepo,
    corpus: NodeSource,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReanchorReport:
    """Check every annotation against the corpus and re-anchor the ones that moved.

    Annotations already in review are tried again (the text may have been fixed).
    Each change is its own transaction, so cancelling leaves a consistent store.
    """
    report = ReanchorReport()
    annotations = store.filter_annotations(AnnotationFilter(), limit=None)
    texts: dict[str, dict[str, str]] = {}
    for i, a in enumerate(annotations):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if progress is not None and i % 200 == 0:
            progress(i, len(annotations))
        if a.doc not in texts:
            texts[a.doc] = doc_texts(corpus.document_nodes(a.doc))
        doc = texts[a.doc]
        report.checked += 1
        node_text = doc.get(a.node_id)
        if a.anchor_state != ANCHOR_REVIEW and is_intact(a.anchor, node_text):
            report.unchanged += 1
            continue
        result = reanchor(a.anchor, node_text, doc)
        if result.state == ANCHOR_OK:
            if a.anchor_state == ANCHOR_REVIEW:
                store.set_anchor(a.id, result.anchor, state=ANCHOR_OK)
            report.unchanged += 1
        elif result.state == ANCHOR_MOVED:
            store.set_anchor(a.id, result.anchor, state=ANCHOR_MOVED, detail=result.detail)
            report.moved.append((a.id, result.detail))
        else:
            store.mark_for_review(a.id, result.detail, (*result.candidate, result.score))
            report.review.append((a.id, result.detail))
    if progress is not None:
        progress(report.checked, len(annotations))
    return report


#: User-database meta key: the corpus fingerprint the anchors were last checked against.
ANCHORED_META = "anchored_corpus"


class FingerprintedCorpus(NodeSource, Protocol):
    def meta(self, key: str) -> str | None: ...


def reanchor_if_changed(
    store: NotesRepo,
    corpus: FingerprintedCorpus,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReanchorReport | None:
    """Re-anchor everything if the corpus was rebuilt from other text since the
    last check (its ``fingerprint`` meta differs); None if nothing to do.

    The new fingerprint is recorded only after a complete run, so a cancelled run
    is resumed next time.
    """
    current = corpus.meta("fingerprint") or ""
    if store.meta(ANCHORED_META) == current:
        return None
    report = reanchor_all(store, corpus, progress=progress, cancelled=cancelled)
    if not report.cancelled:
        store.set_meta(ANCHORED_META, current)
    return report


def accept_candidate(store: NotesRepo, annotation_id: str, node_text: str) -> Annotation:
    """The user accepts the candidate of an annotation in review.

    ``node_text`` is the current text of ``candidate_node_id``. The old quote is
    kept in ``anchor_detail``. Raises ValueError if there is no candidate or the
    text no longer holds it (the corpus changed again: re-anchor first).
    """
    a = store.annotation(annotation_id)
    if a is None:
        raise KeyError(annotation_id)
    if a.anchor_state != ANCHOR_REVIEW or not a.candidate:
        raise ValueError("this annotation has no candidate to accept")
    if node_text[a.candidate_start : a.candidate_end] != a.candidate:
        raise ValueError("the provision changed since the candidate was found: re-anchor first")
    anchor = make_anchor(a.candidate_node_id, node_text, a.candidate_start, a.candidate_end)
    return store.set_anchor(
        annotation_id,
        anchor,
        state=ANCHOR_OK,
        detail=f"re-anchored by hand; the quote was “{a.anchor.quote}”",
    )
