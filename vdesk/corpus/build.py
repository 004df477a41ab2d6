"""Build the corpus database and search index from the source texts, atomically.

The build is deterministic: the same sources, errata and pipeline version give
the same rows and the same index contents. It writes into a fresh temporary
directory beside the live one and swaps it in with renames, so a reader never
sees a half-written corpus and a failed build leaves the old one in place.
A ``fingerprint.json`` records what the corpus was built from; when the
sources, the document profiles, the errata or the pipeline version change, the
corpus is stale and is rebuilt.

Every step takes the list of document profiles (the registry's by default): the
build knows nothing particular to one document.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..documents import PROFILES, DocumentProfile, Profiles
from ..documents.actions import scope_of_sections
from ..domain.kinds import TEXT_KINDS
from ..paths import AppPaths
from ..search.indexer import IndexEntry, write_index
from ..store.corpus_db import SCHEMA_VERSION
from ..store.corpus_schema import write_database
from . import parse
from .citations import assign_ids, local_refs
from .fingerprint import corpus_is_current, fingerprint, read_fingerprint
from .model import Node
from .xrefs import Xref, extract

Progress = Callable[[int, int, str], None]


class BuildCancelled(Exception):
    """The build was cancelled; nothing was changed."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    documents: int
    nodes: int
    footnotes: int
    xrefs: int
    indexed: int
    seconds: float


def _scope_of(doc: DocumentProfile, chain: list[Node]) -> str:
    """National or international, for the actions of a document that has them."""
    if not doc.actions:
        return ""
    return scope_of_sections(a.heading for a in reversed(chain) if a.kind == "section")


def _walk_with_ancestors(root: Node) -> Iterator[tuple[Node, list[Node], int]]:
    stack: list[tuple[Node, list[Node], int]] = [(root, [], 0)]
    while stack:
        node, ancestors, position = stack.pop()
        yield node, ancestors, position
        chain = [*ancestors, node]
        for i in range(len(node.children) - 1, -1, -1):
            stack.append((node.children[i], chain, i))


def _write_database(
    path: Path, trees: dict[str, Node], xrefs: list[Xref], profiles: Profiles
) -> tuple[int, int]:
    documents: list[dict[str, object]] = []
    node_rows: list[dict[str, object]] = []
    note_rows: list[dict[str, object]] = []
    for ordinal_doc, doc in enumerate(profiles):
        root = trees[doc.key]
        documents.append(
            {
                "key": doc.key,
                "ordinal": ordinal_doc,
                "title": doc.title,
                "short": doc.short,
                "symbol": doc.symbol,
                "cite_as": doc.cite_as,
                "body": doc.body,
                "date": doc.date,
                "description": doc.description,
            }
        )
        refs = local_refs(root)
        for ordinal, (node, ancestors, position) in enumerate(_walk_with_ancestors(root)):
            node_rows.append(
                {
                    "id": node.id,
                    "doc": doc.key,
                    "parent_id": ancestors[-1].id if ancestors else None,
                    "ordinal": ordinal,
                    "position": position,
                    "depth": len(ancestors),
                    "kind": node.kind,
                    "num": node.num,
                    "label": node.label,
                    "heading": node.heading,
                    "text": node.text,
                    "ref": refs.get(node.id, ""),
                    "citation": node.citation,
                    "italics": json.dumps([list(span) for span in node.italics]),
                    "child_count": len(node.children),
                    "line": node.line,
                }
            )
            for seq, fn in enumerate(node.footnotes):
                note_rows.append(
                    {
                        "node_id": node.id,
                        "seq": seq,
                        "num": fn.num,
                        "text": fn.text,
                        "offset": fn.offset,
                        "in_heading": int(fn.in_heading),
                    }
                )
    xref_rows: list[dict[str, object]] = [
        {
            "source_id": x.source_id,
            "target_id": x.target_id,
            "start": x.start,
            "end": x.end,
            "in_footnote": x.in_footnote,
        }
        for x in xrefs
    ]
    write_database(
        path,
        json.dumps(fingerprint(profiles), sort_keys=True),
        documents,
        node_rows,
        note_rows,
        xref_rows,
        schema_version=SCHEMA_VERSION,
    )
    return len(node_rows), len(note_rows)


