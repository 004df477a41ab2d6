"""Merging a note bundle into the user's notes: one plan, then one write.

:func:`plan_merge` is pure: from a parsed :class:`~vdesk.notes.bundle.Bundle`, the
local versions of the same items (:class:`LocalNotes`) and the corpus texts it
decides, once, what is added, what replaces an older local version, what is kept
as it is here, and which annotations are flagged for review. Its
:class:`MergePlan` carries the report a dry run shows and the values to write.

:func:`write_merge` writes a plan through the notes store: the annotations and
national notes in one transaction (``NotesStore.restore_many``), after the colours
the bundle brings (a colour is only ever added, never replaced). The rules are
described in :mod:`vdesk.notes.bundle`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from vdesk.domain.notes import ANCHOR_REVIEW, Annotation, Colour, NationalNote
from vdesk.notes.bundle import (
    Bundle,
    Conflict,
    ImportReport,
    _parse_time,
    annotation_obj,
    note_obj,
)
from vdesk.store.notes.contract import AnnotationFilter, NotesStore

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


#: How restrictive each sensitivity label is: a shareable item goes into every
#: bundle, a personal one into the user's own exports, a confidential one only when
#: asked for. A bundle never lowers an item's rank silently.
SENSITIVITY_RANK = {"shareable": 0, "personal": 1, "confidential": 2}


@dataclass(frozen=True, slots=True)
class LocalNotes:
    """The local versions of what a bundle carries, by id, the local colours, and the
    national note that holds each (provision, country) of the bundle's notes."""

    annotations: Mapping[str, Annotation]
    national_notes: Mapping[str, NationalNote]
    colours: tuple[Colour, ...]
    slots: Mapping[tuple[str, str], NationalNote] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PendingConflict:
    """A bundle's version that is not written: the local one stays, this is kept for
    the user to choose (``reason`` as :class:`~vdesk.notes.bundle.Conflict`)."""

    entity: str  # "annotation" | "national_note"
    reason: str
    label: str
    local: Annotation | NationalNote
    incoming: Annotation | NationalNote


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What importing a bundle does: the report, and exactly what to write."""

    report: ImportReport
    colours: tuple[Colour, ...]  # to add
    annotations: tuple[Annotation, ...]  # new ones and newer versions, anchors checked
    national_notes: tuple[NationalNote, ...]
    replaced_nodes: frozenset[str]  # provisions of the local versions being replaced
    pending: tuple[PendingConflict, ...] = ()  # kept aside for the user to choose

    @property
    def writes(self) -> bool:
        return bool(self.colours or self.annotations or self.national_notes or self.pending)

    @property
    def node_ids(self) -> frozenset[str]:
        """Every provision whose marks change: old and new places."""
        new = {a.node_id for a in self.annotations} | {n.node_id for n in self.national_notes}
        return frozenset(new) | self.replaced_nodes


def read_local(store: NotesStore, bundle: Bundle) -> LocalNotes:
    """The local versions of the bundle's items, read through the store's public reads."""
    wanted_a = {a.id for a in bundle.annotations}
    wanted_n = {n.id for n in bundle.national_notes}
    anns = store.filter_annotations(AnnotationFilter(), limit=None) if wanted_a else []
    notes = store.national_notes() if wanted_n else []
    slots: dict[tuple[str, str], NationalNote] = {}
    for n in sorted(notes, key=lambda n: (n.created, n.id)):  # the oldest holds a slot
        slots.setdefault((n.node_id, n.country), n)
    return LocalNotes(
        annotations={a.id: a for a in anns if a.id in wanted_a},
        national_notes={n.id: n for n in notes if n.id in wanted_n},
        colours=tuple(store.colours()),
        slots=slots,
    )


def _ann_key(a: Annotation) -> str:
    """What the user wrote in an annotation, for comparing two versions (the anchor
    state is not the user's content: it depends on the corpus it was checked against)."""
    obj = annotation_obj(a)
    del obj["anchor_state"], obj["anchor_detail"]
    obj["anchor"].pop("fingerprint", None)  # the provision's, not the user's content
    obj["anchor"].pop("position", None)
    return json.dumps(obj, sort_keys=True)


def _note_content(n: NationalNote) -> tuple[object, ...]:
    """What a national note says, whoever wrote it and whatever its id."""
    return (n.status, n.position, n.text, n.legal_refs, n.date, n.sensitivity)


def _note_key(n: NationalNote) -> dict[str, object]:
    """What the user wrote in a national note (its provision's fingerprint is not)."""
    obj = note_obj(n)
    obj.pop("fingerprint", None)
    obj.pop("node_position", None)
    return obj


def _newer(incoming: str, local: str) -> bool:
    a, b = _parse_time(incoming), _parse_time(local)
    return a is not None and b is not None and a > b


def lowers_sensitivity(incoming: str, local: str) -> bool:
    """Would ``incoming`` replace ``local`` by a less restrictive label?"""
    return SENSITIVITY_RANK.get(incoming, 0) < SENSITIVITY_RANK.get(local, 0)


def _check_anchor(a: Annotation, texts: Mapping[str, str]) -> Annotation:
    """Flag an annotation for review if its provision or quote is not here."""
    text = texts.get(a.anchor.node_id)
    if text is None:
        detail = f"imported: the provision {a.anchor.node_id} is not in this corpus"
    elif not a.anchor.whole_node and text[a.anchor.start : a.anchor.end] != a.anchor.quote:
        detail = "imported: the quote is not at its place in this version of the text"
    else:
        return a
    return replace(a, anchor_state=ANCHOR_REVIEW, anchor_detail=detail, score=0.0)


class _Plan:
    """The running tallies of :func:`plan_merge`."""

    def __init__(self) -> None:
        self.added = self.updated = self.unchanged = self.kept = 0
        self.conflicts: list[Conflict] = []
        self.pending: list[PendingConflict] = []

    def hold(self, entity: str, reason: str, label: str, local: Any, incoming: Any) -> None:
        """Keep ``local``; set ``incoming`` aside for the user to choose."""
        self.pending.append(PendingConflict(entity, reason, label, local, incoming))
        self.conflicts.append(
            Conflict(entity, local.id, "local", local.modified, incoming.modified, label,
                     pending=True, reason=reason,
                     bundle_id=incoming.id if incoming.id != local.id else "")
        )  # fmt: skip

    def decided(self, entity: str, winner: str, local: Any, incoming: Any, label: str) -> None:
        self.conflicts.append(
            Conflict(entity, local.id, winner, local.modified, incoming.modified, label)
        )


def plan_merge(bundle: Bundle, local: LocalNotes, node_texts: Mapping[str, str]) -> MergePlan:
    """Decide what importing ``bundle`` does; ``node_texts`` maps every node id of the
    corpus to its text (see :func:`vdesk.notes.anchoring.doc_texts`).

    Items merge by id, the later edit winning, except that a bundle's version never
    lowers an item's sensitivity (a pending conflict instead), and a provision keeps
    one national note per country: a bundle's note for a provision and country that
    another note holds here is a pending conflict (both texts kept), never a second row.
    """
    t = _Plan()
    flagged: list[str] = []
    unknown: set[str] = set()
    replaced_nodes: set[str] = set()

    here_colours = {c.name: c for c in local.colours}
    colours_added: list[Colour] = []
    for col in bundle.colours:
        here = here_colours.get(col.name)
        if here is None:
            colours_added.append(col)
        elif (here.meaning, here.hex.lower()) != (col.meaning, col.hex.lower()):
            t.conflicts.append(Conflict("colour", col.name, "local", "", "", col.name))

    write_a: list[Annotation] = []
    for a in bundle.annotations:
        checked = _check_anchor(a, node_texts)
        if checked is not a:
            flagged.append(a.id)
            if a.anchor.node_id not in node_texts:
                unknown.add(a.anchor.node_id)
        mine = local.annotations.get(a.id)
        if mine is None:
            write_a.append(checked)
            t.added += 1
            continue
        if _ann_key(mine) == _ann_key(a):
            t.unchanged += 1
            continue
        label = f"{a.anchor.node_id} “{a.anchor.quote[:40]}”" if a.anchor.quote else a.node_id
        if not _newer(a.modified, mine.modified):
            t.kept += 1
            t.decided("annotation", "local", mine, a, label)
        elif lowers_sensitivity(a.sensitivity, mine.sensitivity):
            t.hold("annotation", "lower_sensitivity", label, mine, checked)
        else:
            write_a.append(checked)
            replaced_nodes.add(mine.node_id)
            t.updated += 1
            t.decided("annotation", "bundle", mine, a, label)

    write_n: list[NationalNote] = []
    slots = dict(local.slots)  # (provision, country) -> the note holding it
    for n in bundle.national_notes:
        if n.node_id not in node_texts:
            unknown.add(n.node_id)
        slot = (n.node_id, n.country)
        label = f"{n.node_id} ({n.country})"
        holder = slots.get(slot)
        ours = local.national_notes.get(n.id)
        if ours is not None and _note_key(ours) == _note_key(n):  # what the user wrote
            t.unchanged += 1
            continue
        in_place = ours is not None and (ours.node_id, ours.country) == slot
        if holder is not None and holder.id != n.id and not in_place:
            if ours is None and _note_content(holder) == _note_content(n):
                t.unchanged += 1  # the same record under another id: nothing to choose
            else:
                t.hold("national_note", "same_provision", label, holder, n)
            continue
        if ours is None:
            write_n.append(n)
            slots[slot] = n
            t.added += 1
        elif not _newer(n.modified, ours.modified):
            t.kept += 1
            t.decided("national_note", "local", ours, n, label)
        elif lowers_sensitivity(n.sensitivity, ours.sensitivity):
            t.hold("national_note", "lower_sensitivity", label, ours, n)
        else:
            write_n.append(n)
            replaced_nodes.add(ours.node_id)
            if slots.get((ours.node_id, ours.country)) is ours:
                del slots[(ours.node_id, ours.country)]
            slots[slot] = n
            t.updated += 1
            t.decided("national_note", "bundle", ours, n, label)

    report = ImportReport(
        added=t.added,
        updated=t.updated,
        unchanged=t.unchanged,
        kept_local=t.kept,
        flagged=tuple(flagged),
        unknown_nodes=tuple(sorted(unknown)),
        colours_added=tuple(col.name for col in colours_added),
        conflicts=tuple(t.conflicts),
        pending=len(t.pending),
        dry_run=True,
    )
    return MergePlan(
        report,
        tuple(colours_added),
        tuple(write_a),
        tuple(write_n),
        frozenset(replaced_nodes),
        tuple(t.pending),
    )


def write_merge(store: NotesStore, plan: MergePlan) -> None:
    """Write what ``plan`` decided through ``store``.

    The colours come first (an annotation may use one); the annotations and national
    notes then go in one transaction, so a failure there leaves them all as they
    were. A colour without a meaning gets its name as its meaning (the store wants
    one).
    """
    for col in plan.colours:
        store.set_colour(col.name, col.meaning.strip() or col.name, col.hex)
    if plan.annotations or plan.national_notes:
        store.restore_many(plan.annotations, plan.national_notes)


def import_bundle(
    engine: Engine,
    bundle: Bundle,
    node_texts: Mapping[str, str],
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Plan and (unless ``dry_run``) write ``bundle`` into the database behind ``engine``."""
    from pathlib import Path

    from vdesk.notes.conflicts import ConflictStore  # it builds on this module
    from vdesk.store.notes.sqlite import SqliteNotesStore

    store = SqliteNotesStore(engine)
    plan = plan_merge(bundle, read_local(store, bundle), node_texts)
    if dry_run:
        return plan.report
    if plan.pending and engine.url.database:
        conflicts = ConflictStore(Path(engine.url.database))
        try:
            conflicts.add(plan.pending, f"From {bundle.author.strip() or 'an unnamed sender'}")
        finally:
            conflicts.close()
    write_merge(store, plan)
    return replace(plan.report, dry_run=False)


def written_ids(plan: MergePlan) -> tuple[frozenset[str], frozenset[str]]:
    """(annotation ids, national note ids) the plan writes."""
    return (
        frozenset(a.id for a in plan.annotations),
        frozenset(n.id for n in plan.national_notes),
    )
