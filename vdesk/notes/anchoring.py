"""Anchoring annotations to provision text, and finding them again after a rebuild.

An :class:`~vdesk.domain.notes.Anchor` is a node id plus a quote selector (exact
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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from vdesk.domain.notes import (
    ANCHOR_MOVED,
    ANCHOR_OK,
    ANCHOR_REVIEW,
    Anchor,
    Annotation,
    NationalNote,
)
from vdesk.notes.fingerprints import DocIndex, locate
from vdesk.notes.quote_match import (
    THRESHOLD,
    context_score,
    edges,
    fuzzy_find,
    nearest,
    occurrences,
    same_word_edges,
    sim,
    snap,
    words_kept,
)
from vdesk.store.notes.contract import AnchorUpdate, AnnotationFilter, NoteAnchorUpdate

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

#: Re-anchoring writes this many changes per transaction.
BATCH = 500
#: Characters of context stored either side of a quote.
CONTEXT = 32
#: How much better the best of several exact places must fit its context.
CONTEXT_MARGIN = 0.15
#: How well the text around a place must match the stored prefix/suffix (0–1).
CONTEXT_MIN = 0.5
#: A quote found with only one edge of its context may have moved this far.
NEAR_SHIFT = 40
#: A quote shorter than this (characters) needs :data:`CONTEXT_MIN_SHORT`.
SHORT_QUOTE = 15
CONTEXT_MIN_SHORT = 0.8
#: How much the best fuzzy span must beat the best one elsewhere in the provision.
FUZZY_MARGIN = 0.1


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


def _moved(
    node_id: str, text: str, start: int, end: int, method: str, score: float, detail: str,
    stamp: tuple[str, int] = ("", -1),
) -> AnchorResult:  # fmt: skip
    a = make_anchor(node_id, text, start, end)
    return AnchorResult(
        ANCHOR_MOVED, replace(a, fingerprint=stamp[0], position=stamp[1]), method, score, detail
    )


def _span(nid: str, start: int, end: int) -> str:
    return f"{nid} [{start}–{end}]"


def reanchor(
    anchor: Anchor,
    node_text: str | None,
    doc_texts: Mapping[str, str],
    index: DocIndex | None = None,
) -> AnchorResult:
    """Find ``anchor`` again. ``node_text`` is the current text of its node (None if
    the node is gone); ``doc_texts`` maps every node id of the document to its text;
    ``index`` (built from ``doc_texts`` if not given) recognises provisions by their
    fingerprint."""
    if not anchor.fingerprint:
        return _reanchor_unfingerprinted(anchor, node_text, doc_texts)
    if index is None:
        index = DocIndex.of_texts(dict(doc_texts))
    loc = locate(anchor.node_id, anchor.fingerprint, anchor.position, index)
    if not loc.node_id:
        if anchor.whole_node:
            return AnchorResult(
                ANCHOR_REVIEW, anchor, "none", loc.score, loc.detail, ("", loc.candidate, 0, 0)
            )
        score, nid, s0, e0 = nearest(anchor.quote, anchor.node_id, None, doc_texts)
        return AnchorResult(
            ANCHOR_REVIEW, anchor, "none", score,
            f"{loc.detail}; the nearest text to the quote is {score:.0%} similar",
            (doc_texts.get(nid, "")[s0:e0], nid, s0, e0),
        )  # fmt: skip
    target = loc.node_id
    text = index.texts[target]
    stamp = (anchor.fingerprint, anchor.position) if loc.how == "same" else index.stamp(target)
    restamped = replace(anchor, fingerprint=stamp[0], position=stamp[1])
    if anchor.whole_node:
        if target == anchor.node_id:
            return AnchorResult(ANCHOR_OK, restamped, "unchanged", loc.score, loc.detail)
        return AnchorResult(
            ANCHOR_MOVED,
            replace(make_anchor(target, text), fingerprint=stamp[0], position=stamp[1]),
            "node-fingerprint",
            loc.score,
            loc.detail,
        )
    return _find_quote(anchor, target, text, loc.detail, stamp)


def _find_quote(
    anchor: Anchor, target: str, text: str, node_detail: str, stamp: tuple[str, int]
) -> AnchorResult:
    """The quote of ``anchor`` in the provision known to be ``target`` now."""
    quote, old = anchor.quote, _span(anchor.node_id, anchor.start, anchor.end)
    unchanged = anchor.fingerprint and stamp[0] == anchor.fingerprint
    if text[anchor.start : anchor.end] == quote and (unchanged or target != anchor.node_id):
        if target == anchor.node_id:
            a = replace(anchor, fingerprint=stamp[0], position=stamp[1])
            return AnchorResult(ANCHOR_OK, a, "unchanged")
        return _moved(
            target, text, anchor.start, anchor.end, "node-fingerprint", 1.0,
            f"{node_detail}; the quote moved from {old} to "
            f"{_span(target, anchor.start, anchor.end)}", stamp,
        )  # fmt: skip
    places = occurrences(text, quote)
    if places:
        scored = sorted(
            ((context_score(anchor, text, p, p + len(quote)), p) for p in places), reverse=True
        )
        ctx, p = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        short = len(quote) < SHORT_QUOTE
        sides = edges(anchor, text, p, p + len(quote))
        needed = CONTEXT_MIN_SHORT if short else CONTEXT_MIN
        # one edge is enough only for a long quote that moved little (words
        # inserted right beside it)
        near = abs(p - anchor.start) <= NEAR_SHIFT
        held = all(sides) or (not short and any(sides) and near)
        whole = same_word_edges(anchor, text, p, p + len(quote))
        if held and whole and ctx >= needed and ctx - runner_up >= CONTEXT_MARGIN:
            if p == anchor.start and target == anchor.node_id:
                a = replace(anchor, fingerprint=stamp[0], position=stamp[1])
                return AnchorResult(ANCHOR_OK, a, "unchanged", ctx)
            return _moved(
                target, text, p, p + len(quote), "exact-node", 1.0,
                f"the quote moved from {old} to {_span(target, p, p + len(quote))}", stamp,
            )  # fmt: skip
        why = (
            f"the quote occurs {len(places)} times in {target} and the context does not "
            "tell which one is meant"
            if len(places) > 1
            else f"the quote is still in {target} but not in its context ({ctx:.0%} alike)"
        )
        return AnchorResult(
            ANCHOR_REVIEW, anchor, "none", ctx, why, (quote, target, p, p + len(quote))
        )
    score, s0, e0 = fuzzy_find(quote, text)
    snapped = snap(anchor, text, s0, e0) if score >= THRESHOLD else None
    if snapped is not None:
        s1, e1 = snapped
        r = sim(quote, text[s1:e1])
        masked = text[:s1] + " " * (e1 - s1) + text[e1:]
        kept = words_kept(quote, text[s1:e1])
        if kept and r >= THRESHOLD and r - fuzzy_find(quote, masked)[0] >= FUZZY_MARGIN:
            return _moved(
                target, text, s1, e1, "fuzzy-node", r,
                f"the quoted words changed; moved from {old} to {_span(target, s1, e1)}, "
                f"closest match {r:.0%} similar", stamp,
            )  # fmt: skip
    return AnchorResult(
        ANCHOR_REVIEW, anchor, "none", score,
        f"the quote was not found in the provision {target}; nearest text is {score:.0%} "
        "similar",
        (text[s0:e0], target, s0, e0),
    )  # fmt: skip


def _reanchor_unfingerprinted(
    anchor: Anchor, node_text: str | None, doc_texts: Mapping[str, str]
) -> AnchorResult:
    """An anchor made before fingerprints (v4): the node is taken to be its id."""
    if anchor.whole_node:
        return _reanchor_node(anchor, node_text, doc_texts)
    quote = anchor.quote
    if node_text is not None:
        if node_text[anchor.start : anchor.end] == quote:
            return AnchorResult(ANCHOR_OK, anchor, "unchanged")
        if quote in node_text:
            return _find_quote(anchor, anchor.node_id, node_text, "", ("", -1))
    found = [
        (context_score(anchor, text, p, p + len(quote)), nid, p)
        for nid, text in doc_texts.items()
        if nid != anchor.node_id or node_text is None
        for p in occurrences(text, quote)
    ]
    if found:
        found.sort(key=lambda f: f[0], reverse=True)
        ctx, nid, p = found[0]
        runner_up = found[1][0] if len(found) > 1 else 0.0
        if ctx >= CONTEXT_MIN and ctx - runner_up >= CONTEXT_MARGIN:
            return _moved(
                nid, doc_texts[nid], p, p + len(quote), "exact-document", 1.0,
                f"the quote is now in {nid} (was {anchor.node_id}): moved from "
                f"{_span(anchor.node_id, anchor.start, anchor.end)} to "
                f"{_span(nid, p, p + len(quote))}",
            )  # fmt: skip
        why = (
            f"the quote occurs in {len(found)} places of the document and the context "
            "does not tell which one is meant"
            if len(found) > 1
            else f"the quote is in {nid} but not in its context ({ctx:.0%} alike)"
        )
        return AnchorResult(
            ANCHOR_REVIEW, anchor, "none", 1.0, why, (quote, nid, p, p + len(quote))
        )
    if node_text is not None:
        return _find_quote(anchor, anchor.node_id, node_text, "", ("", -1))
    score, nid, s0, e0 = nearest(quote, anchor.node_id, node_text, doc_texts)
    return AnchorResult(
        ANCHOR_REVIEW,
        anchor,
        "none",
        score,
        f"the quote was not found (the provision is gone); nearest text is {score:.0%} similar",
        (doc_texts.get(nid, "")[s0:e0], nid, s0, e0),
    )


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
    """What a run did. ``moved``/``review`` are (annotation id, detail);
    ``notes_moved``/``notes_review`` the same for national notes; ``stamped`` counts
    items made before fingerprints that got their provision's fingerprint."""

    checked: int = 0
    unchanged: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)  # (annotation id, detail)
    review: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    notes_checked: int = 0
    notes_unchanged: int = 0
    notes_moved: list[tuple[str, str]] = field(default_factory=list)
    notes_review: list[tuple[str, str]] = field(default_factory=list)
    stamped: int = 0


