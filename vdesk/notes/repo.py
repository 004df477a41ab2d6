"""NotesRepo: every read and write of the user's annotations and national notes.

Each call opens a short Session and commits its own transaction, so every change
is saved at once. Values go in and out as the frozen dataclasses of
:mod:`vdesk.notes.model`. Mutations return the saved value and tell subscribers
what changed with a :class:`~vdesk.notes.model.Change` (the GUI turns that into a
signal). A deleted item comes back exactly, same id and timestamps, with
``restore_annotation`` / ``restore_national_note`` — that is what undo uses.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, func, insert, literal_column, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from vdesk.notes.countries import country as lookup_country
from vdesk.notes.model import (
    ANCHOR_OK,
    ANCHOR_STATES,
    DEFAULT_SENSITIVITY,
    Anchor,
    Annotation,
    Change,
    Colour,
    NationalNote,
    OwnHit,
    parse_position,
    parse_sensitivity,
    parse_status,
)
from vdesk.paths import AppPaths
from vdesk.store.user_db import (
    AnnotationRecord,
    ColourRecord,
    MetaRecord,
    NationalNoteRecord,
    TagRecord,
    open_user_db,
    utc_now,
)


def doc_of(node_id: str) -> str:
    """The document key a node id belongs to (the root id is the document key)."""
    return node_id.split("/", 1)[0]


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, lower-cased, de-duplicated and sorted; empty tags dropped."""
    return tuple(sorted({t.strip().lower() for t in tags if t.strip()}))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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


def _annotation(r: AnnotationRecord) -> Annotation:
    return Annotation(
        id=r.id,
        doc=r.doc,
        anchor=Anchor(r.node_id, r.quote, r.prefix, r.suffix, r.start, r.end),
        colour=r.colour,
        comment=r.comment,
        tags=tuple(t.tag for t in r.tags),
        sensitivity=r.sensitivity,
        author=r.author,
        created=r.created,
        modified=r.modified,
        anchor_state=r.anchor_state,
        anchor_detail=r.anchor_detail,
        candidate=r.candidate,
        candidate_node_id=r.candidate_node_id,
        candidate_start=r.candidate_start,
        candidate_end=r.candidate_end,
        score=r.score,
    )


def annotation_row(a: Annotation) -> dict[str, Any]:
    """The ``annotations`` table row of ``a`` (its tags live in ``annotation_tags``)."""
    return {
        "id": a.id, "doc": a.doc, "node_id": a.anchor.node_id, "quote": a.anchor.quote,
        "prefix": a.anchor.prefix, "suffix": a.anchor.suffix, "start": a.anchor.start,
        "end": a.anchor.end, "colour": a.colour, "comment": a.comment,
        "sensitivity": a.sensitivity, "author": a.author, "created": a.created,
        "modified": a.modified, "anchor_state": a.anchor_state,
        "anchor_detail": a.anchor_detail, "candidate": a.candidate,
        "candidate_node_id": a.candidate_node_id, "candidate_start": a.candidate_start,
        "candidate_end": a.candidate_end, "score": a.score,
    }  # fmt: skip


def _fill_annotation(r: AnnotationRecord, a: Annotation) -> None:
    for key, value in annotation_row(a).items():
        setattr(r, key, value)
    r.tags = [TagRecord(annotation_id=a.id, tag=t) for t in normalise_tags(a.tags)]


def _note(r: NationalNoteRecord) -> NationalNote:
    return NationalNote(
        id=r.id,
        doc=r.doc,
        node_id=r.node_id,
        country=r.country,
        status=r.status,
        position=r.position,
        text=r.text,
        legal_refs=tuple(json.loads(r.legal_refs)),
        date=r.date,
        sensitivity=r.sensitivity,
        author=r.author,
        created=r.created,
        modified=r.modified,
    )


def note_row(n: NationalNote) -> dict[str, Any]:
    """The ``national_notes`` table row of ``n``."""
    return {
        "id": n.id, "doc": n.doc, "node_id": n.node_id, "country": n.country,
        "status": n.status, "position": n.position, "text": n.text,
        "legal_refs": json.dumps(list(n.legal_refs), ensure_ascii=False), "date": n.date,
        "sensitivity": n.sensitivity, "author": n.author, "created": n.created,
        "modified": n.modified,
    }  # fmt: skip


def _fill_note(r: NationalNoteRecord, n: NationalNote) -> None:
    for key, value in note_row(n).items():
        setattr(r, key, value)


