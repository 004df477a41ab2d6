"""Merging a note bundle into the user's notes: one plan, then one write.

:func:`plan_merge` is pure: from a parsed :class:`~vdesk.notes.bundle.Bundle`, the
local versions of the same items (:class:`LocalNotes`) and the corpus texts it
decides, once, what is added, what replaces an older local version, what is kept
as it is here, and which annotations are flagged for review. Its
:class:`MergePlan` carries the report a dry run shows and the values to write.

:func:`write_merge` writes a plan through the notes store: the annotations and
national notes in one transaction (``NotesRepo.restore_many``), after the colours
the bundle brings (a colour is only ever added, never replaced). The rules are
described in :mod:`vdesk.notes.bundle`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vdesk.notes.bundle import (
    Bundle,
    Conflict,
    ImportReport,
    _parse_time,
    annotation_obj,
    note_obj,
)
from vdesk.notes.model import ANCHOR_REVIEW, Annotation, Colour, NationalNote
from vdesk.notes.repo import AnnotationFilter, NotesRepo

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


@dataclass(frozen=True, slots=True)
class LocalNotes:
    """The local versions of what a bundle carries, by id, and the local colours."""

    annotations: Mapping[str, Annotation]
    national_notes: Mapping[str, NationalNote]
    colours: tuple[Colour, ...]


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What importing a bundle does: the report, and exactly what to write."""

    report: ImportReport
    colours: tuple[Colour, ...]  # to add
    annotations: tuple[Annotation, ...]  # new ones and newer versions, anchors checked
    national_notes: tuple[NationalNote, ...]
    replaced_nodes: frozenset[str]  # provisions of the local versions being replaced

    @property
    def writes(self) -> bool:
        return bool(self.colours or self.annotations or self.national_notes)

    @property
    def node_ids(self) -> frozenset[str]:
        """Every provision whose marks change: old and new places."""
        new = {a.node_id for a in self.annotations} | {n.node_id for n in self.national_notes}
        return frozenset(new) | self.replaced_nodes


def read_local(store: NotesRepo, bundle: Bundle) -> LocalNotes:
    """The local versions of the bundle's items, read through the store's public reads."""
    wanted_a = {a.id for a in bundle.annotations}
    wanted_n = {n.id for n in bundle.national_notes}
    anns = store.filter_annotations(AnnotationFilter(), limit=None) if wanted_a else []
    notes = store.national_notes() if wanted_n else []
    return LocalNotes(
        annotations={a.id: a for a in anns if a.id in wanted_a},
        national_notes={n.id: n for n in notes if n.id in wanted_n},
        colours=tuple(store.colours()),
    )


def _ann_key(a: Annotation) -> str:
    """What the user wrote in an annotation, for comparing two versions (the anchor
    state is not the user's content: it depends on the corpus it was checked against)."""
    obj = annotation_obj(a)
    del obj["anchor_state"], obj["anchor_detail"]
    obj["anchor"].pop("fingerprint", None)  # the provision's, not the user's content
    obj["anchor"].pop("position", None)
    return json.dumps(obj, sort_keys=True)


def _note_key(n: NationalNote) -> dict[str, object]:
    """What the user wrote in a national note (its provision's fingerprint is not)."""
    obj = note_obj(n)
    obj.pop("fingerprint", None)
    obj.pop("node_position", None)
    return obj


def _newer(incoming: str, local: str) -> bool:
    a, b = _parse_time(incoming), _parse_time(local)
    return a is not None and b is not None and a > b


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


def plan_merge(bundle: Bundle, local: LocalNotes, node_texts: Mapping[str, str]) -> MergePlan:
    """Decide what importing ``bundle`` does; ``node_texts`` maps every node id of the
    corpus to its text (see :func:`vdesk.notes.anchoring.doc_texts`)."""
    added = updated = unchanged = kept = 0
    conflicts: list[Conflict] = []
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
            conflicts.append(Conflict("colour", col.name, "local", "", "", col.name))

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
            added += 1
            continue
        if _ann_key(mine) == _ann_key(a):
            unchanged += 1
            continue
        label = f"{a.anchor.node_id} “{a.anchor.quote[:40]}”" if a.anchor.quote else a.node_id
        if _newer(a.modified, mine.modified):
            write_a.append(checked)
            replaced_nodes.add(mine.node_id)
            updated += 1
            conflicts.append(
                Conflict("annotation", a.id, "bundle", mine.modified, a.modified, label)
            )
        else:
            kept += 1
            conflicts.append(
                Conflict("annotation", a.id, "local", mine.modified, a.modified, label)
            )

    write_n: list[NationalNote] = []
    for n in bundle.national_notes:
        if n.node_id not in node_texts:
            unknown.add(n.node_id)
        theirs = local.national_notes.get(n.id)
        if theirs is None:
            write_n.append(n)
            added += 1
            continue
        # what the user wrote, as a bundle carries it (the provision's fingerprint and
        # anchor state depend on the corpus they were checked against)
        if _note_key(theirs) == _note_key(n):
            unchanged += 1
            continue
        label = f"{n.node_id} ({n.country})"
        if _newer(n.modified, theirs.modified):
            write_n.append(n)
            replaced_nodes.add(theirs.node_id)
            updated += 1
            conflicts.append(
                Conflict("national_note", n.id, "bundle", theirs.modified, n.modified, label)
            )
        else:
            kept += 1
            conflicts.append(
                Conflict("national_note", n.id, "local", theirs.modified, n.modified, label)
            )

    report = ImportReport(
        added=added,
        updated=updated,
        unchanged=unchanged,
        kept_local=kept,
        flagged=tuple(flagged),
        unknown_nodes=tuple(sorted(unknown)),
        colours_added=tuple(col.name for col in colours_added),
        conflicts=tuple(conflicts),
        dry_run=True,
    )
    return MergePlan(
        report, tuple(colours_added), tuple(write_a), tuple(write_n), frozenset(replaced_nodes)
    )


def write_merge(store: NotesRepo, plan: MergePlan) -> None:
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
    store = NotesRepo(engine)
    plan = plan_merge(bundle, read_local(store, bundle), node_texts)
    if dry_run:
        return plan.report
    write_merge(store, plan)
    return replace(plan.report, dry_run=False)


def written_ids(plan: MergePlan) -> tuple[frozenset[str], frozenset[str]]:
    """(annotation ids, national note ids) the plan writes."""
    return (
        frozenset(a.id for a in plan.annotations),
        frozenset(n.id for n in plan.national_notes),
    )
