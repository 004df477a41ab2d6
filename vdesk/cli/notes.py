"""``vdesk annotate``, ``vdesk note`` and ``vdesk notes
list|delete|reanchor|conflicts|resolve|backups|restore|reset``.

Every handler validates everything before it writes: a quote not in the
provision, an unknown country, status, colour or reference exits with code 2
and leaves the notes database as it was. A damaged or too-new notes database
exits with code 1 and says how to recover.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from vdesk.corpus.resolver import AmbiguousReference, UnknownReference, describe
from vdesk.desk.errors import MissingNode
from vdesk.domain.countries import UnknownCountry, country
from vdesk.domain.kinds import TEXT_KINDS
from vdesk.domain.notes import (
    POSITIONS,
    SENSITIVITIES,
    STATUSES,
    Annotation,
    NationalNote,
    parse_position,
    parse_sensitivity,
    parse_status,
)
from vdesk.notes.anchoring import anchor_quote, make_anchor
from vdesk.notes.conflicts import PendingRecord
from vdesk.store.corpus_db import NodeRow
from vdesk.store.user_db import UserDbError

from . import bundles
from .context import INITIATOR, CliContext, add_json

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def parser(name: str, help_: str, parent: Any = sub) -> argparse.ArgumentParser:
        return add_json(parent.add_parser(name, help=help_))

    p = parser("annotate", "highlight a quote in a provision, with a comment and tags")
    p.add_argument("ref", metavar="REF", help='provision id or citation, e.g. "VD 7 (d)"')
    p.add_argument("--quote", help="exact text to highlight (omit to annotate the whole provision)")
    p.add_argument(
        "--occurrence", type=occurrence, default=1, metavar="N", help="the N-th match (1)"
    )
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
    p.add_argument(
        "--review", action="store_true", help="only annotations and national notes needing review"
    )
    p.set_defaults(func=cmd_list)
    p = parser("delete", "delete an annotation or national note by id (or id prefix)", nsub)
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=cmd_delete)
    p = parser("reanchor", "check every annotation against the corpus text", nsub)
    p.set_defaults(func=cmd_reanchor)
    p = parser("conflicts", "list the imported versions kept for you to choose", nsub)
    p.set_defaults(func=cmd_conflicts)
    p = parser("resolve", "settle an import conflict: keep your version or the bundle's", nsub)
    p.add_argument("id", metavar="ID", help="a conflict id (or prefix) from 'notes conflicts'")
    p.add_argument("--keep", required=True, choices=("mine", "theirs"), help="which to keep")
    p.set_defaults(func=cmd_resolve)
    p = parser("backups", "list backups of the notes database", nsub)
    p.set_defaults(func=cmd_backups)
    p = parser("restore", "replace the notes database with a backup (the newest good one)", nsub)
    p.add_argument("backup", nargs="?", metavar="FILE", help="a file listed by 'notes backups'")
    p.set_defaults(func=cmd_restore)
    p = parser("reset", "start afresh with an empty notes database (the old file is kept)", nsub)
    p.add_argument(
        "--confirm", action="store_true", help="do it: move the current file aside and start afresh"
    )
    p.set_defaults(func=cmd_reset)
    bundles.add_commands(
        parser("export", "write a bundle of notes to share (shareable items by default)", nsub),
        parser("import", "merge a bundle of notes (newer edit wins; conflicts listed)", nsub),
    )


# --- helpers --------------------------------------------------------------------------

#: The highest --occurrence: no provision repeats a phrase more often.
MAX_OCCURRENCE = 10_000


def occurrence(value: str) -> int:
    """``--occurrence``: a whole number from 1 to :data:`MAX_OCCURRENCE` (checked as
    text first: Python refuses to read integers of more than 4,300 digits)."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 6):
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_OCCURRENCE}")
    n = int(digits)
    if not 1 <= n <= MAX_OCCURRENCE:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_OCCURRENCE}")
    return n


def valid_date(value: str) -> bool:
    """A real calendar date written YYYY-MM-DD."""
    if not _DATE.match(value):
        return False
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


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
    state = {"review": "  NEEDS REVIEW: ", "moved": "  MOVED: "}.get(a.anchor_state)
    review = state + a.anchor_detail if state else ""
    label = f" ({a.sensitivity})" if a.sensitivity != "personal" else ""
    line = f"{a.id[:8]}  {a.colour:<7} {a.node_id}  {what}{tags}{label}{review}"
    return line + (f"\n          {a.comment}" if a.comment else "")


