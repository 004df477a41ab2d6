"""CLI commands: ``vdesk export`` (Markdown) and ``vdesk notes export|import`` (bundles).

``vdesk export --out FILE.md`` writes atomically and refuses to replace an
existing file without ``--force``. ``vdesk notes import FILE`` validates the
whole bundle first, backs the notes database up, then merges in one
transaction. A user's mistake exits 2 and writes nothing; a problem of the
environment (disk full, damaged notes database) exits 1 and says what to do.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vdesk.documents import BY_KEY as DOCS
from vdesk.domain.kinds import TEXT_KINDS
from vdesk.export import presets
from vdesk.export.atomic import WriteFailed, write_atomic
from vdesk.export.markdown import ExportOptions, ExportResult, Filters, Scope, export_markdown
from vdesk.export.render import html_page
from vdesk.notes.anchoring import doc_texts
from vdesk.notes.bundle import (
    BundleError,
    Conflict,
    ImportReport,
    dump_bundle,
    import_file,
    make_bundle,
)
from vdesk.notes.countries import UnknownCountry
from vdesk.notes.countries import country as lookup_country
from vdesk.notes.model import STATUSES, parse_status
from vdesk.notes.repo import NotesRepo
from vdesk.store.user_db import UserDbError

if TYPE_CHECKING:
    from vdesk.cli import CliContext

#: Search hits exported with ``--search`` at most.
SEARCH_LIMIT = 1000


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


def add_notes_bundle_arguments(
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


# --- export -------------------------------------------------------------------------


def _scope(args: argparse.Namespace, ctx: CliContext) -> Scope | int:
    from vdesk.corpus.resolver import UnknownReference
    from vdesk.search.searcher import QueryError

    if args.search is not None:
        if args.ref or args.doc:
            return ctx.fail("--search cannot be combined with --ref or --doc")
        try:
            results = ctx.searcher().search(args.search, limit=SEARCH_LIMIT)
        except QueryError as exc:
            return ctx.fail(f"cannot search for {args.search!r}: {exc}")
        return Scope("search", tuple(h.id for h in results.hits), args.search)
    ids: list[str] = []
    for key in args.doc:
        if key not in DOCS:
            return ctx.fail(f"unknown document {key!r}; known: {', '.join(DOCS)}")
        ids.append(key)
    for ref in args.ref:
        try:
            ids.append(ctx.resolver().resolve(ref))
        except UnknownReference as exc:
            hint = f"; did you mean {', '.join(exc.suggestions[:5])}?" if exc.suggestions else ""
            return ctx.fail(f"{exc.reason}{hint}")
    label = "; ".join([*args.doc, *args.ref])
    if args.annotated or not ids:
        return Scope("annotated", tuple(ids), label)
    if len(ids) > 1:
        return Scope("provisions", tuple(ids), label)
    row = ctx.corpus().node(ids[0])
    kind = "document" if row is None or row.kind == "document" else "chapter"
    if row is not None and row.kind in TEXT_KINDS:
        kind = "provision"
    return Scope(kind, tuple(ids), label)


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


def _open_notes(ctx: CliContext) -> NotesRepo | int:
    try:
        return NotesRepo.open(ctx.paths)
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)


def _refuse_overwrite(ctx: CliContext, path: Path, force: bool) -> int | None:
    if path.exists() and not force:
        return ctx.fail(f"{path} exists: use --force to replace it")
    if path.exists() and path.is_dir():
        return ctx.fail(f"{path} is a folder")
    return None


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        preset = presets.get(args.preset)
        filters = _filters(args)
    except (KeyError, ValueError, UnknownCountry) as exc:
        return ctx.fail(str(exc.args[0]) if exc.args else str(exc))
    out = Path(args.out)
    html_out = Path(args.html) if args.html else None
    for target in (out, html_out):
        if target is not None and (refused := _refuse_overwrite(ctx, target, args.force)):
            return refused
    scope = _scope(args, ctx)
    if isinstance(scope, int):
        return scope
    notes = _open_notes(ctx)
    if isinstance(notes, int):
        return notes
    try:
        if filters.colour and filters.colour.strip().lower() not in {
            c.name for c in notes.colours()
        }:
            known = ", ".join(c.name for c in notes.colours())
            return ctx.fail(f"unknown colour {filters.colour!r}: use one of {known}")
        result = export_markdown(ctx.corpus(), notes, scope, _options(args, preset), filters)
    finally:
        notes.close()
    try:
        write_atomic(out, result.markdown.encode("utf-8"))
        if html_out is not None:
            write_atomic(html_out, html_page(result.markdown).encode("utf-8"))
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
        lines.append(f"It includes {r.confidential} CONFIDENTIAL item(s), marked as such.")
    if r.missing:
        lines.append(
            f"{len(r.missing)} provision(s) with notes are not in this corpus and were left "
            "out: " + ", ".join(r.missing[:5])
        )
    return "\n".join(lines)


# --- note bundles -------------------------------------------------------------------


def cmd_notes_export(args: argparse.Namespace, ctx: CliContext) -> int:
    out = Path(args.file)
    if refused := _refuse_overwrite(ctx, out, args.force):
        return refused
    notes = _open_notes(ctx)
    if isinstance(notes, int):
        return notes
    try:
        bundle = make_bundle(
            notes,
            personal=args.include_personal,
            confidential=args.include_confidential,
            author=args.author,
        )
    finally:
        notes.close()
    try:
        write_atomic(out, dump_bundle(bundle))
    except WriteFailed as exc:
        return ctx.fail(str(exc.strerror), 1)
    na, nn = len(bundle["annotations"]), len(bundle["national_notes"])
    kinds = "shareable" + (", personal" if args.include_personal else "")
    kinds += ", confidential" if args.include_confidential else ""
    ctx.emit(
        {"path": str(out), "annotations": na, "national_notes": nn, "included": kinds.split(", ")},
        f"Wrote {na} annotations and {nn} national notes ({kinds}) to {out}",
    )
    return 0


def _conflict_line(c: Conflict) -> str:
    if c.entity == "colour":
        return f"  colour {c.id}: its meaning differs; kept yours"
    who = "the bundle's newer version" if c.winner == "bundle" else "your version"
    return (
        f"  {c.entity.replace('_', ' ')} {c.id[:8]} on {c.label}: kept {who} "
        f"(yours {c.local_modified or '-'}, bundle {c.bundle_modified or '-'})"
    )


def _import_human(path: Path, r: ImportReport, saved: Path | None) -> str:
    verb = "Would import" if r.dry_run else "Imported"
    lines = [
        f"{verb} {path}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged, "
        f"{r.kept_local} kept as you had them"
    ]
    if r.colours_added:
        lines.append("New colours: " + ", ".join(r.colours_added))
    if r.conflicts:
        lines.append(f"{len(r.conflicts)} conflict(s), the newer edit won:")
        lines += [_conflict_line(c) for c in r.conflicts]
    if r.flagged:
        lines.append(
            f"{len(r.flagged)} annotation(s) flagged for review: their passage is not in this "
            "corpus as it was (see 'vdesk notes list --review')"
        )
    if r.unknown_nodes:
        lines.append("Provisions not in this corpus: " + ", ".join(r.unknown_nodes[:10]))
    if saved is not None:
        lines.append(f"Backup taken before the import: {saved}")
    return "\n".join(lines)


def cmd_notes_import(args: argparse.Namespace, ctx: CliContext) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ctx.fail(f"{path}: no such file")
    except IsADirectoryError:
        return ctx.fail(f"{path} is a folder, not a bundle")
    texts = doc_texts(ctx.corpus().all_nodes())
    try:
        report, saved = import_file(ctx.paths, data, texts, dry_run=args.dry_run)
    except BundleError as exc:
        return ctx.fail(f"{path}: {exc}")
    except UserDbError as exc:
        return ctx.fail(str(exc), 1)
    ctx.emit(_import_json(path, report, saved), _import_human(path, report, saved))
    return 0


def _import_json(path: Path, r: ImportReport, saved: Path | None) -> dict[str, Any]:
    return {
        "path": str(path),
        "dry_run": r.dry_run,
        "added": r.added,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "kept_local": r.kept_local,
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
            }
            for c in r.conflicts
        ],
        "backup": str(saved) if saved else None,
    }
