"""The start-up check of the corpus database: cheap enough for every start.

Reads the file's header and the schema only, never the rows: a damaged corpus is
found here and rebuilt before the app opens it (see
:func:`vdesk.corpus.fingerprint.corpus_problems`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .corpus_db import SCHEMA_VERSION

_SQLITE_HEADER = b"SQLite format 3\x00"


def _size_problem(path: Path) -> str | None:
    """A problem with the file itself, from its header alone: missing, unreadable,
    not SQLite, or shorter or longer than the pages its header counts."""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
            size = os.fstat(f.fileno()).st_size
    except FileNotFoundError:
        return f"{path.name} is missing"
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror or exc})"
    if len(head) < 100 or not head.startswith(_SQLITE_HEADER):
        return f"{path.name} is not an SQLite database ({size} bytes)"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    if head[24:28] == head[92:96] and size != page_size * pages:  # the count is valid
        return f"{path.name} is truncated or damaged ({size} bytes, {page_size * pages} expected)"
    return None


#: The corpus database's tables and their columns, as the build's ORM schema
#: (:mod:`vdesk.store.corpus_schema`) creates them (a test holds the two together):
#: written out so that the check at every start needs no SQLAlchemy.
TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("key", "ordinal", "title", "short", "symbol", "cite_as", "body", "date",
                  "description"),
    "meta": ("key", "value"),
    "nodes": ("id", "doc", "parent_id", "ordinal", "position", "depth", "kind", "num", "label",
              "heading", "text", "ref", "citation", "italics", "child_count", "line"),
    "footnotes": ("id", "node_id", "seq", "num", "text", "offset", "in_heading"),
    "xrefs": ("id", "source_id", "target_id", "start", "end", "in_footnote"),
}  # fmt: skip


def database_problems(path: Path, fingerprint: str | None = None) -> list[str]:
    """Why the corpus database at ``path`` cannot be used; empty if it can.

    A cheap check for every start (no page is read beyond the schema and ``meta``):
    the file's header and length, every table and column of the schema, the schema
    version, and (if given) the fingerprint it was built with.
    """
    bad = _size_problem(path)
    if bad is not None:
        return [bad]
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT m.name, p.name FROM sqlite_schema AS m "
                "JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'"
            ).fetchall()
            have: dict[str, set[str]] = {}
            for table, column in rows:
                have.setdefault(table, set()).add(column)
            problems = []
            for table, columns in TABLES.items():
                missing = set(columns) - have.get(table, set())
                if table not in have:
                    problems.append(f"table {table} is missing")
                elif missing:
                    problems += [f"column {table}.{c} is missing" for c in sorted(missing)]
            if problems:
                return problems
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return [f"{path.name}: {exc}"]
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        return [f"schema version {meta.get('schema_version')} (expected {SCHEMA_VERSION})"]
    if fingerprint is not None and meta.get("fingerprint") != fingerprint:
        return ["built from other sources than its fingerprint.json says"]
    return []
