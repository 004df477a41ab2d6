"""Annotations in portable SQLAlchemy: highlights and comments anchored in the corpus."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from vdesk.domain.notes import (
    ANCHOR_OK,
    ANCHOR_STATES,
    DEFAULT_SENSITIVITY,
    Anchor,
    Annotation,
    Change,
    parse_sensitivity,
)
from vdesk.store.notes.changes import ids_in_chunks
from vdesk.store.notes.contract import ANNOTATION, AnchorUpdate, AnnotationFilter
from vdesk.store.notes.records import AnnotationRecord, ColourRecord, TagRecord
from vdesk.store.notes.rows import (
    ANNOTATION_COLUMNS,
    annotation_from_row,
    annotation_of,
    doc_of,
    fill_annotation,
    like,
    normalise_tags,
    tag_ids,
    text_condition,
    utc_now,
)
from vdesk.store.notes.sql_notes import NationalNoteQueries

_NO_FILTER = AnnotationFilter()


class AnnotationQueries(NationalNoteQueries):
    """Reads and writes of annotations."""

    def _check_colour(self, s: Session, name: str) -> str:
        key = name.strip().lower()
        if s.get(ColourRecord, key) is None:
            known = ", ".join(s.scalars(select(ColourRecord.name).order_by(ColourRecord.position)))
            raise ValueError(f"unknown colour {name!r}: use one of {known}")
        return key

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
            rec = AnnotationRecord(id=a.id, version=1)
            fill_annotation(rec, a)
            s.add(rec)
        self._emit(Change("added", "annotation", (a.id,), (anchor.node_id,)))
        return a

    def annotation(self, annotation_id: str) -> Annotation | None:
        with Session(self._engine) as s:
            rec = s.get(AnnotationRecord, annotation_id)
            return annotation_of(rec) if rec else None

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
            old = annotation_of(rec)
            new = replace(
                old,
                colour=self._check_colour(s, colour) if colour is not None else old.colour,
                comment=comment if comment is not None else old.comment,
                tags=normalise_tags(tags) if tags is not None else old.tags,
                sensitivity=parse_sensitivity(sensitivity) if sensitivity else old.sensitivity,
                modified=utc_now(),
            )
            fill_annotation(rec, new)
            rec.version += 1
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
            old = annotation_of(rec)
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
            fill_annotation(rec, new)
            rec.version += 1
        nodes = tuple(dict.fromkeys((old.node_id, anchor.node_id)))
        self._emit(Change("updated", "annotation", (new.id,), nodes))
        return new

    def set_anchors(self, updates: Iterable[AnchorUpdate]) -> int:
        """Re-anchoring's writes, many in one transaction: each moves an annotation
        (``anchor`` given) or flags it keeping its anchor (``anchor`` None), with
        its state, detail and review candidate; each counts a version. One Change.
        Returns how many were written (an unknown id is skipped: deleted meanwhile)."""
        moves: list[dict[str, Any]] = []
        flags: list[dict[str, Any]] = []
        nodes: dict[str, None] = {}
        for u in updates:
            cand = u.candidate or ("", "", 0, 0, 1.0)
            row: dict[str, Any] = {
                "b_id": u.id, "b_state": u.state, "b_detail": u.detail, "b_cand": cand[0],
                "b_cnode": cand[1], "b_cstart": cand[2], "b_cend": cand[3], "b_score": cand[4],
            }  # fmt: skip
            if u.state not in ANCHOR_STATES:
                raise ValueError(f"unknown anchor state {u.state!r}")
            if u.anchor is None:
                flags.append(row)
                continue
            a: Anchor = u.anchor
            row |= {"b_node": a.node_id, "b_quote": a.quote, "b_prefix": a.prefix,
                    "b_suffix": a.suffix, "b_start": a.start, "b_end": a.end,
                    "b_fp": a.fingerprint, "b_pos": a.position}  # fmt: skip
            moves.append(row)
            nodes[a.node_id] = None
        if not moves and not flags:
            return 0
        t = AnnotationRecord
        state: dict[str, Any] = {
            "anchor_state": bindparam("b_state"), "anchor_detail": bindparam("b_detail"),
            "candidate": bindparam("b_cand"), "candidate_node_id": bindparam("b_cnode"),
            "candidate_start": bindparam("b_cstart"), "candidate_end": bindparam("b_cend"),
            "score": bindparam("b_score"), "version": t.version + 1,
        }  # fmt: skip
        anchor: dict[str, Any] = {
            "node_id": bindparam("b_node"), "quote": bindparam("b_quote"),
            "prefix": bindparam("b_prefix"), "suffix": bindparam("b_suffix"),
            "start": bindparam("b_start"), "end": bindparam("b_end"),
            "node_fingerprint": bindparam("b_fp"), "node_position": bindparam("b_pos"),
        }  # fmt: skip
        ids = [r["b_id"] for r in [*moves, *flags]]
        with Session(self._writer) as s, s.begin():
            found = s.execute(select(t.id, t.node_id).where(t.id.in_(ids))).all()
            old: dict[str, str] = {i: node for i, node in found}
            moves = [r for r in moves if r["b_id"] in old]
            flags = [r for r in flags if r["b_id"] in old]
            conn = s.connection()
            where = t.id == bindparam("b_id")
            if moves:
                conn.execute(update(t).where(where).values(**state, **anchor), moves)
            if flags:
                conn.execute(update(t).where(where).values(**state), flags)
        written: list[str] = [r["b_id"] for r in [*moves, *flags]]
        touched = tuple(dict.fromkeys([*(old[i] for i in written), *nodes]))
        if written:
            self._emit(Change("updated", "annotation", tuple(written), touched))
        return len(written)

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

    def delete_annotation(self, annotation_id: str, *, by: str = "") -> Annotation:
        """Delete and return the full value, for :meth:`restore_annotation`; a tombstone
        (``by`` as who deleted it) stays."""
        return self.delete_annotations([annotation_id], by=by)[0]

    def delete_annotations(self, ids: Iterable[str], *, by: str = "") -> list[Annotation]:
        """Delete many in one transaction, leaving their tombstones, and report one
        Change; the values come back in the order of ``ids``. An unknown id raises
        KeyError and deletes nothing."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        found: dict[str, tuple[Annotation, int]] = {}
        with Session(self._writer) as s, s.begin():
            for part in ids_in_chunks(wanted):
                q = select(*ANNOTATION_COLUMNS, AnnotationRecord.version).where(
                    AnnotationRecord.id.in_(part)
                )
                for row in s.execute(q):
                    found[row[0]] = (annotation_from_row(row[:-1]), row[-1])
            missing = [i for i in wanted if i not in found]
            if missing:
                raise KeyError(missing[0])
            for part in ids_in_chunks(wanted):
                s.execute(delete(TagRecord).where(TagRecord.annotation_id.in_(part)))
                s.execute(delete(AnnotationRecord).where(AnnotationRecord.id.in_(part)))
            self._bury(s, ANNOTATION, [(i, found[i][1]) for i in wanted], by)
        out = [found[i][0] for i in wanted]
        nodes = tuple(dict.fromkeys(a.node_id for a in out))
        self._emit(Change("deleted", "annotation", tuple(wanted), nodes))
        return out

    def restore_annotation(self, value: Annotation) -> Annotation:
        """Write ``value`` back exactly (same id, timestamps, anchor), replacing any row
        and removing its tombstone."""
        with Session(self._writer) as s, s.begin():
            version = self._next_versions(s, ANNOTATION, [value.id])[value.id]
            rec = s.get(AnnotationRecord, value.id)
            if rec is None:
                rec = AnnotationRecord(id=value.id)
                s.add(rec)
            fill_annotation(rec, value)
            rec.version = version
        self._emit(Change("restored", "annotation", (value.id,), (value.node_id,)))
        return value

    def _doc_order(self) -> Any:
        """The first sort key of the annotations panel (a database may override it to
        steer its query planner)."""
        return AnnotationRecord.doc

    def annotations_for_nodes(self, node_ids: Iterable[str]) -> list[Annotation]:
        """Annotations on these provisions (one section's worth), in anchor order."""
        ids = tuple(node_ids)
        out: list[Annotation] = []
        with Session(self._engine) as s:
            for part in ids_in_chunks(ids):
                q = (
                    select(*ANNOTATION_COLUMNS)
                    .where(AnnotationRecord.node_id.in_(part))
                    .order_by(self._doc_order(), AnnotationRecord.node_id, AnnotationRecord.start)
                )
                out.extend(annotation_from_row(r) for r in s.execute(q))
        if len(ids) > 500:  # chunks each come sorted; the whole must be too
            out.sort(key=lambda a: (a.doc, a.node_id, a.anchor.start))
        return out

    def needs_review(self) -> list[Annotation]:
        return self.filter_annotations(AnnotationFilter(anchor_state="review"), limit=None)

    def filter_annotations(
        self, f: AnnotationFilter = _NO_FILTER, *, limit: int | None = 200
    ) -> list[Annotation]:
        """The annotations panel's query: all filters combined with AND, in
        document order; ``limit`` rows at most (a page of the panel; None for all)."""
        q = select(*ANNOTATION_COLUMNS)
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
            q = q.where(tag_ids(TagRecord.tag == f.tag.strip().lower()))
        if f.text and f.text.strip():
            q = q.where(text_condition(like(f.text.strip()), self._contains))
        q = q.order_by(self._doc_order(), AnnotationRecord.node_id, AnnotationRecord.start)
        if limit is not None:
            q = q.limit(limit)
        with Session(self._engine) as s:
            return [annotation_from_row(r) for r in s.execute(q)]

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with its number of annotations, by name."""
        with Session(self._engine) as s:
            rows = s.execute(
                select(TagRecord.tag, func.count()).group_by(TagRecord.tag).order_by(TagRecord.tag)
            )
            return [(t, n) for t, n in rows]
