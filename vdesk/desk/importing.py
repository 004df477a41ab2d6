"""Importing a note bundle: plan (parse and validate once, one merge plan), then apply.

A dry run is the plan alone. Applying backs the notes database up (only when the
plan writes something), then writes the plan through the notes store, the
annotations and national notes in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from vdesk.notes.bundle import KEEP_IMPORT_BACKUPS, Bundle, ImportReport, parse_bundle
from vdesk.notes.merge import MergePlan, plan_merge, read_local, write_merge
from vdesk.notes.repo import NotesRepo
from vdesk.paths import AppPaths
from vdesk.store.user_db import backup

from .changes import Changes


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


def plan_import(data: bytes, notes: NotesRepo, node_texts: Mapping[str, str]) -> ImportPlan:
    """Parse and validate ``data`` (``BundleError`` lists every problem) and decide,
    once, what importing it changes. Writes nothing."""
    bundle = parse_bundle(data, known_colours=[c.name for c in notes.colours()])
    return ImportPlan(bundle, plan_merge(bundle, read_local(notes, bundle), node_texts))


def apply_import(
    plan: ImportPlan, notes: NotesRepo, paths: AppPaths, *, initiator: object | None = None
) -> tuple[ImportReport, Changes]:
    """Write ``plan``: a backup first (if anything changes), then the merge."""
    merge = plan.merge
    if not merge.writes:
        return replace(merge.report, dry_run=False), Changes("Import bundle", initiator)
    saved = backup(paths, "pre-import", keep=KEEP_IMPORT_BACKUPS)
    write_merge(notes, merge)
    return replace(merge.report, dry_run=False, backup=saved), Changes(
        "Import bundle",
        initiator,
        annotations=frozenset(a.id for a in merge.annotations),
        national_notes=frozenset(n.id for n in merge.national_notes),
        node_ids=merge.node_ids,
        colours=bool(merge.colours),
    )
