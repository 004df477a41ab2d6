"""Pending import conflicts: a bundle's version kept aside for the user to choose.

When an import cannot decide between two versions without losing one of them (a
colleague's national note for a provision and country the user already has a note
for; a newer version that would lower an item's sensitivity label), the local
version stays in place and the bundle's is recorded here, with a copy of the local
one as it was, until the user keeps one (``vdesk notes resolve ID --keep
mine|theirs``).

The records live in the notes database itself (so a backup or a restore carries
them) in a table of their own, ``import_conflicts``, created on first use::

    CREATE TABLE import_conflicts (
        id TEXT PRIMARY KEY,          -- UUID of the conflict
        entity TEXT NOT NULL,         -- "annotation" | "national_note"
        reason TEXT NOT NULL,         -- "same_provision" | "lower_sensitivity"
        label TEXT NOT NULL,          -- "plans-of-action/… (AT)", for the user
        local_id TEXT NOT NULL,       -- the item kept in place
        incoming_id TEXT NOT NULL,    -- the bundle's item (may equal local_id)
        local_json TEXT NOT NULL,     -- the local version when the conflict arose
        incoming_json TEXT NOT NULL,  -- the bundle's version (bundle item format)
        origin TEXT NOT NULL,         -- "From AT mission, exported 2026-11-23 09:00 UTC"
        recorded TEXT NOT NULL,       -- UTC ISO 8601
        digest TEXT NOT NULL UNIQUE   -- the same conflict imported twice is kept once
    )

The store's versioned migrations (``vdesk.store.migrations``) may adopt this table
as a numbered step as it is: it is created with ``IF NOT EXISTS`` semantics, so a
database that already has it is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Connection, Engine

from vdesk.domain.notes import Annotation, NationalNote, utc_now
from vdesk.notes.bundle import _annotation_fast, _note_fast, annotation_obj, note_obj
from vdesk.notes.merge import PendingConflict

TABLE = "import_conflicts"

_metadata = MetaData()
conflicts_table = Table(
    TABLE,
    _metadata,
    Column("id", String, primary_key=True),
    Column("entity", String, nullable=False),
    Column("reason", String, nullable=False),
    Column("label", Text, nullable=False),
    Column("local_id", String, nullable=False),
    Column("incoming_id", String, nullable=False),
    Column("local_json", Text, nullable=False),
    Column("incoming_json", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("recorded", String, nullable=False),
    Column("digest", String, nullable=False, unique=True),
)


@dataclass(frozen=True, slots=True)
class PendingRecord:
    """One conflict waiting for the user's choice."""

    id: str
    entity: str
    reason: str
    label: str
    local: Annotation | NationalNote  # as it was when the conflict arose
    incoming: Annotation | NationalNote
    origin: str
    recorded: str


def _obj(value: Annotation | NationalNote) -> dict[str, Any]:
    return annotation_obj(value) if isinstance(value, Annotation) else note_obj(value)


def _value(entity: str, text: str) -> Annotation | NationalNote:
    obj = json.loads(text)
    value = _annotation_fast(obj) if entity == "annotation" else _note_fast(obj)
    if value is None:
        raise ValueError(f"a pending conflict's {entity.replace('_', ' ')} is damaged")
    return value


def _digest(p: PendingConflict, incoming: str) -> str:
    key = json.dumps([p.entity, p.reason, p.local.id, incoming], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ConflictStore:
    """The pending conflicts of the notes database at ``db_path`` (a short-lived
    engine of its own per store; writes take the write lock up front)."""

    def __init__(self, db_path: Path) -> None:
        self._engine = _engine(db_path)

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")

    def _exists(self, conn: Connection) -> bool:
        q = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return conn.exec_driver_sql(q, (TABLE,)).first() is not None

    def add(self, pending: Iterable[PendingConflict], origin: str) -> int:
        """Record conflicts (one transaction); one already recorded is not doubled.
        Returns how many are new."""
        rows = []
        now = utc_now()
        for p in pending:
            incoming = json.dumps(_obj(p.incoming), ensure_ascii=False, sort_keys=True)
            rows.append({
                "id": str(uuid.uuid4()), "entity": p.entity, "reason": p.reason,
                "label": p.label, "local_id": p.local.id, "incoming_id": p.incoming.id,
                "local_json": json.dumps(_obj(p.local), ensure_ascii=False, sort_keys=True),
                "incoming_json": incoming, "origin": origin, "recorded": now,
                "digest": _digest(p, incoming),
            })  # fmt: skip
        if not rows:
            return 0
        with self._write() as conn:
            _metadata.create_all(conn)
            before = self._count(conn)
            conn.execute(insert(conflicts_table).prefix_with("OR IGNORE"), rows)
            return self._count(conn) - before

    def _count(self, conn: Connection) -> int:
        return int(conn.execute(select(func.count()).select_from(conflicts_table)).scalar_one())

    def list(self) -> list[PendingRecord]:
        """Every pending conflict, oldest first."""
        with self._engine.connect() as conn:
            if not self._exists(conn):
                return []
            q = select(conflicts_table).order_by(
                conflicts_table.c.recorded, conflicts_table.c.label, conflicts_table.c.id
            )
            return [_record(r) for r in conn.execute(q).mappings()]

    def get(self, id_or_prefix: str) -> PendingRecord:
        """The conflict with this id or unique prefix (at least 4 characters);
        ``KeyError`` with a message for the user otherwise."""
        key = id_or_prefix.strip().lower()
        if len(key) < 4:
            raise KeyError(f"conflict id {id_or_prefix!r} is too short: give at least 4 characters")
        found = [r for r in self.list() if r.id.startswith(key)]
        if not found:
            raise KeyError(
                f"no pending conflict has the id {id_or_prefix!r}: see 'vdesk notes conflicts'"
            )
        if len(found) > 1:
            raise KeyError(f"conflict id {id_or_prefix!r} is ambiguous: give more characters")
        return found[0]

    def remove(self, conflict_id: str) -> None:
        with self._write() as conn:
            if self._exists(conn):
                conn.execute(delete(conflicts_table).where(conflicts_table.c.id == conflict_id))


def _record(r: Any) -> PendingRecord:
    return PendingRecord(
        id=r["id"],
        entity=r["entity"],
        reason=r["reason"],
        label=r["label"],
        local=_value(r["entity"], r["local_json"]),
        incoming=_value(r["entity"], r["incoming_json"]),
        origin=r["origin"],
        recorded=r["recorded"],
    )


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path.as_posix()}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # transactions are begun explicitly
        dbapi_conn.execute("PRAGMA busy_timeout = 5000")

    return engine
