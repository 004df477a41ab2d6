"""``vdesk annotate``, ``vdesk note`` and ``vdesk notes list|delete|reanchor|backups|restore``.

Every handler validates everything before it writes: a quote not in the
provision, an unknown country, status, colour or reference exits with code 2
and leaves the notes database as it was. A damaged or too-new notes database
exits with code 1 and says how to recover.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from vdesk.corpus.resolver import AmbiguousReference, UnknownReference, describe
from vdesk.desk.errors import MissingNode
from vdesk.domain.kinds import TEXT_KINDS
from vdesk.notes.anchoring import anchor_quote, make_anchor
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
from vdesk.store.corpus_db import NodeRow
from vdesk.store.user_db import UserDbError

from . import bundles
from .context import INITIATOR, CliContext, add_json

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: A command that writes backs the notes database up first, at most once an hour.
BACKUP_EVERY = 3600.0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def parser(name: str, help_: str, parent: Any = sub) -> argparse.ArgumentParser:
        return add_json(parent.add_parser(name, help=help_))

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
    bundles.add_commands(
        parser("export", "write a bundle of notes to share (shareable items by default)", nsub),
        parser("import", "merge a bundle of notes (newer edit wins; conflicts listed)", nsub),
    )


# --- helpers --------------------------------------------------------------------------


def open_notes(ctx: CliContext, *, writes: bool = True) -> int | None:
    """Open the notes store for a command; an exit code if it cannot be opened."""
    try:
        ctx.desk.open_notes(start_backup=writes, backup_min_age=BACKUP_EVERY)
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)
    return None


def resolve(ctx: CliContext, ref: str) -> NodeRow | int:
    """The node ``ref`` names, or the exit code after saying why there is none."""
    try:
        return ctx.desk.resolve(ref)
    except AmbiguousReference as exc:
        return ctx.fail(describe(exc))
    except UnknownReference as exc:
        hint = f"; did you mean {', '.join(exc.suggestions[:5])}?" if exc.suggestions else ""
        return ctx.fail(f"{exc.reason}{hint}")
    except MissingNode as exc:
        return ctx.fail(str(exc), 1)


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
    node = resolve(ctx, args.ref)
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
    if (code := open_notes(ctx)) is not None:
        return code
    try:
        a, _ = ctx.desk.annotate(
            anchor, colour=args.colour, comment=args.comment, tags=args.tags.split(","),
            sensitivity=sensitivity, doc=node.doc, initiator=INITIATOR,
        )  # fmt: skip
    except ValueError as exc:
        return ctx.fail(str(exc))
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
    node = resolve(ctx, args.ref)
    if isinstance(node, int):
        return node
    if node.kind not in TEXT_KINDS:
        return ctx.fail(f"{node.citation} is a {node.kind}: national notes go on paragraphs")
    if (failed := open_notes(ctx)) is not None:
        return failed
    n, _ = ctx.desk.add_national_note(
        node.id, country=code, status=status, position=position, text=args.text,
        legal_refs=args.legal_refs, date=args.date, sensitivity=sensitivity, doc=node.doc,
        initiator=INITIATOR,
    )  # fmt: skip
    ctx.emit(note_json(n), f"noted {code} on {node.citation}: {n.id}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    if (failed := open_notes(ctx, writes=False)) is not None:
        return failed
    try:
        code = country(args.country).code if args.country else None
    except UnknownCountry as exc:
        return ctx.fail(str(exc))
    annotations, notes = ctx.desk.list_notes(
        doc=args.doc, tag=args.tag, country=code, review=args.review
    )
    data = [annotation_json(a) for a in annotations] + [note_json(n) for n in notes]
    lines = [f"{len(annotations)} annotation(s), {len(notes)} national note(s)"]
    lines += [_annotation_line(a) for a in annotations] + [_note_line(n) for n in notes]
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    if (failed := open_notes(ctx)) is not None:
        return failed
    try:
        entity, full = ctx.desk.find(args.id)
    except KeyError as exc:
        return ctx.fail(str(exc.args[0]))
    if entity == "annotation":
        (a,), _ = ctx.desk.delete_annotations([full], initiator=INITIATOR)
        gone = annotation_json(a)
    else:
        (n,), _ = ctx.desk.delete_national_notes([full], initiator=INITIATOR)
        gone = note_json(n)
    ctx.emit(gone, f"deleted {entity.replace('_', ' ')} {full}")
    return 0


def cmd_reanchor(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.desk.corpus  # noqa: B018 - the corpus is built (if need be) before the notes open
    if (failed := open_notes(ctx)) is not None:
        return failed
    report, _ = ctx.desk.reanchor(initiator=INITIATOR)
    assert report is not None  # always runs without only_if_changed
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
    backups = ctx.desk.backups()
    data = [{"path": str(b.path), "created": b.created, "reason": b.reason, "size": b.size}
            for b in backups]  # fmt: skip
    human = "\n".join(f"{b.created}  {b.reason:<8} {b.path}" for b in backups) or "no backups"
    ctx.emit(data, human)
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        used, aside, _ = ctx.desk.restore_backup(
            Path(args.backup) if args.backup else None, initiator=INITIATOR
        )
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)
    kept = f"; the previous file is kept as {aside}" if aside else ""
    ctx.emit(
        {"restored_from": str(used), "previous": str(aside) if aside else None},
        f"restored the notes database from {used}{kept}",
    )
    return 0