def doc_texts(nodes: Iterable[object]) -> dict[str, str]:
    """node id → text (or heading for structural nodes) from ``NodeRow``-like rows."""
    return {
        n.id: (n.text or n.heading or "")  # type: ignore[attr-defined]
        for n in nodes
    }


def _current(anchor: Anchor, index: DocIndex) -> bool:
    """The anchor's provision still has the text it was fingerprinted with."""
    digest = index.digests.get(anchor.node_id)  # a text that had twins is checked in full
    return digest is not None and anchor.fingerprint.startswith(digest + ":")


def reanchor_all(
    store: NotesStore,
    corpus: NodeSource,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReanchorReport:
    """Check every annotation and national note against the corpus; re-anchor the
    ones whose provision or passage moved, flag for review the ones not found.

    Items already in review are tried again (the text may have been fixed). Each
    move is its own transaction, so cancelling leaves a consistent store.
    """
    report = ReanchorReport()
    annotations = store.filter_annotations(AnnotationFilter(), limit=None)
    notes = store.national_notes()
    total = len(annotations) + len(notes)
    indexes: dict[str, DocIndex] = {}

    def index_of(doc: str) -> DocIndex:
        if doc not in indexes:
            indexes[doc] = DocIndex.of(corpus.document_nodes(doc))
        return indexes[doc]

    stamps: list[tuple[str, str, int]] = []
    writes: list[AnchorUpdate] = []
    for i, a in enumerate(annotations):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if progress is not None and i % 200 == 0:
            progress(i, total)
        if len(writes) >= BATCH:
            store.set_anchors(writes)
            writes = []
        index = index_of(a.doc)
        report.checked += 1
        node_text = index.texts.get(a.node_id)
        settled = a.anchor_state != ANCHOR_REVIEW and is_intact(a.anchor, node_text)
        if settled and (not a.anchor.fingerprint or _current(a.anchor, index)):
            report.unchanged += 1
            continue
        result = reanchor(a.anchor, node_text, index.texts, index)
        if result.state == ANCHOR_OK:
            if a.anchor_state == ANCHOR_REVIEW:
                writes.append(AnchorUpdate(a.id, ANCHOR_OK, result.detail, result.anchor))
            elif result.anchor != a.anchor:
                stamps.append((a.id, result.anchor.fingerprint, result.anchor.position))
            report.unchanged += 1
        elif result.state == ANCHOR_MOVED:
            writes.append(AnchorUpdate(a.id, ANCHOR_MOVED, result.detail, result.anchor))
            report.moved.append((a.id, result.detail))
        else:
            candidate = (*result.candidate, result.score)
            writes.append(AnchorUpdate(a.id, ANCHOR_REVIEW, result.detail, None, candidate))
            report.review.append((a.id, result.detail))
    store.set_anchors(writes)
    report.stamped += store.set_fingerprints("annotation", stamps)
    if not report.cancelled:
        _reanchor_notes(store, notes, index_of, report, cancelled)
    if progress is not None:
        progress(report.checked + report.notes_checked, total)
    return report


def _reanchor_notes(
    store: NotesStore,
    notes: Sequence[NationalNote],
    index_of: Callable[[str], DocIndex],
    report: ReanchorReport,
    cancelled: Callable[[], bool] | None,
) -> None:
    stamps: list[tuple[str, str, int]] = []
    writes: list[NoteAnchorUpdate] = []
    for n in notes:
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if len(writes) >= BATCH:
            store.set_note_anchors(writes)
            writes = []
        index = index_of(n.doc)
        report.notes_checked += 1
        if not n.fingerprint:  # made before v4: see stamp_unfingerprinted
            if n.node_id in index.texts:
                report.notes_unchanged += 1
            elif n.anchor_state != ANCHOR_REVIEW:
                detail = f"the provision {n.node_id} is no longer in the document"
                writes.append(NoteAnchorUpdate(n.id, n.node_id, ANCHOR_REVIEW, detail, score=0.0))
                report.notes_review.append((n.id, detail))
            continue
        loc = locate(n.node_id, n.fingerprint, n.node_position, index)
        if loc.node_id == n.node_id:
            if n.anchor_state == ANCHOR_REVIEW:
                fp, pos = index.stamp(n.node_id)
                writes.append(NoteAnchorUpdate(n.id, n.node_id, ANCHOR_OK, loc.detail, fp, pos))
            elif loc.how != "same":
                stamps.append((n.id, *index.stamp(n.node_id)))
            report.notes_unchanged += 1
        elif loc.node_id:
            fp, pos = index.stamp(loc.node_id)
            writes.append(NoteAnchorUpdate(n.id, loc.node_id, ANCHOR_MOVED, loc.detail, fp, pos))
            report.notes_moved.append((n.id, loc.detail))
        else:
            writes.append(
                NoteAnchorUpdate(
                    n.id,
                    n.node_id,
                    ANCHOR_REVIEW,
                    loc.detail,
                    candidate_node_id=loc.candidate,
                    score=loc.score,
                )
            )
            report.notes_review.append((n.id, loc.detail))
    store.set_note_anchors(writes)
    report.stamped += store.set_fingerprints("national_note", stamps)


#: User-database meta key: the corpus fingerprint the anchors were last checked against.
ANCHORED_META = "anchored_corpus"


class FingerprintedCorpus(NodeSource, Protocol):
    def meta(self, key: str) -> str | None: ...


def reanchor_if_changed(
    store: NotesStore,
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
        report.stamped += stamp_unfingerprinted(store, corpus)
        store.set_meta(ANCHORED_META, current)
    return report


def stamp_unfingerprinted(store: NotesStore, corpus: NodeSource) -> int:
    """Give items without a fingerprint (made before v4, or imported from a bundle
    that carried none) the fingerprint of the provision they sit on, once a
    complete run has checked them against this corpus.

    Items in review are left alone: where they belong is not known. Returns how
    many were stamped."""
    indexes: dict[str, DocIndex] = {}

    def stamp(doc: str, node_id: str) -> tuple[str, int] | None:
        if doc not in indexes:
            indexes[doc] = DocIndex.of(corpus.document_nodes(doc))
        index = indexes[doc]
        return index.stamp(node_id) if node_id in index.texts else None

    done = 0
    found = store.filter_annotations(AnnotationFilter(), limit=None)
    a_stamps = [
        (a.id, *st)
        for a in found
        if not a.anchor.fingerprint and a.anchor_state != ANCHOR_REVIEW
        if (st := stamp(a.doc, a.node_id)) is not None
    ]
    done += store.set_fingerprints("annotation", a_stamps)
    n_stamps = [
        (n.id, *st)
        for n in store.national_notes()
        if not n.fingerprint and n.anchor_state != ANCHOR_REVIEW
        if (st := stamp(n.doc, n.node_id)) is not None
    ]
    return done + store.set_fingerprints("national_note", n_stamps)


def accept_candidate(store: NotesStore, annotation_id: str, node_text: str) -> Annotation:
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
