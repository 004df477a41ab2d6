"""National notes in portable SQLAlchemy: one country's record on one provision."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from vdesk.domain.countries import country as lookup_country
from vdesk.domain.notes import (
    ANCHOR_OK,
    ANCHOR_STATES,
    DEFAULT_SENSITIVITY,
    Change,
    NationalNote,
    parse_position,
    parse_sensitivity,
    parse_status,
)
from vdesk.store.notes.changes import StoreBase, ids_in_chunks
from vdesk.store.notes.contract import NATIONAL_NOTE, NoteAnchorUpdate
from vdesk.store.notes.records import AnnotationRecord, NationalNoteRecord
from vdesk.store.notes.rows import NOTE_COLUMNS, doc_of, fill_note, note_from_row, note_of, utc_now


class NationalNoteQueries(StoreBase):
    """Reads and writes of national notes."""

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
    ) -> NationalNote:
        """``fingerprint``/``node_position`` identify the provision (see
        :mod:`vdesk.notes.fingerprints`); the desk passes them."""
        now = utc_now()
        n = NationalNote(
            id=str(uuid.uuid4()),
            doc=doc or doc_of(node_id),
            node_id=node_id,
            country=lookup_country(country).code,
            status=parse_status(status),
            position=parse_position(position),
            text=text,
            legal_refs=tuple(r.strip() for r in legal_refs if r.strip()),
            date=date,
            sensitivity=parse_sensitivity(sensitivity),
            author=author,
            created=now,
            modified=now,
            fingerprint=fingerprint,
            node_position=node_position,
        )
        with Session(self._writer) as s, s.begin():
            rec = NationalNoteRecord(id=n.id, version=1)
            fill_note(rec, n)
            s.add(rec)
        self._emit(Change("added", "national_note", (n.id,), (node_id,)))
        return n

    def national_note(self, note_id: str) -> NationalNote | None:
        with Session(self._engine) as s:
            rec = s.get(NationalNoteRecord, note_id)
            return note_of(rec) if rec else None

    def update_national_note(self, note_id: str, **fields: object) -> NationalNote:
        """Change any of status, position, text, legal_refs, date, sensitivity, country."""
        checks: dict[str, Callable[[object], object]] = {
            "status": lambda v: parse_status(str(v)),
            "position": lambda v: parse_position(str(v)),
            "sensitivity": lambda v: parse_sensitivity(str(v)),
            "country": lambda v: lookup_country(str(v)).code,
            "text": str,
            "date": str,
            "legal_refs": lambda v: tuple(str(r).strip() for r in v if str(r).strip()),  # type: ignore[attr-defined]
        }
        unknown = set(fields) - set(checks)
        if unknown:
            raise TypeError(f"cannot update {', '.join(sorted(unknown))}")
        values = {k: checks[k](v) for k, v in fields.items()}
        with Session(self._writer) as s, s.begin():
            rec = s.get(NationalNoteRecord, note_id)
            if rec is None:
                raise KeyError(note_id)
            new = replace(note_of(rec), **values, modified=utc_now())  # type: ignore[arg-type]
            fill_note(rec, new)
            rec.version += 1
        self._emit(Change("updated", "national_note", (new.id,), (new.node_id,)))
        return new

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
    ) -> NationalNote:
        """Move a national note to ``node_id`` or flag it (re-anchoring); a write."""
        if state not in ANCHOR_STATES:
            raise ValueError(f"unknown anchor state {state!r}")
        with Session(self._writer) as s, s.begin():
            rec = s.get(NationalNoteRecord, note_id)
            if rec is None:
                raise KeyError(note_id)
            old = note_of(rec)
            new = replace(
                old,
                node_id=node_id,
                anchor_state=state,
                anchor_detail=detail,
                fingerprint=old.fingerprint if fingerprint is None else fingerprint,
                node_position=old.node_position if node_position is None else node_position,
                candidate_node_id=candidate_node_id,
                score=score,
            )
            fill_note(rec, new)
            rec.version += 1
        nodes = tuple(dict.fromkeys((old.node_id, node_id)))
        self._emit(Change("updated", "national_note", (note_id,), nodes))
        return new

    def set_note_anchors(self, updates: Iterable[NoteAnchorUpdate]) -> int:
        """Many :meth:`set_note_anchor` writes in one transaction and one Change; an
        unknown id is skipped (deleted meanwhile). Returns how many were written."""
        todo = list(updates)
        if not todo:
            return 0
        for u in todo:
            if u.state not in ANCHOR_STATES:
                raise ValueError(f"unknown anchor state {u.state!r}")
        t = NationalNoteRecord
        written: list[str] = []
        nodes: dict[str, None] = {}
        with Session(self._writer) as s, s.begin():
            ids = [u.id for u in todo]
            q_old = select(t.id, t.node_id, t.node_fingerprint, t.node_position).where(
                t.id.in_(ids)
            )
            old = {i: (node, fp, pos) for i, node, fp, pos in s.execute(q_old).all()}
            rows = []
            for u in todo:
                if u.id not in old:
                    continue
                was_node, was_fp, was_pos = old[u.id]
                rows.append({
                    "b_id": u.id, "b_node": u.node_id, "b_state": u.state, "b_detail": u.detail,
                    "b_fp": was_fp if u.fingerprint is None else u.fingerprint,
                    "b_pos": was_pos if u.node_position is None else u.node_position,
                    "b_cnode": u.candidate_node_id, "b_score": u.score,
                })  # fmt: skip
                written.append(u.id)
                nodes[was_node] = nodes[u.node_id] = None
            if rows:
                q = (
                    update(t)
                    .where(t.id == bindparam("b_id"))
                    .values(
                        node_id=bindparam("b_node"),
                        anchor_state=bindparam("b_state"),
                        anchor_detail=bindparam("b_detail"),
                        node_fingerprint=bindparam("b_fp"),
                        node_position=bindparam("b_pos"),
                        candidate_node_id=bindparam("b_cnode"),
                        score=bindparam("b_score"),
                        version=t.version + 1,
                    )
                )
                s.connection().execute(q, rows)
        if written:
            self._emit(Change("updated", "national_note", tuple(written), tuple(nodes)))
        return len(written)

    def acknowledge_national_note(self, note_id: str) -> NationalNote:
        """The user has seen that a moved national note moved: back to ``ok``."""
        n = self.national_note(note_id)
        if n is None:
            raise KeyError(note_id)
        return self.set_note_anchor(note_id, n.node_id, state=ANCHOR_OK)

    def set_fingerprints(self, kind: str, stamps: Iterable[tuple[str, str, int]]) -> int:
        """Record (id, fingerprint, position) of many items in one transaction.

        The fingerprint is derived from the corpus, not the user's work: no version
        is counted and no Change is told. Returns how many rows were updated."""
        record = NationalNoteRecord if kind == NATIONAL_NOTE else AnnotationRecord
        rows = [{"b_id": i, "b_fp": fp, "b_pos": pos} for i, fp, pos in stamps]
        if not rows:
            return 0
        q = (
            update(record)
            .where(record.id == bindparam("b_id"))
            .values(node_fingerprint=bindparam("b_fp"), node_position=bindparam("b_pos"))
        )
        with Session(self._writer) as s, s.begin():
            s.connection().execute(q, rows)
        return len(rows)

    def delete_national_note(self, note_id: str, *, by: str = "") -> NationalNote:
        """Delete and return the full value, for :meth:`restore_national_note`; a
        tombstone (``by`` as who deleted it) stays."""
        return self.delete_national_notes([note_id], by=by)[0]

    def delete_national_notes(self, ids: Iterable[str], *, by: str = "") -> list[NationalNote]:
        """Delete many in one transaction, leaving their tombstones, and report one
        Change; the values come back in the order of ``ids``. An unknown id raises
        KeyError and deletes nothing."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        found: dict[str, tuple[NationalNote, int]] = {}
        with Session(self._writer) as s, s.begin():
            for part in ids_in_chunks(wanted):
                q = select(*NOTE_COLUMNS, NationalNoteRecord.version).where(
                    NationalNoteRecord.id.in_(part)
                )
                for m in s.execute(q).mappings():
                    found[m["id"]] = (note_from_row(m), m["version"])
            missing = [i for i in wanted if i not in found]
            if missing:
                raise KeyError(missing[0])
            for part in ids_in_chunks(wanted):
                s.execute(delete(NationalNoteRecord).where(NationalNoteRecord.id.in_(part)))
            self._bury(s, NATIONAL_NOTE, [(i, found[i][1]) for i in wanted], by)
        out = [found[i][0] for i in wanted]
        nodes = tuple(dict.fromkeys(n.node_id for n in out))
        self._emit(Change("deleted", "national_note", tuple(wanted), nodes))
        return out

    def restore_national_note(self, value: NationalNote) -> NationalNote:
        """Write ``value`` back exactly, replacing any row and removing its tombstone."""
        with Session(self._writer) as s, s.begin():
            version = self._next_versions(s, NATIONAL_NOTE, [value.id])[value.id]
            rec = s.get(NationalNoteRecord, value.id)
            if rec is None:
                rec = NationalNoteRecord(id=value.id)
                s.add(rec)
            fill_note(rec, value)
            rec.version = version
        self._emit(Change("restored", "national_note", (value.id,), (value.node_id,)))
        return value

    def national_notes(
        self,
        *,
        node_ids: Iterable[str] | None = None,
        country: str | None = None,
        doc: str | None = None,
        anchor_state: str | None = None,
    ) -> list[NationalNote]:
        q = select(*NOTE_COLUMNS)
        if anchor_state:
            q = q.where(NationalNoteRecord.anchor_state == anchor_state)
        if node_ids is not None:
            q = q.where(NationalNoteRecord.node_id.in_(tuple(node_ids)))
        if country:
            q = q.where(NationalNoteRecord.country == lookup_country(country).code)
        if doc:
            q = q.where(NationalNoteRecord.doc == doc)
        q = q.order_by(
            NationalNoteRecord.doc, NationalNoteRecord.node_id, NationalNoteRecord.country
        )
        with Session(self._engine) as s:
            return [note_from_row(r) for r in s.execute(q).mappings()]

    def note_countries(self, doc: str | None = None) -> list[str]:
        """The countries (codes) with national notes, in ``doc`` if given, by code."""
        q = select(NationalNoteRecord.country).distinct().order_by(NationalNoteRecord.country)
        if doc:
            q = q.where(NationalNoteRecord.doc == doc)
        with Session(self._engine) as s:
            return list(s.scalars(q))

    def statuses(self, country: str, node_ids: Iterable[str]) -> dict[str, str]:
        """node id → status for one country (the latest note when there are several)."""
        code = lookup_country(country).code
        q = (
            select(NationalNoteRecord.node_id, NationalNoteRecord.status)
            .where(
                NationalNoteRecord.country == code,
                NationalNoteRecord.node_id.in_(tuple(node_ids)),
            )
            .order_by(NationalNoteRecord.modified)
        )
        with Session(self._engine) as s:
            return {node: status for node, status in s.execute(q)}
