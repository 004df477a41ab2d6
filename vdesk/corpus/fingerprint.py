"""What a built corpus depends on, and whether the one on disk is current.

Kept apart from :mod:`build` so that a start-up check does not import the
parser, the cross-reference extractor and the indexer.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..documents import CORPUS_DIR, PROFILES, Profiles
from ..paths import AppPaths
from ..search.schema import SCHEMA_VERSION as INDEX_SCHEMA_VERSION
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


def corpus_is_current(paths: AppPaths, profiles: Profiles = PROFILES) -> bool:
    """True if the built corpus exists and was built from what is here now."""
    d = paths.corpus_dir
    if not (paths.corpus_db.is_file() and paths.index_dir.is_dir()):
        return False
    return read_fingerprint(d) == fingerprint(profiles)