def _index_entries(trees: dict[str, Node], profiles: Profiles) -> Iterator[IndexEntry]:
    for doc in profiles:
        for ordinal, (node, ancestors, _pos) in enumerate(_walk_with_ancestors(trees[doc.key])):
            if node.kind == "document":
                continue
            if node.kind not in TEXT_KINDS and not node.heading and not node.text:
                continue
            yield IndexEntry(
                id=node.id,
                doc=doc.key,
                kind=node.kind,
                scope=_scope_of(doc, [*ancestors, node]),
                within=tuple(a.id for a in ancestors[1:] if a.kind not in TEXT_KINDS),
                ordinal=ordinal,
                citation=node.citation,
                heading=node.heading or "",
                text=node.text,
                footnotes=tuple(dict.fromkeys((fn.num, fn.text) for fn in node.footnotes)),
            )


def parse_corpus(
    progress: Progress | None = None, profiles: Profiles = PROFILES
) -> dict[str, Node]:
    """Parse every document and assign ids and citations."""
    trees: dict[str, Node] = {}
    total = len(profiles)
    for i, doc in enumerate(profiles):
        if progress:
            progress(i, total + 2, f"Reading {doc.short}")
        root = parse.parse_document(doc, profiles=profiles)
        assign_ids(root, doc)
        trees[doc.key] = root
    return trees


def build_corpus(
    paths: AppPaths,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    profiles: Profiles = PROFILES,
) -> BuildReport:
    """Build the corpus of ``profiles`` into ``paths.corpus_dir``, replacing any
    previous one atomically."""
    started = time.perf_counter()
    paths.cache_dir.mkdir(parents=True, exist_ok=True)
    total = len(profiles) + 2

    def step(done: int, label: str) -> None:
        if cancelled and cancelled():
            raise BuildCancelled()
        if progress:
            progress(done, total, label)

    trees = parse_corpus(lambda d, _t, label: step(d, label), profiles)
    xrefs = extract(trees, profiles)
    tmp = paths.cache_dir / f".corpus-build-{os.getpid()}-{time.monotonic_ns()}"
    try:
        tmp.mkdir(parents=True)
        step(total - 2, "Writing the database")
        n_nodes, n_notes = _write_database(tmp / paths.corpus_db.name, trees, xrefs, profiles)
        step(total - 1, "Indexing")
        indexed = write_index(tmp / paths.index_dir.name, _index_entries(trees, profiles))
        (tmp / "fingerprint.json").write_text(
            json.dumps(fingerprint(profiles), indent=2, sort_keys=True), encoding="utf-8"
        )
        step(total - 1, "Finishing")
        _swap_in(tmp, paths.corpus_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if progress:
        progress(total, total, "Done")
    return BuildReport(
        documents=len(trees),
        nodes=n_nodes,
        footnotes=n_notes,
        xrefs=len(xrefs),
        indexed=indexed,
        seconds=time.perf_counter() - started,
    )


def _swap_in(new: Path, live: Path) -> None:
    """Replace ``live`` by ``new`` with renames; the old corpus is removed afterwards."""
    old = live.with_name(f".corpus-old-{os.getpid()}-{time.monotonic_ns()}")
    if live.exists():
        live.rename(old)
    try:
        new.rename(live)
    except OSError:
        if old.exists() and not live.exists():
            old.rename(live)
        raise
    shutil.rmtree(old, ignore_errors=True)


def bundled_corpus_dir() -> Path | None:
    """A corpus pre-built at packaging time, in a frozen (bundled) app."""
    base = getattr(sys, "_MEIPASS", None)
    if not base:
        return None
    d = Path(base) / "prebuilt-corpus"
    return d if (d / "fingerprint.json").is_file() else None


def ensure_corpus(
    paths: AppPaths,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    profiles: Profiles = PROFILES,
) -> bool:
    """Make sure a current corpus exists; return True if one was built (or installed)."""
    if corpus_is_current(paths, profiles):
        return False
    bundled = bundled_corpus_dir()
    if bundled is not None and read_fingerprint(bundled) == fingerprint(profiles):
        paths.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = paths.cache_dir / f".corpus-copy-{os.getpid()}-{time.monotonic_ns()}"
        try:
            shutil.copytree(bundled, tmp)
            _swap_in(tmp, paths.corpus_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return True
    build_corpus(paths, progress, cancelled, profiles)
    return True