_TAG_SEP = "\x1f"
_TAGS = (
    select(func.group_concat(TagRecord.tag, _TAG_SEP))
    .where(TagRecord.annotation_id == AnnotationRecord.id)
    .scalar_subquery()
)
_ANNOTATION_COLUMNS = (
    AnnotationRecord.id, AnnotationRecord.doc, AnnotationRecord.node_id, AnnotationRecord.quote,
    AnnotationRecord.prefix, AnnotationRecord.suffix, AnnotationRecord.start, AnnotationRecord.end,
    AnnotationRecord.colour, AnnotationRecord.comment, _TAGS, AnnotationRecord.sensitivity,
    AnnotationRecord.author, AnnotationRecord.created, AnnotationRecord.modified,
    AnnotationRecord.anchor_state, AnnotationRecord.anchor_detail, AnnotationRecord.candidate,
    AnnotationRecord.candidate_node_id, AnnotationRecord.candidate_start,
    AnnotationRecord.candidate_end, AnnotationRecord.score,
)  # fmt: skip


def _annotation_from_row(row: Any) -> Annotation:
    """An Annotation from a row of ``_ANNOTATION_COLUMNS`` (no ORM objects: fast)."""
    id_, doc, node_id, quote, prefix, suffix, start, end, *rest = row
    colour, comment, tags, *rest = rest
    return Annotation(
        id_, doc, Anchor(node_id, quote, prefix, suffix, start, end), colour, comment,
        tuple(sorted(tags.split(_TAG_SEP))) if tags else (), *rest,
    )  # fmt: skip


