"""A snapshot of the last page read, painted at start-up before the corpus is open.

Opening the corpus means importing SQLAlchemy and Whoosh, which takes longer
than starting Qt. The window therefore first shows what it showed when it was
closed (the reader's HTML and the list of documents), then attaches the real
corpus. A snapshot is only used if the corpus database it was taken from is
still the same file (size and modification time); otherwise it is ignored.
Standard library only, so that reading it costs nothing.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..paths import AppPaths

VERSION = 1


def _path(paths: AppPaths) -> os.PathLike[str]:
    return paths.cache_dir / "last-page.json"


def _corpus_key(paths: AppPaths) -> list[int] | None:
    try:
        st = paths.corpus_db.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def load(paths: AppPaths) -> dict[str, Any] | None:
    """The snapshot, or None if there is none or it belongs to another corpus."""
    key = _corpus_key(paths)
    if key is None:
        return None
    try:
        with open(_path(paths), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("corpus") != key:
        return None
    if not data.get("body"):
        return None
    return data


def save(paths: AppPaths, state: dict[str, Any]) -> None:
    """Write the snapshot atomically; a failure only costs the next start some speed."""
    key = _corpus_key(paths)
    if key is None or not state.get("body"):
        return
    target = _path(paths)
    tmp = paths.cache_dir / "last-page.json.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"version": VERSION, "corpus": key, **state}, f)
        os.replace(tmp, target)
    except OSError:
        pass
