"""``vdesk build|docs|toc|show|search``: the corpus, read from the desk."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from vdesk.corpus.resolver import AmbiguousReference, UnknownReference, describe
from vdesk.desk.errors import MissingNode, UnknownDocument
from vdesk.desk.reading import ProvisionView, check_document
from vdesk.documents import PROFILES as DOCUMENTS
from vdesk.search.results import RELEVANCE, SORTS
from vdesk.search.searcher import QueryError
from vdesk.store.corpus_db import NodeRow

from .context import CliContext, add_json


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    s = add_json(sub.add_parser("build", help="(re)build the corpus database and index"))
    s.set_defaults(func=cmd_build)
    s = add_json(sub.add_parser("docs", help="list the documents"))
    s.set_defaults(func=cmd_docs)
    s = add_json(sub.add_parser("toc", help="table of contents of one or all documents"))
    s.add_argument("doc", nargs="?", metavar="DOC", help="document key, e.g. plans-of-action")
    s.add_argument("--depth", type=int, default=None, help="only nodes down to this depth")
    s.set_defaults(func=cmd_toc)
    s = add_json(sub.add_parser("show", help="show a provision by id or citation"))
    s.add_argument("ref", metavar="REF", help='e.g. "VD 7 (d)" or "plans-of-action annex 2(a)"')
    s.set_defaults(func=cmd_show)
    s = add_json(sub.add_parser("search", help="full-text search"))
    s.add_argument("query", metavar="QUERY", help='words, "phrases", AND/OR/NOT, doc:KEY, kind:K')
    s.add_argument("--doc", metavar="KEY", help="only this document")
    s.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (20)")
    s.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits (0)")
    s.add_argument(
        "--sort",
        choices=SORTS,
        default=RELEVANCE,
        help="best matches first (relevance, the default) or in document order",
    )
    s.set_defaults(func=cmd_search)


def cmd_build(args: argparse.Namespace, ctx: CliContext) -> int:
    from vdesk.corpus.build import build_corpus  # the whole pipeline, only when asked

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
    docs = ctx.desk.corpus.documents()
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


def _toc_tree(rows: tuple[NodeRow, ...]) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    root: dict[str, Any] = {}
    for r in rows:
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
    keys = [args.doc] if args.doc else [d.key for d in DOCUMENTS]
    try:
        contents = [ctx.desk.contents(k, args.depth) for k in keys]
    except UnknownDocument as exc:
        return ctx.fail(str(exc))
    trees = [_toc_tree(rows) for rows in contents]
    lines: list[str] = []
    for rows in contents:
        for r in rows:
            label = (
                (r.heading or "") if r.kind == "document" else _elide(r.display, 90 - 2 * r.depth)
            )
            lines.append("  " * r.depth + label)
    ctx.emit(trees[0] if args.doc else trees, "\n".join(lines))
    return 0


def _show_obj(view: ProvisionView) -> dict[str, Any]:
    row = view.row
    return {
        "id": row.id,
        "doc": row.doc,
        "kind": row.kind,
        "num": row.num,
        "heading": row.heading,
        "text": row.text,
        "citation": row.citation,
        "parent": row.parent_id,
        "children": list(view.children),
        "footnotes": [{"num": n.num, "text": n.text} for n in view.footnotes],
        "refs_out": [{"id": x.target_id, "citation": x.target_citation} for x in view.refs_out],
        "refs_in": [{"id": x.source_id, "citation": x.source_citation} for x in view.refs_in],
    }


def _human_show(view: ProvisionView, obj: dict[str, Any]) -> str:
    width = 88
    row = view.row
    out = [row.citation, ""]
    if row.heading:
        out.append(" ".join(p for p in (row.label, row.heading) if p))
        out.append("")
    for r in view.subtree:
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
    try:
        view = ctx.desk.show(args.ref)
    except AmbiguousReference as exc:
        return ctx.fail(describe(exc))
    except UnknownReference as exc:
        hint = ""
        if exc.suggestions:
            hint = "\n  did you mean:\n" + "\n".join(f"    {s}" for s in exc.suggestions)
        return ctx.fail(f"{exc.reason}{hint}")
    except MissingNode as exc:  # resolver and repository disagree: a corrupt corpus
        return ctx.fail(str(exc), 1)
    obj = _show_obj(view)
    ctx.emit(obj, _human_show(view, obj))
    return 0


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        if args.doc:
            check_document(args.doc)
    except UnknownDocument as exc:
        return ctx.fail(str(exc))
    if args.limit < 1:
        return ctx.fail("--limit must be at least 1")
    if args.offset < 0:
        return ctx.fail("--offset must be at least 0")
    try:
        results = ctx.desk.search(
            args.query, doc=args.doc, limit=args.limit, offset=args.offset, sort=args.sort
        )
    except QueryError as exc:
        return ctx.fail(f"cannot search for {args.query!r}: {exc}")
    hits: list[dict[str, Any]] = [
        {
            "id": h.id,
            "doc": h.doc,
            "citation": h.citation,
            "snippet": h.snippet_markdown,
            "score": h.score,
            "partial": h.partial,
            "matched": list(h.matched),
            "in_footnote": h.in_footnote,
        }
        for h in results.hits
    ]
    n = results.total
    head = f"{n} match{'es' if n != 1 else ''} for {args.query!r}"
    if results.partial:
        head = f"{results.label}\n{n} partial match{'es' if n != 1 else ''} for {args.query!r}"
    if results.hits and (results.offset or results.has_more):
        first = results.offset + 1
        head += f"; {first}-{results.offset + len(results.hits)} shown"
    elif not results.hits and n:
        head += f"; none after {results.offset}"
    lines = [head]
    for h, hit in zip(hits, results.hits, strict=True):
        where = f"  (in footnote {hit.in_footnote})" if hit.in_footnote else ""
        lines += ["", h["citation"] + where]
        if hit.partial:
            lines.append(f"  [partial: has {', '.join(hit.matched)}]")
        lines.append(textwrap.indent(textwrap.fill(h["snippet"], 86), "  "))
    ctx.emit(hits, "\n".join(lines))
    return 0