@functools.cache
def _annotations_select_sql() -> str:
    """``SELECT <_ANNOTATION_COLUMNS> FROM annotations`` as SQLite text."""
    from sqlalchemy.dialects import sqlite

    q = select(*_ANNOTATION_COLUMNS)
    return str(q.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


@functools.lru_cache(maxsize=64)
def _page_annotations_sql(count: int) -> str:
    """The annotations of ``count`` provisions, in the panel's order."""
    marks = ", ".join("?" * count)
    return (
        f"{_annotations_select_sql()}\nWHERE annotations.node_id IN ({marks})\n"
        "ORDER BY +annotations.doc, annotations.node_id, annotations.start"
    )


_NOTE_TABLE = NationalNoteRecord.__table__
_DOC_UNINDEXED: Any = literal_column("+annotations.doc")


def _note_from_row(m: Any) -> NationalNote:
    return NationalNote(
        id=m["id"], doc=m["doc"], node_id=m["node_id"], country=m["country"],
        status=m["status"], position=m["position"], text=m["text"],
        legal_refs=tuple(json.loads(m["legal_refs"])), date=m["date"],
        sensitivity=m["sensitivity"], author=m["author"], created=m["created"],
        modified=m["modified"],
    )  # fmt: skip


def _text_condition(pattern: str) -> Any:
    """Comment, quote or a tag contains ``pattern`` (an escaped LIKE pattern).

    SQLite's LIKE ignores case for ASCII letters only ("penal" finds "Penal", "état"
    does not find "État"); ``lower()`` on every row would cost a scan four times
    longer, and the panel filter must stay within its budget.
    """
    return or_(
        AnnotationRecord.comment.like(pattern, escape="\\"),
        AnnotationRecord.quote.like(pattern, escape="\\"),
        _tag_ids(TagRecord.tag.like(pattern, escape="\\")),
    )


def _note_text_condition(pattern: str) -> Any:
    """A national note's text or one of its references contains ``pattern``."""
    return or_(
        NationalNoteRecord.text.like(pattern, escape="\\"),
        NationalNoteRecord.legal_refs.like(pattern, escape="\\"),
    )


def _tag_ids(condition: Any) -> Any:
    """Ids of annotations with a tag meeting ``condition`` (evaluated once, not per row)."""
    return AnnotationRecord.id.in_(select(TagRecord.annotation_id).where(condition))


class NotesRepo:
    """The user's annotations, national notes and colour meanings."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # writes start with BEGIN IMMEDIATE: they take the write lock up front, so a
        # read-then-write never fails on a snapshot another process changed
        self._writer = engine.execution_options(vdesk_write=True)
        self._subscribers: list[Callable[[Change], None]] = []

    @classmethod
    def open(cls, paths: AppPaths, **kwargs: Any) -> NotesRepo:
        """Open ``paths.user_db`` (see :func:`vdesk.store.user_db.open_user_db`)."""
        return cls(open_user_db(paths, **kwargs))

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

    def _check_colour(self, s: Session, name: str) -> str:
        key = name.strip().lower()
        if s.get(ColourRecord, key) is None:
            known = ", ".join(s.scalars(select(ColourRecord.name).order_by(ColourRecord.position)))
            raise ValueError(f"unknown colour {name!r}: use one of {known}")
        return key

    # --- annotations -------------------------------------------------------------

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
    ) -> Annotation:
        now = utc_now()
        with Session(self._writer) as s, s.begin():
            a = Annotation(
                id=str(uuid.uuid4()),
                doc=doc or doc_of(anchor.node_id),
                anchor=anchor,
                colour=self._check_colour(s, colour),
                comment=comment,
                tags=normalise_tags(tags),
                sensitivity=parse_sensitivity(sensitivity),
                author=author,
                created=now,
                modified=now,
            )
            rec = AnnotationRecord(id=a.id)
            _fill_annotation(rec, a)
            s.add(rec)
        self._emit(Change("added", "annotation", (a.id,), (anchor.node_id,)))
        return a

    def annotation(self, annotation_id: str) -> Annotation | None:
        with Session(self._engine) as s:
            rec = s.get(AnnotationRecord, annotation_id)
            return _annotation(rec) if rec else None

    def update_annotation(
        self,
        annotation_id: str,
        *,
        colour: str | None = None,
        comment: str | None = None,
        tags: Iterable[str] | None = None,
        sensitivity: str | None = None,
    ) -> Annotation:
        """Change the user-editable fields; returns the saved value."""
        with Session(self._writer) as s, s.begin():
            rec = s.get(AnnotationRecord, annotation_id)
            if rec is None:
                raise KeyError(annotation_id)
            old = _annotation(rec)
            new = replace(
                old,
                colour=self._check_colour(s, colour) if colour is not None else old.colour,
                comment=comment if comment is not None else old.comment,
                tags=normalise_tags(tags) if tags is not None else old.tags,
                sensitivity=parse_sensitivity(sensitivity) if sensitivity else old.sensitivity,
                modified=utc_now(),
            )
            _fill_annotation(rec, new)
        self._emit(Change("updated", "annotation", (new.id,), (new.node_id,)))
        return new

    def set_anchor(
        self, annotation_id: str, anchor: Anchor, *, state: str = ANCHOR_OK, detail: str = ""
    ) -> Annotation:
        """Move an annotation (re-anchoring, or the user resolving a review)."""
        if state not in ANCHOR_STATES:
            raise ValueError(f"unknown anchor state {state!r}")
        return self._replace_anchor(annotation_id, anchor, state, detail, None)

    def _replace_anchor(
        self,
        annotation_id: str,
        anchor: Anchor,
        state: str,
        detail: str,
        candidate: tuple[str, str, int, int, float] | None,
    ) -> Annotation:
        cand = candidate or ("", "", 0, 0, 1.0)
        with Session(self._writer) as s, s.begin():
            rec = s.get(AnnotationRecord, annotation_id)
            if rec is None:
                raise KeyError(annotation_id)
            old = _annotation(rec)
            new = replace(
                old,
                anchor=anchor,
                anchor_state=state,
                anchor_detail=detail,
                candidate=cand[0],
                candidate_node_id=cand[1],
                candidate_start=cand[2],
                candidate_end=cand[3],
                score=cand[4],
            )
            _fill_annotation(rec, new)
        nodes = tuple(dict.fromkeys((old.node_id, anchor.node_id)))
        self._emit(Change("updated", "annotation", (new.id,), nodes))
        return new

    def acknowledge(self, annotation_id: str) -> Annotation:
        """The user has seen that a moved annotation moved: back to ``ok``."""
        a = self.annotation(annotation_id)
        if a is None:
            raise KeyError(annotation_id)
        return self._replace_anchor(annotation_id, a.anchor, ANCHOR_OK, "", None)

    def mark_for_review(
        self,
        annotation_id: str,
        detail: str,
        candidate: tuple[str, str, int, int, float],
    ) -> Annotation:
        """Keep the anchor as it was; record the nearest candidate for the user."""
        a = self.annotation(annotation_id)
        if a is None:
            raise KeyError(annotation_id)
        return self._replace_anchor(annotation_id, a.anchor, "review", detail, candidate)

    def delete_annotation(self, annotation_id: str) -> Annotation:
        """Delete and return the full value, for :meth:`restore_annotation`."""
        with Session(self._writer) as s, s.begin():
            rec = s.get(AnnotationRecord, annotation_id)
            if rec is None:
                raise KeyError(annotation_id)
            old = _annotation(rec)
            s.delete(rec)
        self._emit(Change("deleted", "annotation", (old.id,), (old.node_id,)))
        return old

    def restore_annotation(self, value: Annotation) -> Annotation:
        """Write ``value`` back exactly (same id, timestamps, anchor), replacing any row."""
        with Session(self._writer) as s, s.begin():
            rec = s.get(AnnotationRecord, value.id)
            if rec is None:
                rec = AnnotationRecord(id=value.id)
                s.add(rec)
            _fill_annotation(rec, value)
        self._emit(Change("restored", "annotation", (value.id,), (value.node_id,)))
        return value

    def restore_many(
        self, annotations: Iterable[Annotation] = (), notes: Iterable[NationalNote] = ()
    ) -> Change:
        """Write many values exactly, replacing rows with the same ids, in one
        transaction (bundle imports, undo of a bulk delete)."""
        anns, nts = list(annotations), list(notes)
        rows, tags = [], []
        for a in anns:
            rows.append(annotation_row(a))
            tags += [{"annotation_id": a.id, "tag": t} for t in normalise_tags(a.tags)]
        note_rows = [note_row(n) for n in nts]
        with Session(self._writer) as s, s.begin():
            for chunk in range(0, len(anns), 500):
                ids = [a.id for a in anns[chunk : chunk + 500]]
                s.execute(delete(AnnotationRecord).where(AnnotationRecord.id.in_(ids)))
            for chunk in range(0, len(nts), 500):
                ids = [n.id for n in nts[chunk : chunk + 500]]
                s.execute(delete(NationalNoteRecord).where(NationalNoteRecord.id.in_(ids)))
            if rows:
                s.execute(insert(AnnotationRecord), rows)
            if tags:
                s.execute(insert(TagRecord), tags)
            if note_rows:
                s.execute(insert(NationalNoteRecord), note_rows)
        ids_all = tuple(a.id for a in anns) + tuple(n.id for n in nts)
        nodes = tuple(sorted({a.node_id for a in anns} | {n.node_id for n in nts}))
        return self._emit(Change("restored", "many", ids_all, nodes))

    def annotations_for_nodes(self, node_ids: Iterable[str]) -> list[Annotation]:
        """Annotations on these provisions (one section's worth), in anchor order.

        The reader asks for this on every page it draws, so the statement is
        compiled once and run on the driver's cursor: a third faster than
        :meth:`filter_annotations` for a heavily annotated chapter (the same rows).
        """
        ids = tuple(node_ids)
        out: list[Annotation] = []
        with self._engine.connect() as conn:
            dbapi = conn.connection.driver_connection
            assert dbapi is not None
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                rows = dbapi.execute(_page_annotations_sql(len(part)), part).fetchall()
                out.extend(_annotation_from_row(r) for r in rows)
        if len(ids) > 500:  # chunks each come sorted; the whole must be too
            out.sort(key=lambda a: (a.doc, a.node_id, a.anchor.start))
        return out

    def needs_review(self) -> list[Annotation]:
        return self.filter_annotations(AnnotationFilter(anchor_state="review"), limit=None)

    def filter_annotations(
        self, f: AnnotationFilter = AnnotationFilter(), *, limit: int | None = 200
    ) -> list[Annotation]:
        """The annotations panel's query: all filters combined with AND, in
        document order; ``limit`` rows at most (a page of the panel; None for all)."""
        q = select(*_ANNOTATION_COLUMNS)
        if f.node_ids is not None:
            q = q.where(AnnotationRecord.node_id.in_(f.node_ids))
        if f.doc:
            q = q.where(AnnotationRecord.doc == f.doc)
        if f.colour:
            q = q.where(AnnotationRecord.colour == f.colour.strip().lower())
        if f.sensitivity:
            q = q.where(AnnotationRecord.sensitivity == f.sensitivity)
        if f.anchor_state:
            q = q.where(AnnotationRecord.anchor_state == f.anchor_state)
        if f.tag:
            q = q.where(_tag_ids(TagRecord.tag == f.tag.strip().lower()))
        if f.text and f.text.strip():
            pat = _like(f.text.strip())
            q = q.where(_text_condition(pat))
        # "+doc": sort the matches rather than walk the whole (doc, node_id) index
        # in order, which is 2-3 times slower for a scan with LIMIT (the SQLite
        # query planner's documented way to disqualify an index for ORDER BY).
        q = q.order_by(_DOC_UNINDEXED, AnnotationRecord.node_id, AnnotationRecord.start)
        if limit is not None:
            q = q.limit(limit)
        with Session(self._engine) as s:
            return [_annotation_from_row(r) for r in s.execute(q)]

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with its number of annotations, by name."""
        with Session(self._engine) as s:
            rows = s.execute(
                select(TagRecord.tag, func.count()).group_by(TagRecord.tag).order_by(TagRecord.tag)
            )
            return [(t, n) for t, n in rows]

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

    # --- national notes ----------------------------------------------------------

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
    ) -> NationalNote:
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
        )
        with Session(self._writer) as s, s.begin():
            rec = NationalNoteRecord(id=n.id)
            _fill_note(rec, n)
            s.add(rec)
        self._emit(Change("added", "national_note", (n.id,), (node_id,)))
        return n

    def national_note(self, note_id: str) -> NationalNote | None:
        with Session(self._engine) as s:
            rec = s.get(NationalNoteRecord, note_id)
            return _note(rec) if rec else None

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
            new = replace(_note(rec), **values, modified=utc_now())  # type: ignore[arg-type]
            _fill_note(rec, new)
        self._emit(Change("updated", "national_note", (new.id,), (new.node_id,)))
        return new

    def delete_national_note(self, note_id: str) -> NationalNote:
        with Session(self._writer) as s, s.begin():
            rec = s.get(NationalNoteRecord, note_id)
            if rec is None:
                raise KeyError(note_id)
            old = _note(rec)
            s.delete(rec)
        self._emit(Change("deleted", "national_note", (old.id,), (old.node_id,)))
        return old

    def restore_national_note(self, value: NationalNote) -> NationalNote:
        with Session(self._writer) as s, s.begin():
            rec = s.get(NationalNoteRecord, value.id)
            if rec is None:
                rec = NationalNoteRecord(id=value.id)
                s.add(rec)
            _fill_note(rec, value)
        self._emit(Change("restored", "national_note", (value.id,), (value.node_id,)))
        return value

    def national_notes(
        self,
        *,
        node_ids: Iterable[str] | None = None,
        country: str | None = None,
        doc: str | None = None,
    ) -> list[NationalNote]:
        q = select(_NOTE_TABLE)
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
            return [_note_from_row(r) for r in s.execute(q).mappings()]

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

    # --- ids and own-work search -------------------------------------------------

    def find(self, id_or_prefix: str) -> tuple[str, str]:
        """(entity, full id) for a full id or a unique prefix of at least 4 characters."""
        key = id_or_prefix.strip().lower()
        if len(key) < 4:
            raise KeyError(f"id {id_or_prefix!r} is too short: give at least 4 characters")
        found: list[tuple[str, str]] = []
        with Session(self._engine) as s:
            for entity, model in (
                ("annotation", AnnotationRecord),
                ("national_note", NationalNoteRecord),
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
        pat = _like(needle)
        extra = [_like(t.strip()) for t in also if t.strip()]
        hits: list[OwnHit] = []
        aq = (
            select(*_ANNOTATION_COLUMNS)
            .where(_text_condition(pat), *(_text_condition(p) for p in extra))
            .order_by(AnnotationRecord.modified.desc())
            .limit(limit)
        )
        with Session(self._engine) as s:
            annotations = [_annotation_from_row(r) for r in s.execute(aq)]
        for a in annotations:
            fields = [("comment", a.comment), ("quote", a.anchor.quote)]
            fields += [("tag", t) for t in a.tags]
            hits.append(_hit("annotation", a.id, a.doc, a.node_id, fields, needle))
        q = (
            select(_NOTE_TABLE)
            .where(*(_note_text_condition(p) for p in (pat, *extra)))
            .order_by(NationalNoteRecord.modified.desc())
            .limit(limit)
        )
        with Session(self._engine) as s:
            for n in map(_note_from_row, s.execute(q).mappings()):
                fields = [("text", n.text)] + [("legal_refs", r) for r in n.legal_refs]
                hits.append(_hit("national_note", n.id, n.doc, n.node_id, fields, needle))
        return hits[:limit]


def _hit(
    entity: str, id_: str, doc: str, node_id: str, fields: list[tuple[str, str]], needle: str
) -> OwnHit:
    low = needle.casefold()
    for name, value in fields:
        at = value.casefold().find(low)
        if at >= 0:
            a, b = max(0, at - 40), min(len(value), at + len(needle) + 40)
            snippet = ("…" if a else "") + value[a:b] + ("…" if b < len(value) else "")
            return OwnHit(entity, id_, doc, node_id, name, snippet)
    return OwnHit(entity, id_, doc, node_id, fields[0][0], fields[0][1][:80])
