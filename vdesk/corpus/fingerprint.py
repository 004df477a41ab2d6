"""What a built corpus depends on, and whether the one on disk is current.

Kept apart from :mod:`build` so that a start-up check does not import the
parser, the cross-reference extractor and the indexer. A damaged corpus (a
truncated, emptied or foreign database, a dropped table, a missing or damaged
index, an unreadable file) is not current either: it is rebuilt, as a stale one.
"""

from __future__ import annotations

import gc
import hashlib
import json
import warnings
from pathlib import Path

from ..documents import CORPUS_DIR, PROFILES, Profiles
from ..paths import AppPaths
from ..search.schema import SCHEMA_VERSION as INDEX_SCHEMA_VERSION
from ..store.corpus_check import database_problems
from ..store.corpus_db import SCHEMA_VERSION

#: Bump when the pipeline changes what it writes (cleaning, parsing, ids, citations, xrefs).
PIPELINE_VERSION = "1"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(profiles: Profiles = PROFILES) -> dict[str, object]:
    """What a built corpus depends on: the pipeline, the schemas, the documents'
    profiles (in order) and source texts, and the errata."""
    errata = CORPUS_DIR / "errata.toml"
    return {
        "pipeline": PIPELINE_VERSION,
        "db_schema": SCHEMA_VERSION,
        "index_schema": INDEX_SCHEMA_VERSION,
        # through JSON, as it is read back: tuples become lists
        "profiles": json.loads(json.dumps([p.description_for_fingerprint() for p in profiles])),
        "sources": {d.key: _sha256(d.path.read_bytes()) for d in profiles},
        "errata": _sha256(errata.read_bytes()) if errata.exists() else None,
    }


def read_fingerprint(corpus_dir: Path) -> dict[str, object] | None:
    try:
        return json.loads((corpus_dir / "fingerprint.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def index_problems(index_dir: Path) -> list[str]:
    """Why the search index cannot be used; empty if it can. Opens the table of
    contents and every segment's reader (a truncated segment fails there), and
    reads nothing else."""
    from whoosh.filedb.filestore import FileStorage

    if not index_dir.is_dir():
        return [f"the search index {index_dir.name}/ is missing"]
    problem = None
    # whoosh leaves a damaged segment's file to the garbage collector: closed here
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = FileStorage(str(index_dir), readonly=True).open_index()
            try:
                with ix.reader() as reader:
                    if reader.doc_count() == 0:
                        problem = "the search index is empty"
            finally:
                ix.close()
        except Exception as exc:  # whoosh raises many kinds for a damaged file
            problem = f"the search index is damaged ({type(exc).__name__}: {exc})"
        gc.collect()
    return [problem] if problem else []


def corpus_problems(paths: AppPaths, profiles: Profiles = PROFILES) -> list[str]:
    """Why the built corpus must be (re)built; empty if it is current and intact.

    Cheap enough for every start: the fingerprint, the database's header, length,
    schema and recorded fingerprint (:func:`~vdesk.store.corpus_check.database_problems`),
    and the index's table of contents and segments; nothing is hashed but the
    (small) source texts.
    """
    expected = fingerprint(profiles)
    found = read_fingerprint(paths.corpus_dir)
    if found is None:
        return ["no readable fingerprint.json"]
    if found != expected:
        return ["built from other sources, profiles or pipeline"]
    problems = database_problems(paths.corpus_db, json.dumps(expected, sort_keys=True))
    return problems or index_problems(paths.index_dir)


def corpus_is_current(paths: AppPaths, profiles: Profiles = PROFILES) -> bool:
    """True if the built corpus exists, is intact and was built from what is here now."""
    return not corpus_problems(paths, profiles)
