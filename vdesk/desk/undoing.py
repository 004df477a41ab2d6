"""Undo and redo that never destroy someone else's work.

Every undoable edit remembers the version of each item its own write produced (the
store counts a version per write: :mod:`vdesk.store.notes.contract`). Undo and redo
write through :func:`revert`, which checks in the same write transaction that every
item is still at that version; an item another process, an import or a sync changed
since is never overwritten: :class:`ChangedSince` says which and what happened to
it, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vdesk.domain.countries import UnknownCountry
from vdesk.domain.countries import country as lookup_country
from vdesk.domain.notes import Annotation, NationalNote
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.contract import ANNOTATION, NATIONAL_NOTE, NotesStore, VersionConflict

from .changes import Changes
from .errors import DeskError

#: (kind, item id) -> the version the item must be at
Versions = Mapping[tuple[str, str], int]


@dataclass(frozen=True, slots=True)
class Step:
    """What one undo or redo writes: values put back exactly, and items deleted."""

    restore_annotations: tuple[Annotation, ...] = ()
    restore_national_notes: tuple[NationalNote, ...] = ()
    delete_annotations: tuple[Annotation, ...] = ()
    delete_national_notes: tuple[NationalNote, ...] = ()

    def items(self) -> dict[tuple[str, str], Annotation | NationalNote]:
        """Every item the step touches, by (kind, id)."""
        out: dict[tuple[str, str], Annotation | NationalNote] = {}
        for a in (*self.restore_annotations, *self.delete_annotations):
            out[(ANNOTATION, a.id)] = a
        for n in (*self.restore_national_notes, *self.delete_national_notes):
            out[(NATIONAL_NOTE, n.id)] = n
        return out


def after(versions: Versions) -> dict[tuple[str, str], int]:
    """The versions a successful :func:`revert` leaves: one more each (every write
    of an item, deletions included, counts one)."""
    return {key: v + 1 for key, v in versions.items()}


class ChangedSince(DeskError):
    """Undo (or redo) refused: an item was changed or deleted after the user's edit
    by someone else; nothing was changed."""

    def __init__(self, message: str, kind: str, item_id: str, deleted: bool) -> None:
        self.kind, self.id, self.deleted = kind, item_id, deleted
        super().__init__(message)


def describe(value: Annotation | NationalNote, corpus: CorpusRepo | None) -> str:
    """ "The national note for Austria on POA 2 (a)", "The annotation on POA 2 (a)
    (“investigative powers”)": an item as the user knows it."""
    row = corpus.node(value.node_id) if corpus is not None else None
    where = (row.citation or row.display) if row is not None else value.node_id
    if isinstance(value, NationalNote):
        try:
            name = lookup_country(value.country).name
        except UnknownCountry:
            name = value.country
        return f"The national note for {name} on {where}"
    quote = value.anchor.quote
    if len(quote) > 60:
        quote = quote[:59].rstrip() + "…"
    return f"The annotation on {where}" + (f" (“{quote}”)" if quote else "")


def versions(store: NotesStore, kind: str, ids: Iterable[str]) -> dict[str, int | None]:
    """The current version of each item (None: never seen)."""
    return {i: store.version(kind, i) for i in ids}


def snapshot(
    store: NotesStore, kind: str, item_id: str
) -> tuple[Annotation | NationalNote | None, int | None]:
    """An item's value and the version that value is: the version is read before and
    after the value, and again until no write came between (a write counts one)."""
    read = store.annotation if kind == ANNOTATION else store.national_note
    for _ in range(5):
        before = store.version(kind, item_id)
        value = read(item_id)
        if store.version(kind, item_id) == before:
            return value, before
    return read(item_id), None  # written to all the while: no version to trust


def revert(
    store: NotesStore,
    corpus: CorpusRepo | None,
    step: Step,
    expect: Versions,
    *,
    doing: str = "undo",
    initiator: object | None = None,
) -> Changes:
    """Write ``step`` if every item it touches is at its ``expect`` version, checked
    in the write's own transaction; else :class:`ChangedSince` (nothing written)."""
    items = step.items()
    missing = [key for key in items if key not in expect]
    if missing:  # an edit whose version was never known is never replayed blind
        kind, item_id = missing[0]
        raise ChangedSince(_refusal(items[missing[0]], corpus, doing, False), kind, item_id, False)
    try:
        store.write_if_versions(
            {key: expect[key] for key in items},
            annotations=step.restore_annotations,
            notes=step.restore_national_notes,
            remove=[(ANNOTATION, a.id) for a in step.delete_annotations]
            + [(NATIONAL_NOTE, n.id) for n in step.delete_national_notes],
        )
    except VersionConflict as exc:
        value = items[(exc.kind, exc.id)]
        raise ChangedSince(
            _refusal(value, corpus, doing, exc.deleted), exc.kind, exc.id, exc.deleted
        ) from exc
    anns = step.restore_annotations + step.delete_annotations
    notes = step.restore_national_notes + step.delete_national_notes
    return Changes(
        doing.capitalize(),
        initiator,
        annotations=frozenset(a.id for a in anns),
        national_notes=frozenset(n.id for n in notes),
        node_ids=frozenset(a.node_id for a in anns) | frozenset(n.node_id for n in notes),
    )


def _refusal(
    value: Annotation | NationalNote, corpus: CorpusRepo | None, doing: str, deleted: bool
) -> str:
    what = "deleted" if deleted else "changed"
    would = "bring it back" if deleted else "overwrite it"
    return (
        f"{describe(value, corpus)} was {what} after your edit (by another program or an "
        f"import) — {doing} would {would}. Nothing was changed."
    )
