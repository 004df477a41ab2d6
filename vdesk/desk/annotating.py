"""Writing the user's own work: annotations, national notes, colours, undo, re-anchoring.

Each function does one user action through the notes store and returns its
frozen values with the one :class:`Changes` that describes it; the desk
broadcasts that record. Bulk actions check every id before they change anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from vdesk.domain.notes import DEFAULT_SENSITIVITY, Anchor, Annotation, Colour, NationalNote, doc_of
from vdesk.notes.anchoring import (
    ANCHORED_META,
    ReanchorReport,
    reanchor_all,
    stamp_unfingerprinted,
)
from vdesk.notes.fingerprints import DocIndex
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.contract import AnnotationFilter, NotesStore

from .changes import Changes


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def provision_stamp(corpus: CorpusRepo | None, node_id: str) -> tuple[str, int]:
    """(fingerprint, position among siblings) of a provision now, for a new
    annotation or national note; ("", -1) without a corpus or if it is not there
    (the next complete re-anchoring run stamps such items)."""
    if corpus is None:
        return "", -1
    index = DocIndex.of(corpus.document_nodes(doc_of(node_id)))
    return index.stamp(node_id) if node_id in index.texts else ("", -1)


def annotate(
    store: NotesStore,
    anchor: Anchor,
    *,
    colour: str = "yellow",
    comment: str = "",
    tags: Iterable[str] = (),
    sensitivity: str = DEFAULT_SENSITIVITY,
    author: str = "",
    doc: str | None = None,
    initiator: object | None = None,
    corpus: CorpusRepo | None = None,
) -> tuple[Annotation, Changes]:
    """Add an annotation; with ``corpus``, its anchor gets the provision's fingerprint."""
    if corpus is not None and not anchor.fingerprint:
        fp, pos = provision_stamp(corpus, anchor.node_id)
        anchor = replace(anchor, fingerprint=fp, position=pos)
    a = store.add_annotation(
        anchor, colour=colour, comment=comment, tags=tags, sensitivity=sensitivity,
        author=author, doc=doc,
    )  # fmt: skip
    return a, Changes(
        "Add annotation", initiator, annotations=frozenset({a.id}), node_ids=frozenset({a.node_id})
    )


def update_annotation(
    store: NotesStore, annotation_id: str, *, initiator: object | None = None, **fields: Any
) -> tuple[Annotation, Changes]:
    a = store.update_annotation(annotation_id, **fields)
    return a, Changes(
        "Edit annotation", initiator, annotations=frozenset({a.id}), node_ids=frozenset({a.node_id})
    )


def delete_annotations(
    store: NotesStore, ids: Iterable[str], *, initiator: object | None = None
) -> tuple[tuple[Annotation, ...], Changes]:
    """Delete every annotation in ``ids`` (KeyError, and nothing deleted, if one is
    not there); the values come back for :func:`restore`."""
    gone = tuple(store.delete_annotations(list(dict.fromkeys(ids))))
    return gone, Changes(
        f"Delete {_plural(len(gone), 'annotation')}",
        initiator,
        annotations=frozenset(a.id for a in gone),
        node_ids=frozenset(a.node_id for a in gone),
    )


def add_national_note(
    store: NotesStore,
    node_id: str,
    *,
    country: str,
    status: str,
    initiator: object | None = None,
    corpus: CorpusRepo | None = None,
    **fields: Any,
) -> tuple[NationalNote, Changes]:
    """Add a national note; with ``corpus``, it gets the provision's fingerprint."""
    if corpus is not None and "fingerprint" not in fields:
        fields["fingerprint"], fields["node_position"] = provision_stamp(corpus, node_id)
    n = store.add_national_note(node_id, country=country, status=status, **fields)
    return n, Changes(
        "Add national note",
        initiator,
        national_notes=frozenset({n.id}),
        node_ids=frozenset({n.node_id}),
    )


def update_national_note(
    store: NotesStore, note_id: str, *, initiator: object | None = None, **fields: Any
) -> tuple[NationalNote, Changes]:
    n = store.update_national_note(note_id, **fields)
    return n, Changes(
        "Edit national note",
        initiator,
        national_notes=frozenset({n.id}),
        node_ids=frozenset({n.node_id}),
    )


