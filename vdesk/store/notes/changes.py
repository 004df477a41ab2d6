"""What every SQL store keeps about changes: its subscribers, the tombstones of
deleted items and each item's version (see the rules in :mod:`.contract`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from vdesk.domain.notes import Change
from vdesk.store.notes.contract import ANNOTATION, KINDS, NATIONAL_NOTE, Tombstone
from vdesk.store.notes.records import AnnotationRecord, NationalNoteRecord, TombstoneRecord
from vdesk.store.notes.rows import ilike, utc_now

#: Ids per ``IN (...)`` list: well under every database's limit of bound parameters.
CHUNK = 500

_TABLES: dict[str, Any] = {ANNOTATION: AnnotationRecord, NATIONAL_NOTE: NationalNoteRecord}


def ids_in_chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for at in range(0, len(ids), CHUNK):
        yield ids[at : at + CHUNK]


class StoreBase:
    """Engines, subscribers, tombstones and versions."""

    def __init__(self, engine: Engine, *, writer: Engine | None = None) -> None:
        self._engine = engine
        self._writer = writer if writer is not None else engine
        self._subscribers: list[Callable[[Change], None]] = []

    def close(self) -> None:
        self._engine.dispose()

    # --- change notification ---------------------------------------------------

    def subscribe(self, callback: Callable[[Change], None]) -> None:
        """Call ``callback(change)`` after each committed mutation."""
        self._subscribers.append(callback)

    def _emit(self, change: Change) -> Change:
        for cb in list(self._subscribers):
            cb(change)
        return change

    def announce(self, change: Change) -> Change:
        """Tell subscribers about a change written through another connection (a bundle
        import runs :func:`vdesk.notes.bundle.import_file` on its own engine)."""
        return self._emit(change)

    # --- what a database may spell its own way ------------------------------------

    def _contains(self, column: Any, pattern: str) -> Any:
        """``column`` contains the escaped LIKE ``pattern``, in any case."""
        return ilike(column, pattern)

    # --- tombstones and versions -------------------------------------------------

    def tombstones(self, since: str | None = None) -> list[Tombstone]:
        """Deleted items (deleted after ``since``, a UTC timestamp, when given), oldest
        deletion first."""
        q = select(TombstoneRecord).order_by(TombstoneRecord.deleted_at, TombstoneRecord.id)
        if since is not None:
            q = q.where(TombstoneRecord.deleted_at > since)
        with Session(self._engine) as s:
            return [
                Tombstone(r.id, r.kind, r.deleted_at, r.deleted_by, r.version) for r in s.scalars(q)
            ]

    def version(self, kind: str, item_id: str) -> int | None:
        """The current version of an item; of its tombstone when it was deleted;
        None for an id never seen."""
        table = _table(kind)
        with Session(self._engine) as s:
            found = s.scalar(select(table.version).where(table.id == item_id))
            if found is None:
                found = s.scalar(
                    select(TombstoneRecord.version).where(
                        TombstoneRecord.kind == kind, TombstoneRecord.id == item_id
                    )
                )
            return found

    def _bury(self, s: Session, kind: str, items: Sequence[tuple[str, int]], by: str) -> None:
        """Tombstones for deleted ``(id, version)`` items, in the caller's transaction."""
        if not items:
            return
        now = utc_now()
        self._unbury(s, kind, [i for i, _ in items])
        s.execute(
            insert(TombstoneRecord),
            [
                {"kind": kind, "id": i, "deleted_at": now, "deleted_by": by, "version": v + 1}
                for i, v in items
            ],
        )

    def _unbury(self, s: Session, kind: str, ids: Sequence[str]) -> dict[str, int]:
        """Remove the tombstones of ``ids``; returns the versions they carried."""
        versions: dict[str, int] = {}
        for part in ids_in_chunks(ids):
            where = (TombstoneRecord.kind == kind, TombstoneRecord.id.in_(part))
            q = select(TombstoneRecord.id, TombstoneRecord.version).where(*where)
            versions.update((i, v) for i, v in s.execute(q))
            s.execute(delete(TombstoneRecord).where(*where))
        return versions

    def _next_versions(self, s: Session, kind: str, ids: Sequence[str]) -> dict[str, int]:
        """The versions a write of ``ids`` (existing, deleted or new) gives them; their
        tombstones are removed: the items are alive again."""
        table = _table(kind)
        current = self._unbury(s, kind, ids)
        for part in ids_in_chunks(ids):
            q = select(table.id, table.version).where(table.id.in_(part))
            current.update((i, v) for i, v in s.execute(q))
        return {i: current.get(i, 0) + 1 for i in ids}


def _table(kind: str) -> Any:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    return _TABLES[kind]
