"""The notes store contract: what the application may ask of any store of the user's
annotations, national notes and colour meanings.

:class:`NotesStore` is a :class:`typing.Protocol`: an implementation satisfies it by
shape (mypy checks :class:`vdesk.store.notes.sqlite.SqliteNotesStore` against it), and
``isinstance(store, NotesStore)`` checks the method names at run time. Values go in
and out as frozen dataclasses (:mod:`vdesk.domain.notes` and the ones below), never
ORM objects.

Rules every implementation keeps (``tests/contract`` checks them):

- each mutation is one transaction, and tells subscribers once, after it committed,
  with one :class:`~vdesk.domain.notes.Change` (a bulk delete is one Change too);
- every write of an annotation or a national note increments its integer
  ``version`` (a new item has version 1); a deletion is a write: it leaves a
  :class:`Tombstone` carrying the next version, in the same transaction; restoring the
  item (undo) removes the tombstone and writes the version after it, so an item's
  versions never go back and ``version - 1`` is always the version a write replaced;
- ``write_if_versions`` (undo and redo) checks every item's version and writes in one
  transaction, or raises :class:`VersionConflict` and writes nothing;
- ``restore_*`` writes a value back exactly (same id, timestamps, anchor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from vdesk.domain.notes import (
    ANCHOR_OK,
    DEFAULT_SENSITIVITY,
    Anchor,
    Annotation,
    Change,
    Colour,
    NationalNote,
    OwnHit,
)

#: The kinds of item that carry a version and leave a tombstone.
ANNOTATION = "annotation"
NATIONAL_NOTE = "national_note"
KINDS = (ANNOTATION, NATIONAL_NOTE)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """A backup of the store: a file beside the SQLite database."""

    path: Path
    created: str  # UTC, from the file name
    reason: str  # "start", "pre-v2", "manual", ...
    size: int


@dataclass(frozen=True, slots=True)
class AnnotationFilter:
    """The annotations panel's filters; unset fields do not filter."""

    tag: str | None = None
    colour: str | None = None
    doc: str | None = None
    text: str | None = None  # substring of comment, quote or a tag (any case)
    sensitivity: str | None = None
    anchor_state: str | None = None
    node_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Tombstone:
    """An annotation or national note that was deleted, and when and by whom.

    ``version`` is the item's version the deletion wrote (its last version plus one).
    """

    id: str
    kind: str  # "annotation" | "national_note"
    deleted_at: str  # UTC ISO 8601, like every timestamp of the store
    deleted_by: str
    version: int


@dataclass(frozen=True, slots=True)
class AnchorUpdate:
    """One write of re-anchoring: an annotation moved to ``anchor`` or, with
    ``anchor`` None, flagged keeping its anchor; ``candidate`` is (text, node id,
    start, end, score) of the nearest place when in review."""

    id: str
    state: str
    detail: str = ""
    anchor: Anchor | None = None
    candidate: tuple[str, str, int, int, float] | None = None


@dataclass(frozen=True, slots=True)
class NoteAnchorUpdate:
    """One write of re-anchoring for a national note: its provision (moved or
    kept), state and detail; ``fingerprint``/``node_position`` None keep the stored
    ones; ``candidate_node_id``/``score`` the nearest provision when in review."""

    id: str
    node_id: str
    state: str
    detail: str = ""
    fingerprint: str | None = None
    node_position: int | None = None
    candidate_node_id: str = ""
    score: float = 1.0


class VersionConflict(Exception):
    """A conditional write found an item at another version than expected; nothing
    was written. ``found`` is its version now (None: never seen) and ``deleted``
    whether that version is a tombstone's."""

    def __init__(
        self, kind: str, item_id: str, expected: int, found: int | None, deleted: bool
    ) -> None:
        self.kind, self.id, self.expected, self.found, self.deleted = (
            kind, item_id, expected, found, deleted,
        )  # fmt: skip
        state = "deleted" if deleted else f"at version {found}"
        super().__init__(f"{kind} {item_id} is {state}, not at version {expected}")


