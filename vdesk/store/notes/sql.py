"""SqlNotesStore: the notes store in portable SQLAlchemy (Core and ORM), the part of
the contract that any SQL database runs unchanged.

Each call opens a short Session and commits its own transaction, so every change is
saved at once. Values go in and out as the frozen dataclasses of
:mod:`vdesk.domain.notes`. Mutations return the saved value and tell subscribers what
changed with one :class:`~vdesk.domain.notes.Change` (the GUI turns that into a
signal). A deleted item leaves a tombstone and comes back exactly, same id and
timestamps, with ``restore_annotation`` / ``restore_national_note`` — that is what
undo uses. An implementation for one database subclasses this and overrides the
hooks (``_doc_order``, ``annotations_for_nodes``) with its own fast paths; see
:mod:`vdesk.store.notes.sqlite`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from vdesk.domain.notes import Annotation, Change, Colour, NationalNote, OwnHit
from vdesk.store.notes.changes import ids_in_chunks
from vdesk.store.notes.contract import ANNOTATION, NATIONAL_NOTE, VersionConflict
from vdesk.store.notes.records import (
    AnnotationRecord,
    ColourRecord,
    MetaRecord,
    NationalNoteRecord,
    TagRecord,
    TombstoneRecord,
)
from vdesk.store.notes.rows import (
    ANNOTATION_COLUMNS,
    NOTE_COLUMNS,
    annotation_from_row,
    annotation_row,
    like,
    normalise_tags,
    note_from_row,
    note_row,
    note_text_condition,
    own_hit,
    text_condition,
)
from vdesk.store.notes.sql_annotations import AnnotationQueries


class SqlNotesStore(AnnotationQueries):
    """The user's annotations, national notes and colour meanings behind ``engine``
    (``writer``: the engine writes run on, the same one unless a database needs its
    write transactions started differently)."""

    # --- meta --------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with Session(self._engine) as s:
            rec = s.get(MetaRecord, key)
            return rec.value if rec else None

    def set_meta(self, key: str, value: str) -> None:
        with Session(self._writer) as s, s.begin():
            s.merge(MetaRecord(key=key, value=value))

    # --- colours -----------------------------------------------------------------

    def colours(self) -> list[Colour]:
        with Session(self._engine) as s:
            recs = s.scalars(select(ColourRecord).order_by(ColourRecord.position))
            return [Colour(r.name, r.meaning, r.hex, r.position) for r in recs]

    def set_colour(self, name: str, meaning: str, hex: str | None = None) -> Colour:
        """Rename a colour's meaning, or add a colour (``hex`` required then)."""
        name = name.strip().lower()
        if not name or not meaning.strip():
            raise ValueError("a colour needs a name and a meaning")
        with Session(self._writer) as s, s.begin():
            rec = s.get(ColourRecord, name)
            if rec is None:
                if not hex:
                    raise ValueError(f"new colour {name!r} needs a hex value such as #ffcc80")
                last = s.scalar(select(func.max(ColourRecord.position))) or 0
                rec = ColourRecord(name=name, meaning="", hex=hex, position=last + 1)
                s.add(rec)
            rec.meaning = meaning.strip()
            if hex:
                rec.hex = hex
            out = Colour(rec.name, rec.meaning, rec.hex, rec.position)
        self._emit(Change("updated", "colour", (name,)))
        return out

    # --- both kinds ---------------------------------------------------------------

    def restore_many(
        self, annotations: Iterable[Annotation] = (), notes: Iterable[NationalNote] = ()
    ) -> Change:
        """Write many values exactly, replacing rows with the same ids and removing
        their tombstones, in one transaction (bundle imports, undo of a bulk delete)."""
        anns, nts = list(annotations), list(notes)
        with Session(self._writer) as s, s.begin():
            self._restore_in(s, anns, nts)
        ids_all = tuple(a.id for a in anns) + tuple(n.id for n in nts)
        nodes = tuple(sorted({a.node_id for a in anns} | {n.node_id for n in nts}))
        return self._emit(Change("restored", "many", ids_all, nodes))

    def write_if_versions(
        self,
        expect: Mapping[tuple[str, str], int],
        *,
        annotations: Iterable[Annotation] = (),
        notes: Iterable[NationalNote] = (),
        remove: Iterable[tuple[str, str]] = (),
        by: str = "",
    ) -> Change:
        """Undo and redo: in one write transaction, check that every ``(kind, id)`` of
        ``expect`` is at that version (a live item's, or a tombstone's), then write
        ``annotations`` and ``notes`` back exactly and delete the ``(kind, id)`` items
        of ``remove`` (leaving tombstones). Each item written or deleted is then at its
        expected version plus one. The first item at another version raises
        :class:`VersionConflict` and nothing is written: another process, an import
        or a sync changed it since."""
        anns, nts, gone = list(annotations), list(notes), list(dict.fromkeys(remove))
        with Session(self._writer) as s, s.begin():
            live = self._check_versions(s, expect, gone)
            self._restore_in(s, anns, nts)
            for kind, model in (
                (ANNOTATION, AnnotationRecord),
                (NATIONAL_NOTE, NationalNoteRecord),
            ):
                ids = [i for k, i in gone if k == kind]
                for part in ids_in_chunks(ids):
                    if kind == ANNOTATION:
                        s.execute(delete(TagRecord).where(TagRecord.annotation_id.in_(part)))
                    s.execute(delete(model).where(model.id.in_(part)))
                self._bury(s, kind, [(i, expect[(kind, i)]) for i in ids], by)
        ids_all = tuple(a.id for a in anns) + tuple(n.id for n in nts) + tuple(i for _, i in gone)
        nodes = {a.node_id for a in anns} | {n.node_id for n in nts} | set(live.values())
        return self._emit(Change("restored", "many", ids_all, tuple(sorted(nodes))))

    def _check_versions(
        self, s: Session, expect: Mapping[tuple[str, str], int], live: list[tuple[str, str]]
    ) -> dict[tuple[str, str], str]:
        """Raise :class:`VersionConflict` unless each item is at its expected version
        and each of ``live`` is not deleted; the node ids of ``live``."""
        nodes: dict[tuple[str, str], str] = {}
        for (kind, item_id), expected in expect.items():
            model = AnnotationRecord if kind == ANNOTATION else NationalNoteRecord
            row = s.execute(select(model.version, model.node_id).where(model.id == item_id)).first()
            found: int | None = row[0] if row is not None else None
            if row is None:
                found = s.scalar(
                    select(TombstoneRecord.version).where(
                        TombstoneRecord.kind == kind, TombstoneRecord.id == item_id
                    )
                )
            if found != expected:
                deleted = row is None and found is not None
                raise VersionConflict(kind, item_id, expected, found, deleted)
            if row is not None:
                nodes[(kind, item_id)] = row[1]
        for key in live:
            if key not in nodes:
                kind, item_id = key
                raise VersionConflict(kind, item_id, expect.get(key, 0), None, True)
        return nodes

    def _restore_in(self, s: Session, anns: list[Annotation], nts: list[NationalNote]) -> None:
        """Write these values exactly, in the caller's transaction."""
        a_versions = self._next_versions(s, ANNOTATION, [a.id for a in anns])
        n_versions = self._next_versions(s, NATIONAL_NOTE, [n.id for n in nts])
        rows, tags = [], []
        for a in anns:
            rows.append({**annotation_row(a), "version": a_versions[a.id]})
            tags += [{"annotation_id": a.id, "tag": t} for t in normalise_tags(a.tags)]
        note_rows = [{**note_row(n), "version": n_versions[n.id]} for n in nts]
        for part in ids_in_chunks([a.id for a in anns]):
            s.execute(delete(TagRecord).where(TagRecord.annotation_id.in_(part)))
            s.execute(delete(AnnotationRecord).where(AnnotationRecord.id.in_(part)))
        for part in ids_in_chunks([n.id for n in nts]):
            s.execute(delete(NationalNoteRecord).where(NationalNoteRecord.id.in_(part)))
        if rows:
            s.execute(insert(AnnotationRecord), rows)
        if tags:
            s.execute(insert(TagRecord), tags)
        if note_rows:
            s.execute(insert(NationalNoteRecord), note_rows)

    def counts_by_node(
        self, node_ids: Iterable[str] | None = None
    ) -> tuple[dict[str, int], dict[str, int]]:
        """node id -> number of annotations, and -> number of national notes, for
        the provisions that have any (only ``node_ids`` when given): the contents
        tree's marks, without loading the rows."""
        aq = select(AnnotationRecord.node_id, func.count()).group_by(AnnotationRecord.node_id)
        nq = select(NationalNoteRecord.node_id, func.count()).group_by(NationalNoteRecord.node_id)
        if node_ids is not None:
            ids = tuple(node_ids)
            aq = aq.where(AnnotationRecord.node_id.in_(ids))
            nq = nq.where(NationalNoteRecord.node_id.in_(ids))
        with Session(self._engine) as s:
            annotations = {node: n for node, n in s.execute(aq)}
            notes = {node: n for node, n in s.execute(nq)}
        return annotations, notes

    def count(self) -> tuple[int, int]:
        """(annotations, national notes)."""
        with Session(self._engine) as s:
            a = s.scalar(select(func.count()).select_from(AnnotationRecord)) or 0
            n = s.scalar(select(func.count()).select_from(NationalNoteRecord)) or 0
            return a, n

    # --- ids and own-work search -------------------------------------------------

    def find(self, id_or_prefix: str) -> tuple[str, str]:
        """(entity, full id) for a full id or a unique prefix of at least 4 characters."""
        key = id_or_prefix.strip().lower()
        if len(key) < 4:
            raise KeyError(f"id {id_or_prefix!r} is too short: give at least 4 characters")
        found: list[tuple[str, str]] = []
        with Session(self._engine) as s:
            for entity, model in (
                (ANNOTATION, AnnotationRecord),
                (NATIONAL_NOTE, NationalNoteRecord),
            ):
                ids = s.scalars(
                    select(model.id).where(model.id.startswith(key, autoescape=True)).limit(2)
                )
                found += [(entity, i) for i in ids]
        if not found:
            raise KeyError(f"no annotation or national note with id {id_or_prefix!r}")
        if len(found) > 1:
            raise KeyError(f"id {id_or_prefix!r} is ambiguous: give more characters")
        return found[0]

    def search_own(self, text: str, *, limit: int = 100, also: Iterable[str] = ()) -> list[OwnHit]:
        """Annotations (comment, quote, tags) and national notes (text, references)
        containing ``text`` — and each of ``also``, in any of those fields — in any
        case; plain-text snippets around the match of ``text``."""
        needle = text.strip()
        if not needle:
            return []
        pat = like(needle)
        extra = [like(t.strip()) for t in also if t.strip()]
        hits: list[OwnHit] = []
        aq = (
            select(*ANNOTATION_COLUMNS)
            .where(
                text_condition(pat, self._contains),
                *(text_condition(p, self._contains) for p in extra),
            )
            .order_by(AnnotationRecord.modified.desc())
            .limit(limit)
        )
        with Session(self._engine) as s:
            annotations = [annotation_from_row(r) for r in s.execute(aq)]
        for a in annotations:
            fields = [("comment", a.comment), ("quote", a.anchor.quote)]
            fields += [("tag", t) for t in a.tags]
            hits.append(own_hit(ANNOTATION, a.id, a.doc, a.node_id, fields, needle))
        q = (
            select(*NOTE_COLUMNS)
            .where(*(note_text_condition(p, self._contains) for p in (pat, *extra)))
            .order_by(NationalNoteRecord.modified.desc())
            .limit(limit)
        )
        with Session(self._engine) as s:
            for n in map(note_from_row, s.execute(q).mappings()):
                fields = [("text", n.text)] + [("legal_refs", r) for r in n.legal_refs]
                hits.append(own_hit(NATIONAL_NOTE, n.id, n.doc, n.node_id, fields, needle))
        return hits[:limit]
