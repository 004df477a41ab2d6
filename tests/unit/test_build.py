"""The corpus build: atomic, deterministic, rebuilt when stale, read-only at run time."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from vdesk.corpus import build
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo


def dump(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        rows = []
        for table in ("documents", "nodes", "footnotes", "xrefs"):
            rows += [(table, *r) for r in con.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        return rows
    finally:
        con.close()


def test_build_is_deterministic_and_current(tmp_path: Path) -> None:
    a = AppPaths.resolve(tmp_path / "a")
    b = AppPaths.resolve(tmp_path / "b")
    report = build.build_corpus(a)
    build.build_corpus(b)
    assert report.documents == 5
    assert dump(a.corpus_db) == dump(b.corpus_db)
    assert build.corpus_is_current(a)
    assert build.ensure_corpus(a) is False  # nothing to do


def test_stale_fingerprint_triggers_a_rebuild(built_paths: AppPaths, tmp_path: Path) -> None:
    p = AppPaths.resolve(tmp_path / "home")
    build.build_corpus(p)
    fp = json.loads((p.corpus_dir / "fingerprint.json").read_text())
    fp["pipeline"] = "0"
    (p.corpus_dir / "fingerprint.json").write_text(json.dumps(fp))
    assert not build.corpus_is_current(p)
    assert build.ensure_corpus(p) is True
    assert build.corpus_is_current(p)


def test_failed_build_keeps_the_previous_corpus(tmp_path: Path, monkeypatch) -> None:
    p = AppPaths.resolve(tmp_path / "home")
    build.build_corpus(p)
    before = dump(p.corpus_db)

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "write_index", broken)
    with pytest.raises(OSError):
        build.build_corpus(p)
    assert dump(p.corpus_db) == before
    assert build.corpus_is_current(p)
    leftovers = [x.name for x in p.cache_dir.iterdir() if x.name.startswith(".corpus")]
    assert leftovers == []


def test_cancelled_build_changes_nothing(tmp_path: Path) -> None:
    p = AppPaths.resolve(tmp_path / "home")
    with pytest.raises(build.BuildCancelled):
        build.build_corpus(p, cancelled=lambda: True)
    assert not p.corpus_dir.exists()


def test_repository_is_read_only(corpus_repo: CorpusRepo) -> None:
    with pytest.raises(sqlite3.OperationalError):
        corpus_repo._connection().execute("DELETE FROM nodes")


def test_document_rows(corpus_repo: CorpusRepo) -> None:
    docs = {d.key: d for d in corpus_repo.documents()}
    assert list(docs) == [
        "vienna-declaration",
        "plans-of-action",
        "draft-plans-of-action",
        "ccpcj-2002",
        "ccpcj-2014",
    ]
    assert docs["vienna-declaration"].symbol == "A/RES/55/59"
    assert docs["draft-plans-of-action"].date == "2001-03-27"


def test_rows_asked_for_again_come_from_the_cache(built_paths: AppPaths, monkeypatch) -> None:
    from vdesk.store import corpus_db

    monkeypatch.setattr(corpus_db, "ROW_CACHE", 4)
    repo = CorpusRepo(built_paths.corpus_db)
    queries: list[str] = []
    repo._connection().set_trace_callback(queries.append)
    try:
        vd_7d = "vienna-declaration/annex/para_7/subpara_d"
        chain = [
            "vienna-declaration",
            "vienna-declaration/annex",
            "vienna-declaration/annex/para_7",
        ]
        assert [r.id for r in repo.ancestors(vd_7d)] == chain
        asked = len(queries)
        assert asked == 4  # the node and its three ancestors
        assert [r.id for r in repo.ancestors(vd_7d)] == chain
        assert len(queries) == asked
        # the cache holds four rows: a fifth pushes out the least recently used (7 (d))
        assert repo.node("plans-of-action").kind == "document"
        assert repo.node(vd_7d).num == "d"  # evicted: read again
        assert len(queries) == asked + 2
    finally:
        repo.close()