def delete_national_notes(
    store: NotesStore, ids: Iterable[str], *, initiator: object | None = None
) -> tuple[tuple[NationalNote, ...], Changes]:
    gone = tuple(store.delete_national_notes(list(dict.fromkeys(ids))))
    return gone, Changes(
        f"Delete {_plural(len(gone), 'national note')}",
        initiator,
        national_notes=frozenset(n.id for n in gone),
        node_ids=frozenset(n.node_id for n in gone),
    )


def restore(
    store: NotesStore,
    annotations: Iterable[Annotation] = (),
    national_notes: Iterable[NationalNote] = (),
    *,
    initiator: object | None = None,
) -> Changes:
    """Write deleted (or earlier) values back exactly, in one transaction (undo)."""
    anns, notes = tuple(annotations), tuple(national_notes)
    if anns or notes:
        store.restore_many(anns, notes)
    return Changes(
        "Restore",
        initiator,
        annotations=frozenset(a.id for a in anns),
        national_notes=frozenset(n.id for n in notes),
        node_ids=frozenset(a.node_id for a in anns) | frozenset(n.node_id for n in notes),
    )


def set_colour(
    store: NotesStore,
    name: str,
    meaning: str,
    hex: str | None = None,
    *,
    initiator: object | None = None,
) -> tuple[Colour, Changes]:
    c = store.set_colour(name, meaning, hex)
    return c, Changes(f"Set the meaning of {c.name}", initiator, colours=True)


def reanchor(
    store: NotesStore,
    corpus: CorpusRepo,
    *,
    only_if_changed: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    initiator: object | None = None,
) -> tuple[ReanchorReport | None, Changes]:
    """Check every annotation against the corpus text and move or flag the ones
    whose passage changed; record the corpus fingerprint they now match.

    With ``only_if_changed`` nothing is done (None) when the fingerprint recorded
    is the corpus's. A cancelled run records nothing, so it runs again next time.
    """
    current = corpus.meta("fingerprint") or ""
    if only_if_changed and store.meta(ANCHORED_META) == current:
        return None, Changes("Re-anchor annotations", initiator)
    before = {a.id: a for a in store.filter_annotations(AnnotationFilter(), limit=None)}
    notes_before = {n.id: n for n in store.national_notes()}
    report = reanchor_all(store, corpus, progress=progress, cancelled=cancelled)
    if not report.cancelled:
        report.stamped += stamp_unfingerprinted(store, corpus)
        store.set_meta(ANCHORED_META, current)
    after = store.filter_annotations(AnnotationFilter(), limit=None)
    changed = [(before[a.id], a) for a in after if a.id in before and _moved(before[a.id], a)]
    notes_after = store.national_notes()
    moved_notes = [
        (notes_before[n.id], n)
        for n in notes_after
        if n.id in notes_before and _note_moved(notes_before[n.id], n)
    ]
    nodes = {x for old, new in changed for x in (old.node_id, new.node_id)}
    nodes |= {x for old_n, new_n in moved_notes for x in (old_n.node_id, new_n.node_id)}
    return report, Changes(
        "Re-anchor annotations",
        initiator,
        annotations=frozenset(a.id for _, a in changed),
        national_notes=frozenset(n.id for _, n in moved_notes),
        node_ids=frozenset(nodes),
    )


def _moved(old: Annotation, new: Annotation) -> bool:
    """A change a view shows (not only a refreshed fingerprint)."""
    return replace(old, anchor=replace(old.anchor, fingerprint="", position=-1)) != replace(
        new, anchor=replace(new.anchor, fingerprint="", position=-1)
    )


def _note_moved(old: NationalNote, new: NationalNote) -> bool:
    return replace(old, fingerprint="", node_position=-1) != replace(
        new, fingerprint="", node_position=-1
    )


def acknowledge_national_note(
    store: NotesStore, note_id: str, *, initiator: object | None = None
) -> tuple[NationalNote, Changes]:
    """The user has seen that a national note moved (or was reviewed): back to ok."""
    n = store.acknowledge_national_note(note_id)
    return n, Changes(
        "Acknowledge national note",
        initiator,
        national_notes=frozenset({n.id}),
        node_ids=frozenset({n.node_id}),
    )
