"""The start-up snapshot of the last page: kept per corpus file, ignored when stale."""

from __future__ import annotations

import os

from vdesk.qt import snapshot


def test_round_trip_and_staleness(paths):
    state = {
        "documents": ["Vienna Declaration"],
        "body": "<p>7. Consistent</p>",
        "title": "t",
        "node": "n",
    }
    snapshot.save(paths, state)  # no corpus yet: nothing to key it to
    assert snapshot.load(paths) is None
    paths.corpus_db.parent.mkdir(parents=True)
    paths.corpus_db.write_bytes(b"corpus")
    snapshot.save(paths, state)
    loaded = snapshot.load(paths)
    assert loaded is not None
    assert {k: loaded[k] for k in state} == state
    # a rebuilt corpus (another size or time) makes the snapshot stale
    paths.corpus_db.write_bytes(b"a rebuilt corpus")
    assert snapshot.load(paths) is None


def test_empty_body_and_garbage_are_ignored(paths):
    paths.corpus_db.parent.mkdir(parents=True)
    paths.corpus_db.write_bytes(b"corpus")
    snapshot.save(paths, {"body": ""})
    assert snapshot.load(paths) is None
    (paths.cache_dir / "last-page.json").write_text("{not json", encoding="utf-8")
    assert snapshot.load(paths) is None
    os.utime(paths.corpus_db)
    assert snapshot.load(paths) is None