class AnnotationStore(Protocol):
    """Annotations: highlights and comments anchored in the corpus."""

    def add_annotation(
        self,
        anchor: Anchor,
        *,
        colour: str = "yellow",
        comment: str = "",
        tags: Iterable[str] = (),
        sensitivity: str = DEFAULT_SENSITIVITY,
        author: str = "",
        doc: str | None = None,
    ) -> Annotation: ...

    def annotation(self, annotation_id: str) -> Annotation | None: ...

    def update_annotation(
        self,
        annotation_id: str,
        *,
        colour: str | None = None,
        comment: str | None = None,
        tags: Iterable[str] | None = None,
        sensitivity: str | None = None,
    ) -> Annotation: ...

    def set_anchor(
        self, annotation_id: str, anchor: Anchor, *, state: str = ANCHOR_OK, detail: str = ""
    ) -> Annotation: ...

    def set_anchors(self, updates: Iterable[AnchorUpdate]) -> int: ...

    def acknowledge(self, annotation_id: str) -> Annotation: ...

    def mark_for_review(
        self, annotation_id: str, detail: str, candidate: tuple[str, str, int, int, float]
    ) -> Annotation: ...

    def delete_annotation(self, annotation_id: str, *, by: str = "") -> Annotation: ...

    def delete_annotations(self, ids: Iterable[str], *, by: str = "") -> list[Annotation]: ...

    def restore_annotation(self, value: Annotation) -> Annotation: ...

    def annotations_for_nodes(self, node_ids: Iterable[str]) -> list[Annotation]: ...

    def needs_review(self) -> list[Annotation]: ...

    def filter_annotations(
        self, f: AnnotationFilter = ..., *, limit: int | None = 200
    ) -> list[Annotation]: ...

    def tags(self) -> list[tuple[str, int]]: ...


class NationalNoteStore(Protocol):
    """National notes: one country's record on one provision."""

    def add_national_note(
        self,
        node_id: str,
        *,
        country: str,
        status: str,
        position: str = "no_position",
        text: str = "",
        legal_refs: Iterable[str] = (),
        date: str = "",
        sensitivity: str = DEFAULT_SENSITIVITY,
        author: str = "",
        doc: str | None = None,
        fingerprint: str = "",
        node_position: int = -1,
    ) -> NationalNote: ...

    def national_note(self, note_id: str) -> NationalNote | None: ...

    def update_national_note(self, note_id: str, **fields: object) -> NationalNote: ...

    def delete_national_note(self, note_id: str, *, by: str = "") -> NationalNote: ...

    def delete_national_notes(self, ids: Iterable[str], *, by: str = "") -> list[NationalNote]: ...

    def restore_national_note(self, value: NationalNote) -> NationalNote: ...

    def national_notes(
        self,
        *,
        node_ids: Iterable[str] | None = None,
        country: str | None = None,
        doc: str | None = None,
        anchor_state: str | None = None,
    ) -> list[NationalNote]: ...

    def set_note_anchor(
        self,
        note_id: str,
        node_id: str,
        *,
        state: str,
        detail: str = "",
        fingerprint: str | None = None,
        node_position: int | None = None,
        candidate_node_id: str = "",
        score: float = 1.0,
    ) -> NationalNote: ...

    def set_note_anchors(self, updates: Iterable[NoteAnchorUpdate]) -> int: ...

    def acknowledge_national_note(self, note_id: str) -> NationalNote: ...

    def set_fingerprints(self, kind: str, stamps: Iterable[tuple[str, str, int]]) -> int: ...

    def note_countries(self, doc: str | None = None) -> list[str]: ...

    def statuses(self, country: str, node_ids: Iterable[str]) -> dict[str, str]: ...


class ChangeLog(Protocol):
    """Who is told about changes, what was deleted, and each item's version."""

    def subscribe(self, callback: Callable[[Change], None]) -> None: ...

    def announce(self, change: Change) -> Change: ...

    def tombstones(self, since: str | None = None) -> list[Tombstone]: ...

    def version(self, kind: str, item_id: str) -> int | None: ...


@runtime_checkable
class NotesStore(AnnotationStore, NationalNoteStore, ChangeLog, Protocol):
    """Everything the application uses of the user's notes store."""

    def close(self) -> None: ...

    # settings kept with the notes
    def meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def colours(self) -> list[Colour]: ...

    def set_colour(self, name: str, meaning: str, hex: str | None = None) -> Colour: ...

    # both kinds at once
    def restore_many(
        self, annotations: Iterable[Annotation] = (), notes: Iterable[NationalNote] = ()
    ) -> Change: ...

    def write_if_versions(
        self,
        expect: Mapping[tuple[str, str], int],
        *,
        annotations: Iterable[Annotation] = (),
        notes: Iterable[NationalNote] = (),
        remove: Iterable[tuple[str, str]] = (),
        by: str = "",
    ) -> Change: ...

    def counts_by_node(
        self, node_ids: Iterable[str] | None = None
    ) -> tuple[dict[str, int], dict[str, int]]: ...

    def count(self) -> tuple[int, int]: ...

    def find(self, id_or_prefix: str) -> tuple[str, str]: ...

    def search_own(
        self, text: str, *, limit: int = 100, also: Iterable[str] = ()
    ) -> list[OwnHit]: ...

    # backups
    def backup(self, reason: str = "manual") -> BackupInfo: ...

    def backups(self) -> list[BackupInfo]: ...
