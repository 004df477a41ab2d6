"""``vdesk export --out FILE.md``: provisions with the user's notes, as Markdown.

The export is planned by the desk (files, scope, filters checked), then written
atomically and readable only by the user (0600); an existing file is replaced only
with ``--force``; a folder, a symbolic link or a special file (pipe, device, socket)
never.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vdesk.corpus.resolver import AmbiguousReference, UnknownReference, describe
from vdesk.desk.errors import DeskError, RefusedTarget, TargetExists
from vdesk.desk.exporting import ScopeRequest
from vdesk.domain.countries import UnknownCountry
from vdesk.domain.countries import country as lookup_country
from vdesk.domain.notes import STATUSES, parse_status
from vdesk.export import presets
from vdesk.export.atomic import NotAFile, WriteFailed
from vdesk.export.markdown import ExportOptions, ExportResult, Filters
from vdesk.search.searcher import QueryError
from vdesk.store.user_db import UserDbError

from .context import CliContext


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the top-level ``export`` command."""
    p = sub.add_parser(
        "export",
        help="export provisions with your annotations and national notes as Markdown",
        description="Export provisions as Markdown. Without a scope option, every annotated "
        "provision is exported. Personal items are included, confidential ones only with "
        "--confidential (and then marked).",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--out", required=True, metavar="FILE.md", help="the Markdown file to write")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--html", metavar="FILE.html", help="also write the export rendered as HTML")
    p.add_argument(
        "--preset",
        default=presets.PRESETS[0].key,
        help=f"{' | '.join(presets.BY_KEY)} (default: {presets.PRESETS[0].key})",
    )
    p.add_argument("--title", help="title of the export (default: the preset's name)")
    g = p.add_argument_group("scope (default: every annotated provision)")
    g.add_argument(
        "--ref",
        action="append",
        default=[],
        metavar="REF",
        help='a provision, chapter or document by id or citation, e.g. "VD 7 (d)" (repeatable)',
    )
    g.add_argument(
        "--doc", action="append", default=[], metavar="KEY", help="a whole document (repeatable)"
    )
    g.add_argument(
        "--annotated",
        action="store_true",
        help="only annotated provisions (within --ref/--doc if given)",
    )
    g.add_argument("--search", metavar="QUERY", help="the provisions a search finds")
    g = p.add_argument_group("filters")
    g.add_argument("--tag", help="only annotations with this tag")
    g.add_argument("--colour", "--color", dest="colour", help="only annotations of this colour")
    g.add_argument("--country", metavar="CODE", help="only national notes of this country")
    g.add_argument("--status", help="only national notes with this status: " + "/".join(STATUSES))
    g = p.add_argument_group("content (default: as the preset says)")
    g.add_argument("--text", choices=("full", "highlights"), help="full text or only highlights")
    flag = argparse.BooleanOptionalAction
    g.add_argument("--citations", action=flag, help="citation after each provision")
    g.add_argument("--footnotes", action=flag, help="source footnotes")
    g.add_argument("--annotations", action=flag, help="comments, tags and colour meanings")
    g.add_argument("--national-notes", action=flag, help="national notes")
    g.add_argument("--personal", action=flag, help="personal items (default: included)")
    g.add_argument(
        "--confidential", action=flag, help="confidential items, marked (default: left out)"
    )
    g.add_argument("--overview", action=flag, help="a status table by action at the top")
    p.set_defaults(func=cmd_export)


def refusal(exc: RefusedTarget) -> str:
    """A refused target in the command line's words."""
    if isinstance(exc, TargetExists):
        return f"{exc.paths[0]} exists: use --force to replace it"
    return str(exc)


def _filters(args: argparse.Namespace) -> Filters:
    code = lookup_country(args.country).code if args.country else None
    status = parse_status(args.status) if args.status else None
    return Filters(tag=args.tag, colour=args.colour, country=code, status=status)


def _options(args: argparse.Namespace, preset: presets.Preset) -> ExportOptions:
    changes: dict[str, Any] = {}
    for name in (
        "citations",
        "footnotes",
        "annotations",
        "national_notes",
        "personal",
        "confidential",
        "overview",
        "text",
        "title",
    ):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    return preset.with_changes(**changes)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        preset = presets.get(args.preset)
        filters = _filters(args)
    except (KeyError, ValueError, UnknownCountry) as exc:
        return ctx.fail(str(exc.args[0]) if exc.args else str(exc))
    out = Path(args.out)
    html_out = Path(args.html) if args.html else None
    targets = (out,) if html_out is None else (out, html_out)
    try:
        ctx.desk.check_targets(targets, force=args.force)
    except RefusedTarget as exc:
        return ctx.fail(refusal(exc))
    if args.search is not None and (args.ref or args.doc):
        return ctx.fail("--search cannot be combined with --ref or --doc")
    request = ScopeRequest(
        docs=tuple(args.doc), refs=tuple(args.ref), search=args.search, annotated=args.annotated
    )
    try:
        plan = ctx.desk.plan_export(
            request, _options(args, preset), filters, out=out, html=html_out, force=args.force
        )
    except RefusedTarget as exc:
        return ctx.fail(refusal(exc))
    except QueryError as exc:
        return ctx.fail(f"cannot search for {args.search!r}: {exc}")
    except AmbiguousReference as exc:
        return ctx.fail(describe(exc))
    except UnknownReference as exc:
        hint = f"; did you mean {', '.join(exc.suggestions[:5])}?" if exc.suggestions else ""
        return ctx.fail(f"{exc.reason}{hint}")
    except DeskError as exc:  # an unknown document or colour
        return ctx.fail(str(exc))
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)
    try:
        result = ctx.desk.write_export(plan)
    except NotAFile as exc:  # appeared since the check
        return ctx.fail(str(exc.strerror))
    except WriteFailed as exc:
        return ctx.fail(str(exc.strerror), 1)
    ctx.emit(_export_json(out, result), _export_human(out, result, html_out))
    return 0


def _export_json(out: Path, r: ExportResult) -> dict[str, Any]:
    return {
        "path": str(out),
        "provisions": r.provisions,
        "annotations": r.annotations,
        "national_notes": r.national_notes,
        "confidential": r.confidential,
        "missing": list(r.missing),
        "bytes": len(r.markdown.encode("utf-8")),
    }


def _export_human(out: Path, r: ExportResult, html_out: Path | None) -> str:
    lines = [
        f"Wrote {r.provisions} provision{'s' if r.provisions != 1 else ''}, "
        f"{r.annotations} annotation{'s' if r.annotations != 1 else ''} and "
        f"{r.national_notes} national note{'s' if r.national_notes != 1 else ''} to {out}"
    ]
    if html_out is not None:
        lines.append(f"Rendered as HTML in {html_out}")
    if r.confidential:
        lines.append(
            f"It includes {r.confidential} CONFIDENTIAL item(s), marked as such; "
            f"{'the files are' if html_out is not None else 'the file is'} readable only by you."
        )
    if r.missing:
        lines.append(
            f"{len(r.missing)} provision(s) with notes are not in this corpus and were left "
            "out: " + ", ".join(r.missing[:5])
        )
    return "\n".join(lines)
