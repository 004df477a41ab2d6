"""Writing the user's own work: annotations, national notes, colours, undo, re-anchoring.

Each function does one user action through the notes store and returns its
frozen values with the one :class:`Changes` that describes it; the desk
broadcasts that record. Bulk actions check every id before they change anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from vdesk.notes.anchoring import ANCHORED_META, ReanchorReport, reanchor_all
from vdesk.notes.model import DEFAULT_SENSITIVITY, Anchor, Annotation, Colour, NationalNote
from vdesk.notes.repo import AnnotationFilter, NotesRepo
from vdesk.store.corpus_db import CorpusRepo

from .changes import Changes


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def annotate(
    store: NotesRepo,
    anchor: Anchor,
    *,
    colour: str = "yellow",
    comment: str = "",
    tags: Iterable[str] = (),
    sensitivity: str = DEFAULT_SENSITIVITY,
    author: str = "",
    doc: str | None = None,
    initiator: object | None = None,
) -> tuple[Annotation, Changes]:
    a = store.add_annotation(
        anchor, colour=colour, comment=comment, tags=tags, sensitivity=sensitivity,
        author=author, doc=doc,
    )  # fmt: skip
    return a, Changes(
        "Add annotation", initiator, annotations=frozenset({a.id}), node_ids=frozenset({a.node_id})
    )


def update_annotation(
    store: NotesRepo, annotation_id: str, *, initiator: object | None = None, **fields: Any
) -> tuple[Annotation, Changes]:
    a = store.update_annotation(annotation_id, **fields)
    return a, Changes(
        "Edit annotation", initiator, annotations=frozenset({a.id}), node_ids=frozenset({a.node_id})
    )


def delete_annotations(
    store: NotesRepo, ids: Iterable[str], *, initiator: object | None = None
) -> tuple[tuple[Annotation, ...], Changes]:
    """Delete every annotation in ``ids`` (KeyError, and nothing deleted, if one is
    not there); the values come back for :func:`restore`."""
    wanted = list(dict.fromkeys(ids))
    missing = [i for i in wanted if store.annotation(i) is None]
    if missing:
        raise KeyError(missing[0])
    gone = tuple(store.delete_annotation(i) for i in wanted)
    return gone, Changes(
        f"Delete {_plural(len(gone), 'annotation')}",
        initiator,
        annotations=frozenset(a.id for a in gone),
        node_ids=frozenset(a.node_id for a in gone),
    )


def add_national_note(
    store: NotesRepo,
    node_id: str,
    *,
    country: str,
    status: str,
    initiator: object | None = None,
    **fields: Any,
) -> tuple[NationalNote, Changes]:
    n = store.add_national_note(node_id, country=country, status=status, **fields)
    return n, Changes(
        "Add national note",
        initiator,
        national_notes=frozenset({n.id}),
        node_ids=frozenset({n.node_id}),
    )


def update_national_note(
    store: NotesRepo, note_id: str, *, initiator: object | None = None, **fields: Any
) -> tuple[NationalNote, Changes]:
    n = store.update_national_note(note_id, **fields)
    return n, Changes(
        "Edit national note",
        initiator,
        national_notes=frozenset({n.id}),
        node_ids=frozenset({n.node_id}),
    )


def delete_national_notes(
    store: NotesRepo, ids: Iterable[str], *, initiator: object | None = None
) -> tuple[tuple[NationalNote, ...], Changes]:
    wanted = list(dict.fromkeys(ids))
    missing = [i for i in wanted if store.national_note(i) is None]
    if missing:
        raise KeyError(missing[0])
    gone = tuple(store.delete_national_note(i) for i in wanted)
    return gone, Changes(
        f"Delete {_plural(len(gone), 'national note')}",
        initiator,
        national_notes=frozenset(n.id for n in gone),
        node_ids=frozenset(n.node_id for n in gone),
    )


def restore(
    store: NotesRepo,
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
    store: NotesRepo,
    name: str,
    meaning: str,
    hex: str | None = None,
    *,
    initiator: object | None = None,
) -> tuple[Colour, Changes]:
    c = store.set_colour(name, meaning, hex)
    return c, Changes(f"Set the meaning of {c.name}", initiator, colours=True)


def reanchor(
    store: NotesRepo,
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
    report = reanchor_all(store, corpus, progress=progress, cancelled=cancelled)
    if not report.cancelled:
        store.set_meta(ANCHORED_META, current)
    after = store.filter_annotations(AnnotationFilter(), limit=None)
    changed = [(before[a.id], a) for a in after if a.id in before and before[a.id] != a]
    return report, Changes(
        "Re-anchor annotations",
        initiator,
        annotations=frozenset(a.id for _, a in changed),
        node_ids=frozenset(n for old, new in changed for n in (old.node_id, new.node_id)),
    )
