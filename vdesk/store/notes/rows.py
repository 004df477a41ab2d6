"""Conversions between the frozen values and table rows, and the portable pieces of
the store's queries (columns, text conditions), shared by every SQL implementation."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, or_, select

from vdesk.domain.notes import (  # noqa: F401  (shared)
    Anchor,
    Annotation,
    NationalNote,
    OwnHit,
    doc_of,
    normalise_tags,
    utc_now,
)
from vdesk.store.notes.records import AnnotationRecord, NationalNoteRecord, TagRecord


def like(text: str) -> str:
    """A LIKE pattern (escape character ``\\``) matching ``text`` anywhere."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def annotation_of(r: AnnotationRecord) -> Annotation:
    return Annotation(
        id=r.id,
        doc=r.doc,
        anchor=Anchor(
            r.node_id,
            r.quote,
            r.prefix,
            r.suffix,
            r.start,
            r.end,
            r.node_fingerprint,
            r.node_position,
        ),
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
        "node_fingerprint": a.anchor.fingerprint, "node_position": a.anchor.position,
    }  # fmt: skip


def fill_annotation(r: AnnotationRecord, a: Annotation) -> None:
    for key, value in annotation_row(a).items():
        setattr(r, key, value)
    r.tags = [TagRecord(annotation_id=a.id, tag=t) for t in normalise_tags(a.tags)]


def note_of(r: NationalNoteRecord) -> NationalNote:
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
        fingerprint=r.node_fingerprint,
        node_position=r.node_position,
        anchor_state=r.anchor_state,
        anchor_detail=r.anchor_detail,
        candidate_node_id=r.candidate_node_id,
        score=r.score,
    )


def note_row(n: NationalNote) -> dict[str, Any]:
    """The ``national_notes`` table row of ``n``."""
    return {
        "id": n.id, "doc": n.doc, "node_id": n.node_id, "country": n.country,
        "status": n.status, "position": n.position, "text": n.text,
        "legal_refs": json.dumps(list(n.legal_refs), ensure_ascii=False), "date": n.date,
        "sensitivity": n.sensitivity, "author": n.author, "created": n.created,
        "modified": n.modified, "node_fingerprint": n.fingerprint,
        "node_position": n.node_position, "anchor_state": n.anchor_state,
        "anchor_detail": n.anchor_detail, "candidate_node_id": n.candidate_node_id,
        "score": n.score,
    }  # fmt: skip


def fill_note(r: NationalNoteRecord, n: NationalNote) -> None:
    for key, value in note_row(n).items():
        setattr(r, key, value)


TAG_SEP = "\x1f"
#: An annotation's tags in one column: ``aggregate_strings`` is SQLAlchemy's portable
#: spelling (``group_concat`` on SQLite, ``string_agg`` on PostgreSQL).
TAGS = (
    select(func.aggregate_strings(TagRecord.tag, TAG_SEP))
    .where(TagRecord.annotation_id == AnnotationRecord.id)
    .scalar_subquery()
)
ANNOTATION_COLUMNS = (
    AnnotationRecord.id, AnnotationRecord.doc, AnnotationRecord.node_id, AnnotationRecord.quote,
    AnnotationRecord.prefix, AnnotationRecord.suffix, AnnotationRecord.start, AnnotationRecord.end,
    AnnotationRecord.colour, AnnotationRecord.comment, TAGS, AnnotationRecord.sensitivity,
    AnnotationRecord.author, AnnotationRecord.created, AnnotationRecord.modified,
    AnnotationRecord.anchor_state, AnnotationRecord.anchor_detail, AnnotationRecord.candidate,
    AnnotationRecord.candidate_node_id, AnnotationRecord.candidate_start,
    AnnotationRecord.candidate_end, AnnotationRecord.score,
    AnnotationRecord.node_fingerprint, AnnotationRecord.node_position,
)  # fmt: skip


def annotation_from_row(row: Any) -> Annotation:
    """An Annotation from a row of ``ANNOTATION_COLUMNS`` (no ORM objects: fast)."""
    id_, doc, node_id, quote, prefix, suffix, start, end, *rest = row
    colour, comment, tags, *rest, fingerprint, position = rest
    return Annotation(
        id_, doc, Anchor(node_id, quote, prefix, suffix, start, end, fingerprint, position),
        colour, comment, tuple(sorted(tags.split(TAG_SEP))) if tags else (), *rest,
    )  # fmt: skip


NOTE_TABLE = NationalNoteRecord.__table__
#: The national notes table without ``version``: the columns of a NationalNote.
NOTE_COLUMNS = tuple(c for c in NOTE_TABLE.c if c.name != "version")


def note_from_row(m: Any) -> NationalNote:
    return NationalNote(
        id=m["id"], doc=m["doc"], node_id=m["node_id"], country=m["country"],
        status=m["status"], position=m["position"], text=m["text"],
        legal_refs=tuple(json.loads(m["legal_refs"])), date=m["date"],
        sensitivity=m["sensitivity"], author=m["author"], created=m["created"],
        modified=m["modified"], fingerprint=m["node_fingerprint"],
        node_position=m["node_position"], anchor_state=m["anchor_state"],
        anchor_detail=m["anchor_detail"], candidate_node_id=m["candidate_node_id"],
        score=m["score"],
    )  # fmt: skip


#: ``contains(column, pattern)``: a case-insensitive LIKE, as the database spells it.
Contains = Callable[[Any, str], Any]


def ilike(column: Any, pattern: str) -> Any:
    """``column`` matches the escaped LIKE ``pattern`` in any case (portable: ILIKE on
    PostgreSQL, ``lower(...) LIKE lower(...)`` elsewhere)."""
    return column.ilike(pattern, escape="\\")


def text_condition(pattern: str, contains: Contains = ilike) -> Any:
    """Comment, quote or a tag contains ``pattern`` (an escaped LIKE pattern)."""
    return or_(
        contains(AnnotationRecord.comment, pattern),
        contains(AnnotationRecord.quote, pattern),
        tag_ids(contains(TagRecord.tag, pattern)),
    )


def note_text_condition(pattern: str, contains: Contains = ilike) -> Any:
    """A national note's text or one of its references contains ``pattern``."""
    return or_(
        contains(NationalNoteRecord.text, pattern),
        contains(NationalNoteRecord.legal_refs, pattern),
    )


def tag_ids(condition: Any) -> Any:
    """Ids of annotations with a tag meeting ``condition`` (evaluated once, not per row)."""
    return AnnotationRecord.id.in_(select(TagRecord.annotation_id).where(condition))


def own_hit(
    entity: str, id_: str, doc: str, node_id: str, fields: list[tuple[str, str]], needle: str
) -> OwnHit:
    """A hit in the first of ``fields`` containing ``needle`` (any case), with context."""
    low = needle.casefold()
    for name, value in fields:
        at = value.casefold().find(low)
        if at >= 0:
            a, b = max(0, at - 40), min(len(value), at + len(needle) + 40)
            snippet = ("…" if a else "") + value[a:b] + ("…" if b < len(value) else "")
            return OwnHit(entity, id_, doc, node_id, name, snippet)
    return OwnHit(entity, id_, doc, node_id, fields[0][0], fields[0][1][:80])