def _note_line(n: NationalNote) -> str:
    label = f" ({n.sensitivity})" if n.sensitivity != "personal" else ""
    state = {"review": "  NEEDS REVIEW: ", "moved": "  MOVED: "}.get(n.anchor_state)
    mark = state + n.anchor_detail if state else ""
    line = f"{n.id[:8]}  {n.country:<7} {n.node_id}  {n.status} / {n.position}{label}{mark}"
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
    if (code := ctx.open_notes(args)) is not None:
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
    if args.date and not valid_date(args.date):
        return ctx.fail(f"--date {args.date!r} is not a date like 2026-11-23")
    node = resolve(ctx, args.ref)
    if isinstance(node, int):
        return node
    if node.kind not in TEXT_KINDS:
        return ctx.fail(f"{node.citation} is a {node.kind}: national notes go on paragraphs")
    if (failed := ctx.open_notes(args)) is not None:
        return failed
    n, _ = ctx.desk.add_national_note(
        node.id, country=code, status=status, position=position, text=args.text,
        legal_refs=args.legal_refs, date=args.date, sensitivity=sensitivity, doc=node.doc,
        initiator=INITIATOR,
    )  # fmt: skip
    ctx.emit(note_json(n), f"noted {code} on {node.citation}: {n.id}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    if (failed := ctx.open_notes(args)) is not None:
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
    if (failed := ctx.open_notes(args)) is not None:
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
    if (failed := ctx.open_notes(args)) is not None:
        return failed
    report, _ = ctx.desk.reanchor(initiator=INITIATOR)
    assert report is not None  # always runs without only_if_changed
    moved = [("annotation", i, d) for i, d in report.moved]
    moved += [("national_note", i, d) for i, d in report.notes_moved]
    review = [("annotation", i, d) for i, d in report.review]
    review += [("national_note", i, d) for i, d in report.notes_review]
    data = {"checked": report.checked + report.notes_checked,
            "unchanged": report.unchanged + report.notes_unchanged,
            "moved": [{"type": t, "id": i, "detail": d} for t, i, d in moved],
            "review": [{"type": t, "id": i, "detail": d} for t, i, d in review]}  # fmt: skip
    lines = [f"{data['checked']} checked, {data['unchanged']} unchanged, "
             f"{len(moved)} moved, {len(review)} need review"]  # fmt: skip
    what = {"annotation": "", "national_note": "national note: "}
    lines += [f"moved   {i[:8]}  {what[t]}{d}" for t, i, d in moved]
    lines += [f"REVIEW  {i[:8]}  {what[t]}{d}" for t, i, d in review]
    ctx.emit(data, "\n".join(lines))
    return 0


def _conflict_json(rec: PendingRecord) -> dict[str, Any]:
    value = annotation_json if rec.entity == "annotation" else note_json
    return {
        "id": rec.id, "entity": rec.entity, "reason": rec.reason, "label": rec.label,
        "origin": rec.origin, "recorded": rec.recorded,
        "mine": value(rec.local), "theirs": value(rec.incoming),  # type: ignore[arg-type]
    }  # fmt: skip


_REASONS = {
    "same_provision": "another note for the same provision and country",
    "lower_sensitivity": "the bundle's version would lower the sensitivity",
}


def _conflict_lines(rec: PendingRecord) -> list[str]:
    def what(v: Any) -> str:
        if rec.entity == "annotation":
            return f"({v.sensitivity}) {v.comment or '(no comment)'}"
        return f"{v.status} / {v.position} ({v.sensitivity}) {v.text}".rstrip()

    return [
        f"{rec.id[:8]}  {rec.entity.replace('_', ' ')} on {rec.label}: "
        f"{_REASONS.get(rec.reason, rec.reason)}; {rec.origin}",
        f"          mine:   {what(rec.local)}",
        f"          theirs: {what(rec.incoming)}",
    ]


def cmd_conflicts(args: argparse.Namespace, ctx: CliContext) -> int:
    if (failed := ctx.open_notes(args)) is not None:
        return failed
    records = ctx.desk.conflicts()
    lines = [f"{len(records)} pending conflict(s)"]
    for rec in records:
        lines += _conflict_lines(rec)
    if records:
        lines.append("Keep one with 'vdesk notes resolve ID --keep mine|theirs'.")
    ctx.emit([_conflict_json(r) for r in records], "\n".join(lines))
    return 0


def cmd_resolve(args: argparse.Namespace, ctx: CliContext) -> int:
    if (failed := ctx.open_notes(args)) is not None:
        return failed
    try:
        rec, _ = ctx.desk.resolve_conflict(args.id, args.keep, initiator=INITIATOR)
    except KeyError as exc:
        return ctx.fail(str(exc.args[0]))
    kept = "your version" if args.keep == "mine" else "the bundle's version"
    ctx.emit(
        {"id": rec.id, "kept": args.keep, "entity": rec.entity, "label": rec.label},
        f"kept {kept} of the {rec.entity.replace('_', ' ')} on {rec.label}",
    )
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


def cmd_reset(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.paths.user_db
    if not args.confirm:
        return ctx.fail(
            f"this moves {db} aside (it is kept, not deleted) and starts an empty notes "
            "database: run 'vdesk notes reset --confirm' to do it, or 'vdesk notes restore' "
            "to put the newest good backup in place instead"
        )
    try:
        aside, _ = ctx.desk.reset_notes(initiator=INITIATOR)
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)
    kept = f"; the previous file is kept as {aside}" if aside else ""
    ctx.emit(
        {"path": str(db), "previous": str(aside) if aside else None},
        f"started afresh with an empty notes database at {db}{kept}",
    )
    return 0
