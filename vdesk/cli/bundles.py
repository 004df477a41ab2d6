"""``vdesk notes export FILE`` and ``vdesk notes import FILE``: bundles of notes to share.

``notes import`` validates the whole bundle first, backs the notes database up,
then merges in one transaction; ``--dry-run`` only reports. A user's mistake exits
2 and writes nothing; a problem of the environment exits 1 and says what to do.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from vdesk.desk.errors import RefusedTarget
from vdesk.desk.importing import NotesBusy
from vdesk.export.atomic import NotAFile, WriteFailed
from vdesk.notes.bundle import BundleError, Conflict, ImportReport
from vdesk.notes.bundle_input import MAX_BYTES, InputRefused, check_size
from vdesk.store.user_db import UserDbError

from .context import INITIATOR, CliContext
from .export import refusal


def add_commands(
    export_parser: argparse.ArgumentParser, import_parser: argparse.ArgumentParser
) -> None:
    """Arguments of ``vdesk notes export FILE`` and ``vdesk notes import FILE``."""
    e = export_parser
    e.add_argument("file", metavar="FILE", help="the bundle to write (JSON)")
    e.add_argument("--force", action="store_true", help="replace FILE if it exists")
    e.add_argument(
        "--include-personal",
        action="store_true",
        help="also personal items (default: shareable only)",
    )
    e.add_argument("--include-confidential", action="store_true", help="also confidential items")
    e.add_argument("--author", default="", help="your name or delegation, recorded in the bundle")
    e.set_defaults(func=cmd_notes_export)
    i = import_parser
    i.add_argument("file", metavar="FILE", help="a bundle written by 'vdesk notes export'")
    i.add_argument(
        "--dry-run", action="store_true", help="check the file and report, change nothing"
    )
    i.set_defaults(func=cmd_notes_import)


def cmd_notes_export(args: argparse.Namespace, ctx: CliContext) -> int:
    out = Path(args.file)
    try:
        ctx.desk.check_targets((out,), force=args.force)
    except RefusedTarget as exc:
        return ctx.fail(refusal(exc))
    if (failed := ctx.open_notes(args)) is not None:  # no backup: nothing changes
        return failed
    try:
        written = ctx.desk.export_bundle(
            out,
            personal=args.include_personal,
            confidential=args.include_confidential,
            author=args.author,
            force=args.force,
        )
    except RefusedTarget as exc:
        return ctx.fail(refusal(exc))
    except NotAFile as exc:  # appeared since the check
        return ctx.fail(str(exc.strerror))
    except WriteFailed as exc:
        return ctx.fail(str(exc.strerror), 1)
    na, nn = written.annotations, written.national_notes
    kinds = ", ".join(written.included)
    private = "; it is readable only by you" if written.confidential else ""
    ctx.emit(
        {"path": str(out), "annotations": na, "national_notes": nn,
         "included": list(written.included)},
        f"Wrote {na} annotations and {nn} national notes ({kinds}) to {out}{private}",
    )  # fmt: skip
    return 0


def _conflict_line(c: Conflict) -> str:
    if c.entity == "colour":
        return f"  colour {c.id}: its meaning differs; kept yours"
    if c.pending:
        why = (
            "the bundle has another note for this provision and country"
            if c.reason == "same_provision"
            else "the bundle's version would lower its sensitivity"
        )
        return f"  {c.entity.replace('_', ' ')} {c.id[:8]} on {c.label}: {why}; kept yours"
    who = "the bundle's newer version" if c.winner == "bundle" else "your version"
    return (
        f"  {c.entity.replace('_', ' ')} {c.id[:8]} on {c.label}: kept {who} "
        f"(yours {c.local_modified or '-'}, bundle {c.bundle_modified or '-'})"
    )


def _import_human(path: Path, r: ImportReport) -> str:
    verb = "Would import" if r.dry_run else "Imported"
    lines = [
        f"{verb} {path}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged, "
        f"{r.kept_local} kept as you had them"
    ]
    if r.colours_added:
        lines.append("New colours: " + ", ".join(r.colours_added))
    decided = [c for c in r.conflicts if not c.pending]
    if decided:
        lines.append(f"{len(decided)} conflict(s), the newer edit won:")
        lines += [_conflict_line(c) for c in decided]
    if r.pending:
        held = "will be kept" if r.dry_run else "kept"
        lines.append(
            f"{r.pending} conflict(s): the bundle's version {held} for you to choose "
            "('vdesk notes conflicts', then 'vdesk notes resolve ID --keep mine|theirs'):"
        )
        lines += [_conflict_line(c) for c in r.conflicts if c.pending]
    if r.flagged:
        lines.append(
            f"{len(r.flagged)} annotation(s) flagged for review: their passage is not in this "
            "corpus as it was (see 'vdesk notes list --review')"
        )
    if r.unknown_nodes:
        lines.append("Provisions not in this corpus: " + ", ".join(r.unknown_nodes[:10]))
    if r.backup is not None:
        lines.append(f"Backup taken before the import: {r.backup}")
    return "\n".join(lines)


def cmd_notes_import(args: argparse.Namespace, ctx: CliContext) -> int:
    path = Path(args.file)
    try:
        data = _read_bundle(path)
    except FileNotFoundError:
        return ctx.fail(f"{path}: no such file")
    except IsADirectoryError:
        return ctx.fail(f"{path} is a folder, not a bundle")
    except InputRefused as exc:
        return ctx.fail(f"{path}: {exc}")
    ctx.desk.node_texts()  # the corpus first: built if need be, as for every command
    try:
        if (failed := ctx.open_notes(args)) is not None:  # the import backs up itself
            return failed
        plan = ctx.desk.plan_import(data)
        report = plan.report
        if not args.dry_run:
            report, _ = ctx.desk.apply_import(plan, initiator=INITIATOR)
    except BundleError as exc:
        return ctx.fail(f"{path}: {exc}")
    except (UserDbError, NotesBusy) as exc:
        return ctx.fail(str(exc), 1)
    ctx.emit(_import_json(path, report), _import_human(path, report))
    return 0


def _read_bundle(path: Path) -> bytes:
    """The file's bytes, never more than a bundle may have (a device or a pipe that
    never ends is cut there and refused)."""
    with path.open("rb") as f:
        check_size(os.fstat(f.fileno()).st_size)
        data = f.read(MAX_BYTES + 1)
    check_size(len(data))
    return data


def _import_json(path: Path, r: ImportReport) -> dict[str, Any]:
    return {
        "path": str(path),
        "dry_run": r.dry_run,
        "added": r.added,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "kept_local": r.kept_local,
        "pending": r.pending,
        "colours_added": list(r.colours_added),
        "flagged_for_review": list(r.flagged),
        "unknown_nodes": list(r.unknown_nodes),
        "conflicts": [
            {
                "entity": c.entity,
                "id": c.id,
                "winner": c.winner,
                "local_modified": c.local_modified,
                "bundle_modified": c.bundle_modified,
                "label": c.label,
                "pending": c.pending,
                "reason": c.reason,
                "bundle_id": c.bundle_id or c.id,
            }
            for c in r.conflicts
        ],
        "backup": str(r.backup) if r.backup else None,
    }
