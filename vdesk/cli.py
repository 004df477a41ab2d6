"""Headless commands: ``vdesk build|docs|toc|show|search`` (and the notes commands).

Every command prints readable text, or JSON with ``--json``. A user's mistake
(an unknown reference, a malformed query) prints a clear message and exits 2;
a problem of the environment (disk full, unreadable files) exits 1 with what to
do. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import logging
import re
import sqlite3
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import sqlalchemy.exc

from . import __version__
from .corpus.fingerprint import corpus_is_current
from .corpus.resolver import Resolver, UnknownReference
from .documents import BY_KEY
from .documents import PROFILES as DOCUMENTS
from .paths import AppPaths
from .search.searcher import QueryError, Searcher
from .store.corpus_db import CorpusRepo, NodeRow

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, "CliContext"], int]


class CliContext:
    """What a command handler gets: paths, output mode and lazily opened repositories."""

    def __init__(self, paths: AppPaths, as_json: bool) -> None:
        self.paths = paths
        self.json = as_json
        self._repo: CorpusRepo | None = None
        self._resolver: Resolver | None = None
        self._searcher: Searcher | None = None

    def corpus(self) -> CorpusRepo:
        if self._repo is None:
            self.paths.ensure()
            if not corpus_is_current(self.paths):
                from .corpus.build import ensure_corpus  # the whole pipeline, only when needed

                ensure_corpus(self.paths)
            self._repo = CorpusRepo(self.paths.corpus_db)
        return self._repo

    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.corpus())
        return self._resolver

    def searcher(self) -> Searcher:
        if self._searcher is None:
            self.corpus()
            self._searcher = Searcher(self.paths.index_dir)
        return self._searcher

    def emit(self, obj: Any, human: str) -> None:
        if self.json:
            json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(human if human.endswith("\n") else human + "\n")

    def fail(self, message: str, code: int = 2) -> int:
        sys.stderr.write(f"vdesk: error: {message}\n")
        return code

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        if self._repo is not None:
            self._repo.close()


# --- commands ---------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace, ctx: CliContext) -> int:
    from .corpus.build import build_corpus

    ctx.paths.ensure()
    report = build_corpus(ctx.paths)
    ctx.emit(
        {
            "documents": report.documents,
            "nodes": report.nodes,
            "footnotes": report.footnotes,
            "xrefs": report.xrefs,
            "indexed": report.indexed,
            "seconds": round(report.seconds, 3),
            "path": str(ctx.paths.corpus_dir),
        },
        f"Built {report.documents} documents: {report.nodes} nodes, {report.footnotes} "
        f"footnote references, {report.xrefs} cross-references, {report.indexed} indexed "
        f"in {report.seconds:.2f} s\n-> {ctx.paths.corpus_dir}",
    )
    return 0


def cmd_docs(args: argparse.Namespace, ctx: CliContext) -> int:
    docs = ctx.corpus().documents()
    obj = [
        {
            "key": d.key,
            "symbol": d.symbol,
            "title": d.title,
            "body": d.body,
            "date": d.date,
            "description": d.description,
            "cite_as": d.cite_as,
        }
        for d in docs
    ]
    lines = []
    for d in docs:
        meta = " · ".join(x for x in (d.symbol, d.body, d.date) if x)
        lines.append(f"{d.key}\n  {d.title}\n  {meta}\n  {d.description}")
    ctx.emit(obj, "\n\n".join(lines))
    return 0


def _toc_tree(repo: CorpusRepo, doc: str, max_depth: int | None) -> dict[str, Any]:
    rows = repo.document_nodes(doc)
    nodes: dict[str, dict[str, Any]] = {}
    root: dict[str, Any] = {}
    for r in rows:
        if max_depth is not None and r.depth > max_depth:
            continue
        entry: dict[str, Any] = {
            "id": r.id,
            "kind": r.kind,
            "num": r.num,
            "heading": r.heading,
            "children": [],
        }
        nodes[r.id] = entry
        if r.parent_id is None:
            root = entry
        elif r.parent_id in nodes:
            nodes[r.parent_id]["children"].append(entry)
    return root


def _elide(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def cmd_toc(args: argparse.Namespace, ctx: CliContext) -> int:
    repo = ctx.corpus()
    keys = [args.doc] if args.doc else [d.key for d in DOCUMENTS]
    if args.doc and args.doc not in BY_KEY:
        return ctx.fail(f"unknown document {args.doc!r}; known: {', '.join(BY_KEY)}")
    trees = [_toc_tree(repo, k, args.depth) for k in keys]
    lines: list[str] = []
    for k in keys:
        for r in repo.document_nodes(k):
            if args.depth is not None and r.depth > args.depth:
                continue
            label = (
                (r.heading or "") if r.kind == "document" else _elide(r.display, 90 - 2 * r.depth)
            )
            lines.append("  " * r.depth + label)
    ctx.emit(trees[0] if args.doc else trees, "\n".join(lines))
    return 0


def _show_obj(repo: CorpusRepo, row: NodeRow) -> dict[str, Any]:
    notes = repo.footnotes([row.id]).get(row.id, [])
    return {
        "id": row.id,
        "doc": row.doc,
        "kind": row.kind,
        "num": row.num,
        "heading": row.heading,
        "text": row.text,
        "citation": row.citation,
        "parent": row.parent_id,
        "children": [c.id for c in repo.children(row.id)],
        "footnotes": [{"num": n.num, "text": n.text} for n in notes],
        "refs_out": [
            {"id": x.target_id, "citation": x.target_citation}
            for x in _unique(repo.refs_out([row.id]), "target_id")
        ],
        "refs_in": [
            {"id": x.source_id, "citation": x.source_citation}
            for x in _unique(repo.refs_in([row.id]), "source_id")
        ],
    }


def _unique(xrefs: list[Any], attr: str) -> list[Any]:
    seen: set[str] = set()
    out = []
    for x in xrefs:
        key = getattr(x, attr)
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


def _human_show(repo: CorpusRepo, row: NodeRow, obj: dict[str, Any]) -> str:
    width = 88
    out = [row.citation, ""]
    if row.heading:
        out.append(" ".join(p for p in (row.label, row.heading) if p))
        out.append("")
    for r in repo.subtree(row.id):
        if not r.text:
            continue
        indent = "    " * max(0, r.depth - row.depth)
        lead = f"{r.ref} " if r.id == row.id and r.ref else (f"({r.num}) " if r.num else "")
        if r.kind == "paragraph" and r.id != row.id and r.num:
            lead = f"{r.num}. "
        out.append(
            textwrap.fill(lead + r.text, width, initial_indent=indent, subsequent_indent=indent)
        )
    if obj["footnotes"]:
        out += ["", "Footnotes:"]
        out += [f"  {n['num']}  {n['text']}" for n in obj["footnotes"]]
    if obj["refs_out"]:
        out += ["", "Cites:"] + [f"  {r['citation']}" for r in obj["refs_out"]]
    if obj["refs_in"]:
        out += ["", "Cited or implemented by:"] + [f"  {r['citation']}" for r in obj["refs_in"]]
    out += ["", f"id: {row.id}"]
    return "\n".join(out)


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    repo = ctx.corpus()
    try:
        node_id = ctx.resolver().resolve(args.ref)
    except UnknownReference as exc:
        hint = ""
        if exc.suggestions:
            hint = "\n  did you mean:\n" + "\n".join(f"    {s}" for s in exc.suggestions)
        return ctx.fail(f"{exc.reason}{hint}")
    row = repo.node(node_id)
    if row is None:  # resolver and repository disagree: a corrupt corpus
        return ctx.fail(f"{args.ref!r} resolved to {node_id!r}, which is missing", 1)
    obj = _show_obj(repo, row)
    ctx.emit(obj, _human_show(repo, row, obj))
    return 0


_MATCH = re.compile(r'<b class="match[^"]*">(.*?)</b>')


def snippet_text(snippet_html: str) -> str:
    """A search snippet as plain text with hits in **bold** (Markdown)."""
    return html.unescape(_MATCH.sub(r"**\1**", snippet_html))


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.doc and args.doc not in BY_KEY:
        return ctx.fail(f"unknown document {args.doc!r}; known: {', '.join(BY_KEY)}")
    if args.limit < 1:
        return ctx.fail("--limit must be at least 1")
    try:
        results = ctx.searcher().search(args.query, doc=args.doc, limit=args.limit)
    except QueryError as exc:
        return ctx.fail(f"cannot search for {args.query!r}: {exc}")
    hits: list[dict[str, Any]] = [
        {
            "id": h.id,
            "doc": h.doc,
            "citation": h.citation,
            "snippet": snippet_text(h.snippet),
            "score": h.score,
        }
        for h in results.hits
    ]
    lines = [f"{results.total} match{'es' if results.total != 1 else ''} for {args.query!r}"]
    for h in hits:
        lines += ["", h["citation"], textwrap.indent(textwrap.fill(h["snippet"], 86), "  ")]
    ctx.emit(hits, "\n".join(lines))
    return 0


# --- the parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    p = argparse.ArgumentParser(
        prog="vdesk",
        description="Offline reference desk for UN documents on crime prevention and "
        "criminal justice. Without a command, opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"vdesk {__version__}")
    p.add_argument(
        "--basedir",
        metavar="DIR",
        help="keep every file vdesk writes under DIR (default: $VDESK_HOME, else the "
        "platform's user directories)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    s = sub.add_parser("build", parents=[common], help="(re)build the corpus database and index")
    s.set_defaults(func=cmd_build)
    s = sub.add_parser("docs", parents=[common], help="list the documents")
    s.set_defaults(func=cmd_docs)
    s = sub.add_parser("toc", parents=[common], help="table of contents of one or all documents")
    s.add_argument("doc", nargs="?", metavar="DOC", help="document key, e.g. plans-of-action")
    s.add_argument("--depth", type=int, default=None, help="only nodes down to this depth")
    s.set_defaults(func=cmd_toc)
    s = sub.add_parser("show", parents=[common], help="show a provision by id or citation")
    s.add_argument("ref", metavar="REF", help='e.g. "VD 7 (d)" or "plans-of-action annex 2(a)"')
    s.set_defaults(func=cmd_show)
    s = sub.add_parser("search", parents=[common], help="full-text search")
    s.add_argument("query", metavar="QUERY", help='words, "phrases", AND/OR/NOT, doc:KEY, kind:K')
    s.add_argument("--doc", metavar="KEY", help="only this document")
    s.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    s.set_defaults(func=cmd_search)
    if importlib.util.find_spec("vdesk.cli_notes") is not None:
        from . import cli_notes

        cli_notes.add_commands(sub)
    if importlib.util.find_spec("vdesk.cli_export") is not None:
        from . import cli_export

        cli_export.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .qt.app import run_gui  # Qt only when the GUI is wanted

        return run_gui(AppPaths.resolve(args.basedir), argv)
    ctx = CliContext(AppPaths.resolve(args.basedir), getattr(args, "json", False))
    try:
        return int(args.func(args, ctx))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        return ctx.fail(f"{exc.strerror or exc} ({exc.filename or 'file system'})", 1)
    except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as exc:
        return ctx.fail(
            f"database problem: {exc}. If it concerns the corpus, `vdesk build` rebuilds it "
            "(a rebuild never touches your notes); for your notes see `vdesk notes backups`.",
            1,
        )
    except Exception as exc:  # our bug: say so plainly, log the details
        log.debug("internal error", exc_info=True)
        return ctx.fail(f"internal error: {type(exc).__name__}: {exc}", 1)
    finally:
        ctx.close()
