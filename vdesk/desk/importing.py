"""Importing a note bundle: plan (parse and validate once, one merge plan), then apply;
and the conflicts an import set aside for the user, listed and resolved.

A dry run is the plan alone. Applying backs the notes database up (only when the
plan writes something), records the pending conflicts (a bundle's version kept
aside, :mod:`vdesk.notes.conflicts`), then writes the plan through the notes store,
the annotations and national notes in one transaction.

While another process holds the notes database's write lock, each step waits (the
store's busy timeout), then is tried again after a pause, a few times
(:data:`BUSY_PAUSES`, never past :data:`BUSY_DEADLINE`); then :class:`NotesBusy`
says so in one line. Each step can be repeated safely: a backup is one more file, a
conflict recorded twice is kept once, and the merge writes values exactly.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from vdesk.notes.bundle import KEEP_IMPORT_BACKUPS, Bundle, ImportReport, parse_bundle
from vdesk.notes.merge import MergePlan, plan_merge, read_local, write_merge
from vdesk.paths import AppPaths
from vdesk.store.notes.contract import NotesStore
from vdesk.store.user_files import UserDbError

from .changes import Changes

if TYPE_CHECKING:
    from vdesk.notes.conflicts import ConflictStore, PendingRecord

T = TypeVar("T")

#: Pauses between attempts while the notes database is busy (each attempt itself
#: waits up to the store's busy timeout first).
BUSY_PAUSES = (0.25, 0.5, 1.0)
#: No attempt starts later than this many seconds after the first.
BUSY_DEADLINE = 8.0
BUSY_MESSAGE = "the notes database is busy: another vdesk is writing; try again"

_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6


class NotesBusy(UserDbError):
    """Another process kept the notes database's write lock; nothing was written (a
    ``UserDbError``: the front ends already tell the user those in one line)."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


def is_busy(exc: BaseException) -> bool:
    """Is ``exc`` (SQLAlchemy's or sqlite3's) SQLite saying another connection holds a
    lock? Decided by the error code, never by the statement."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return str(orig).startswith(("database is locked", "database table is locked"))


def retry_busy(
    step: Callable[[], T],
    *,
    pauses: tuple[float, ...] | None = None,
    deadline: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``step()``, tried again after each pause while the database is busy; then
    :class:`NotesBusy` (the SQLite error, which carries the statement and its values,
    is dropped)."""
    pauses = BUSY_PAUSES if pauses is None else pauses
    deadline = BUSY_DEADLINE if deadline is None else deadline
    start = time.monotonic()
    waits = list(pauses)
    while True:
        try:
            return step()
        except Exception as exc:
            if not is_busy(exc):
                raise
            if not waits or time.monotonic() - start + waits[0] > deadline:
                raise NotesBusy() from None
        sleep(waits.pop(0))


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A bundle read and checked, and what importing it will do (``report``, a dry run)."""

    bundle: Bundle
    merge: MergePlan

    @property
    def report(self) -> ImportReport:
        return self.merge.report

    @property
    def writes(self) -> bool:
        return self.merge.writes

    @property
    def origin(self) -> str:
        """ "From NAME, exported 2026-11-23 09:00 UTC", for the user."""
        author = self.bundle.author.strip() or "an unnamed sender"
        stamp = self.bundle.exported
        when = f", exported {stamp[:16].replace('T', ' ')} UTC" if len(stamp) >= 16 else ""
        return f"From {author}{when}"


def plan_import(data: bytes, notes: NotesStore, node_texts: Mapping[str, str]) -> ImportPlan:
    """Parse and validate ``data`` (``BundleError`` lists every problem) and decide,
    once, what importing it changes. Writes nothing."""
    colours = retry_busy(notes.colours)
    bundle = parse_bundle(data, known_colours=[c.name for c in colours])
    local = retry_busy(lambda: read_local(notes, bundle))
    return ImportPlan(bundle, plan_merge(bundle, local, node_texts))


def apply_import(
    plan: ImportPlan, notes: NotesStore, paths: AppPaths, *, initiator: object | None = None
) -> tuple[ImportReport, Changes]:
    """Write ``plan``: a backup first (if anything changes), the pending conflicts,
    then the merge."""
    merge = plan.merge
    if not merge.writes:
        return replace(merge.report, dry_run=False), Changes("Import bundle", initiator)
    from vdesk.store.user_db import backup  # the store's machinery (loads SQLAlchemy)

    saved = retry_busy(lambda: backup(paths, "pre-import", keep=KEEP_IMPORT_BACKUPS))
    if merge.pending:
        store = _conflicts(paths)
        try:
            retry_busy(lambda: store.add(merge.pending, plan.origin))
        finally:
            store.close()
    retry_busy(lambda: write_merge(notes, merge))
    return replace(merge.report, dry_run=False, backup=saved), Changes(
        "Import bundle",
        initiator,
        annotations=frozenset(a.id for a in merge.annotations),
        national_notes=frozenset(n.id for n in merge.national_notes),
        node_ids=merge.node_ids,
        colours=bool(merge.colours),
    )


def pending_conflicts(paths: AppPaths) -> list[PendingRecord]:
    """The conflicts imports set aside, oldest first."""
    store = _conflicts(paths)
    try:
        return retry_busy(store.list)
    finally:
        store.close()


def resolve_conflict(
    notes: NotesStore,
    paths: AppPaths,
    id_or_prefix: str,
    keep: str,
    *,
    initiator: object | None = None,
) -> tuple[PendingRecord, Changes]:
    """Keep ``"mine"`` (the local version stays; the bundle's is dropped) or
    ``"theirs"`` (the bundle's version replaces the local one: for a national note of
    another id, it takes the provision and country and the local note is deleted).
    ``KeyError`` (with a message) for an unknown id, ``ValueError`` for another
    ``keep``. The conflict's record is removed last, so a failure can be retried."""
    if keep not in ("mine", "theirs"):
        raise ValueError(f"--keep {keep!r}: use mine or theirs")
    store = _conflicts(paths)
    try:
        rec = retry_busy(lambda: store.get(id_or_prefix))
        changes = Changes("Resolve conflict", initiator)
        if keep == "theirs":
            changes = retry_busy(lambda: _take_theirs(notes, rec, initiator))
        retry_busy(lambda: store.remove(rec.id))
    finally:
        store.close()
    return rec, changes


def _take_theirs(notes: NotesStore, rec: PendingRecord, initiator: object | None) -> Changes:
    nodes = frozenset({rec.local.node_id, rec.incoming.node_id})
    if rec.entity == "annotation":
        notes.restore_many([rec.incoming], [])  # type: ignore[list-item]
        return Changes("Resolve conflict", initiator, annotations=frozenset({rec.incoming.id}),
                       node_ids=nodes)  # fmt: skip
    notes.restore_many([], [rec.incoming])  # type: ignore[list-item]
    if rec.local.id != rec.incoming.id and notes.national_note(rec.local.id) is not None:
        notes.delete_national_note(rec.local.id)
    return Changes(
        "Resolve conflict",
        initiator,
        national_notes=frozenset({rec.local.id, rec.incoming.id}),
        node_ids=nodes,
    )


def _conflicts(paths: AppPaths) -> ConflictStore:
    """The pending conflicts kept in the notes database (opened on use: SQLAlchemy)."""
    from vdesk.notes.conflicts import ConflictStore

    return ConflictStore(paths.user_db)
