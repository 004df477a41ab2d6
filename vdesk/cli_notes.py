"""CLI commands for the user's own work: annotate, note, notes list/delete/…

Every handler validates everything before it writes: a quote not in the
provision, an unknown country, status, colour or reference exits with code 2
and leaves the notes database as it was. A damaged or too-new notes database
exits with code 1 and says how to recover.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from vdesk.domain.kinds import TEXT_KINDS
from vdesk.notes.anchoring import ANCHORED_META, anchor_quote, make_anchor, reanchor_all
from vdesk.notes.countries import UnknownCountry, country
from vdesk.notes.model import (
    POSITIONS,
    SENSITIVITIES,
    STATUSES,
    Annotation,
    NationalNote,
    parse_position,
    parse_sensitivity,
    parse_status,
)
from vdesk.notes.repo import AnnotationFilter, NotesRepo
from vdesk.store.user_db import UserDbError, list_backups, restore_backup

if TYPE_CHECKING:
    from vdesk.cli import CliContext

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def parser(name: str, help_: str, parent: Any = sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_)
        p.add_argument("--json", action="store_true", help="print JSON instead of text")
        return p

    p = parser("annotate", "highlight a quote in a provision, with a comment and tags")
    p.add_argument("ref", metavar="REF", help='provision id or citation, e.g. "VD 7 (d)"')
    p.add_argument("--quote", help="exact text to highlight (omit to annotate the whole provision)")
    p.add_argument("--occurrence", type=int, default=1, metavar="N", help="the N-th match (1)")
    p.add_argument("--comment", default="", metavar="MD", help="comment in Markdown")
    p.add_argument("--tags", default="", metavar="A,B", help="comma-separated tags")
    p.add_argument("--color", "--colour", dest="colour", default="yellow", metavar="NAME")
    p.add_argument("--sensitivity", default="personal", help="/".join(SENSITIVITIES))
    p.set_defaults(func=cmd_annotate)

    p = parser("note", "record a country's implementation status for a provision")
    p.add_argument("ref", metavar="REF", help="paragraph or subparagraph id or citation")
    p.add_argument("--country", required=True, metavar="CODE", help="ISO 3166-1 code, e.g. AT")
    p.add_argument("--status", required=True, metavar="S", help="/".join(STATUSES))
    p.add_argument("--position", default="no_position", metavar="P", help="/".join(POSITIONS))
    p.add_argument("--text", default="", metavar="MD", help="note in Markdown")
    p.add_argument(
        "--ref-law", action="append", default=[], dest="legal_refs", metavar="TEXT",
        help="a reference to national law or policy (repeatable)",
    )  # fmt: skip
    p.add_argument("--date", default="", metavar="YYYY-MM-DD", help="information as of")
    p.add_argument("--sensitivity", default="personal", help="/".join(SENSITIVITIES))
    p.set_defaults(func=cmd_note)

    notes = sub.add_parser("notes", help="list, delete and recover your annotations and notes")
    nsub = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    p = parser("list", "list annotations and national notes", nsub)
    p.add_argument("--doc", metavar="KEY")
    p.add_argument("--tag")
    p.add_argument("--country", metavar="CODE")
    p.add_argument("--review", action="store_true", help="only annotations needing review")
    p.set_defaults(func=cmd_list)
    p = parser("delete", "delete an annotation or national note by id (or id prefix)", nsub)
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=cmd_delete)
    p = parser("reanchor", "check every annotation against the corpus text", nsub)
    p.set_defaults(func=cmd_reanchor)
    p = parser("backups", "list backups of the notes database", nsub)
    p.set_defaults(func=cmd_backups)
    p = parser("restore", "replace the notes database with a backup (the newest good one)", nsub)
    p.add_argument("backup", nargs="?", metavar="FILE", help="a file listed by 'notes backups'")
    p.set_defaults(func=cmd_restore)
    from .cli_export import add_notes_bundle_arguments

    add_notes_bundle_arguments(
        parser("export", "write a bundle of notes to share (shareable items by default)", nsub),
        parser("import", "merge a bundle of notes (newer edit wins; conflicts listed)", nsub),
    )


# --- helpers --------------------------------------------------------------------------


#: A command that writes backs the notes database up first, at most once an hour.
BACKUP_EVERY = 3600.0


def _open(ctx: CliContext, *, writes: bool = True) -> NotesRepo | int:
    try:
        return NotesRepo.open(ctx.paths, start_backup=writes, backup_min_age=BACKUP_EVERY)
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)


def _resolve(ctx: CliContext, ref: str) -> Any:
    from vdesk.corpus.resolver import UnknownReference

    try:
        node_id = ctx.resolver().resolve(ref)
    except UnknownReference as exc:
        hint = f"; did you mean {', '.join(exc.suggestions[:5])}?" if exc.suggestions else ""
        return ctx.fail(f"{exc.reason}{hint}")
    return ctx.corpus().node(node_id)


def annotation_json(a: Annotation) -> dict[str, Any]:
    d = asdict(a)
    anchor = d.pop("anchor")
    return {"type": "annotation", **{k: d[k] for k in ("id", "doc")}, **anchor, **d,
            "tags": list(a.tags)}  # fmt: skip


def note_json(n: NationalNote) -> dict[str, Any]:
    return {"type": "national_note", **asdict(n), "legal_refs": list(n.legal_refs)}


def _annotation_line(a: Annotation) -> str:
    what = f"“{a.anchor.quote}”" if a.anchor.quote else "(whole provision)"
    tags = f" [{', '.join(a.tags)}]" if a.tags else ""
    review = "  NEEDS REVIEW: " + a.anchor_detail if a.anchor_state == "review" else ""
    label = f" ({a.sensitivity})" if a.sensitivity != "personal" else ""
    line = f"{a.id[:8]}  {a.colour:<7} {a.node_id}  {what}{tags}{label}{review}"
    return line + (f"\n          {a.comment}" if a.comment else "")


def _note_line(n: NationalNote) -> str:
    label = f" ({n.sensitivity})" if n.sensitivity != "personal" else ""
    line = f"{n.id[:8]}  {n.country:<7} {n.node_id}  {n.status} / {n.position}{label}"
    return line + (f"\n          {n.text}" if n.text else "")


# --- commands -------------------------------------------------------------------------


def cmd_annotate(args: argparse.Namespace, ctx: CliContext) -> int:
    node = _resolve(ctx, args.ref)
    if isinstance(node, int):
        return node
    text = node.text or node.heading or ""
    try:
        sensitivity = parse_sensitivity(args.sensitivity)
        if args.quote is None:
            anchor = make_anchor(node.id, text)
        else:
            anchor = anchor_quote(node.id, text, args.quote, args.occurrence)
    except ValueError as exc:
        return ctx.fail(f"{exc} ({node.citation})")
    repo = _open(ctx)
    if isinstance(repo, int):
        return repo
    try:
        a = repo.add_annotation(
            anchor,
            colour=args.colour,
            comment=args.comment,
            tags=args.tags.split(","),
            sensitivity=sensitivity,
            doc=node.doc,
        )
    except ValueError as exc:
        return ctx.fail(str(exc))
    finally:
        repo.close()
    ctx.emit(annotation_json(a), f"annotated {node.citation}: {a.id}")
    return 0


def cmd_note(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        code = country(args.country).code
        status = parse_status(args.status)
        position = parse_position(args.position)
        sensitivity = parse_sensitivity(args.sensitivity)
    except (UnknownCountry, ValueError) as exc:
        return ctx.fail(str(exc))
    if args.date and not _DATE.match(args.date):
        return ctx.fail(f"--date {args.date!r} is not a date like 2026-11-23")
    node = _resolve(ctx, args.ref)
    if isinstance(node, int):
        return node
    if node.kind not in TEXT_KINDS:
        return ctx.fail(f"{node.citation} is a {node.kind}: national notes go on paragraphs")
    repo = _open(ctx)
    if isinstance(repo, int):
        return repo
    try:
        n = repo.add_national_note(
            node.id, country=code, status=status, position=position, text=args.text,
            legal_refs=args.legal_refs, date=args.date, sensitivity=sensitivity, doc=node.doc,
        )  # fmt: skip
    finally:
        repo.close()
    ctx.emit(note_json(n), f"noted {code} on {node.citation}: {n.id}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    repo = _open(ctx, writes=False)
    if isinstance(repo, int):
        return repo
    try:
        code = country(args.country).code if args.country else None
    except UnknownCountry as exc:
        repo.close()
        return ctx.fail(str(exc))
    try:
        annotations = []
        if not code:
            f = AnnotationFilter(
                doc=args.doc, tag=args.tag, anchor_state="review" if args.review else None
            )
            annotations = repo.filter_annotations(f, limit=None)
        notes = [] if (args.tag or args.review) else repo.national_notes(country=code, doc=args.doc)
    finally:
        repo.close()
    data = [annotation_json(a) for a in annotations] + [note_json(n) for n in notes]
    lines = [f"{len(annotations)} annotation(s), {len(notes)} national note(s)"]
    lines += [_annotation_line(a) for a in annotations] + [_note_line(n) for n in notes]
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    repo = _open(ctx)
    if isinstance(repo, int):
        return repo
    try:
        try:
            entity, full = repo.find(args.id)
        except KeyError as exc:
            return ctx.fail(str(exc.args[0]))
        if entity == "annotation":
            gone: Any = annotation_json(repo.delete_annotation(full))
        else:
            gone = note_json(repo.delete_national_note(full))
    finally:
        repo.close()
    ctx.emit(gone, f"deleted {entity.replace('_', ' ')} {full}")
    return 0


def cmd_reanchor(args: argparse.Namespace, ctx: CliContext) -> int:
    corpus = ctx.corpus()
    repo = _open(ctx)
    if isinstance(repo, int):
        return repo
    try:
        report = reanchor_all(repo, corpus)
        repo.set_meta(ANCHORED_META, corpus.meta("fingerprint") or "")
    finally:
        repo.close()
    data = {"checked": report.checked, "unchanged": report.unchanged,
            "moved": [{"id": i, "detail": d} for i, d in report.moved],
            "review": [{"id": i, "detail": d} for i, d in report.review]}  # fmt: skip
    lines = [f"{report.checked} checked, {report.unchanged} unchanged, "
             f"{len(report.moved)} moved, {len(report.review)} need review"]  # fmt: skip
    lines += [f"moved   {i[:8]}  {d}" for i, d in report.moved]
    lines += [f"REVIEW  {i[:8]}  {d}" for i, d in report.review]
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_backups(args: argparse.Namespace, ctx: CliContext) -> int:
    backups = list_backups(ctx.paths)
    data = [{"path": str(b.path), "created": b.created, "reason": b.reason, "size": b.size}
            for b in backups]  # fmt: skip
    human = "\n".join(f"{b.created}  {b.reason:<8} {b.path}" for b in backups) or "no backups"
    ctx.emit(data, human)
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from pathlib import Path

    try:
        used, aside = restore_backup(ctx.paths, Path(args.backup) if args.backup else None)
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)
    kept = f"; the previous file is kept as {aside}" if aside else ""
    ctx.emit(
        {"restored_from": str(used), "previous": str(aside) if aside else None},
        f"restored the notes database from {used}{kept}",
    )
    return 0
