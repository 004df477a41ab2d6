"""Budget: opening a notes database of 10,000 annotations and 2,000 national notes at
start, with its start-up backup and checks, takes <= 50 ms.

Reports the median of repeated runs of ``open_user_db`` (the whole opening: the
refusal of empty or foreign files, the copy, its check, the digest and rotation,
the migration check, WAL) in three cases:

- start, notes changed since the last backup: a new backup is copied, checked and kept;
- start, notes unchanged: the copy matches the newest backup, which is renamed;
- no start backup (a command that changes nothing): the file itself is checked.

For information: the thorough check (``integrity_check``) a restore runs on its
candidate, and the corpus cache's start-up damage check.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_notes import ANNOTATIONS, NATIONAL_NOTES, _fill

from vdesk.corpus.build import ensure_corpus
from vdesk.corpus.fingerprint import corpus_problems
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import integrity_problems, list_backups, open_user_db

RUNS = 15
BUDGET_MS = 50.0


def _median_ms(fn: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(RUNS):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    over = False
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.resolve(Path(tmp) / "home")
        paths.ensure()
        ensure_corpus(paths)
        corpus = CorpusRepo(paths.corpus_db)
        repo = SqliteNotesStore.open(paths)
        _fill(repo, corpus, random.Random(7))
        repo.close()
        corpus.close()
        size = paths.user_db.stat().st_size
        print(f"{ANNOTATIONS} annotations + {NATIONAL_NOTES} national notes: {size / 1e6:.1f} MB")
        counter = iter(range(1_000_000))

        def change() -> None:
            con = sqlite3.connect(paths.user_db)
            with con:
                con.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('bench', ?)",
                    (str(next(counter)),),
                )
            con.close()

        def start(**kwargs: object) -> Callable[[], None]:
            return lambda: open_user_db(paths, **kwargs).dispose()  # type: ignore[arg-type]

        budgeted = [
            ("start, notes changed since the last backup", start(), change),
            ("start, notes unchanged (the backup is renamed)", start(), None),
            ("open without a start backup (checked)", start(start_backup=False), None),
        ]
        for name, fn, before in budgeted:
            ms = _median_ms(fn, before)
            ok = ms <= BUDGET_MS
            over |= not ok
            print(f"{name:<60} median {ms:7.2f} ms  {'OK' if ok else 'OVER'}")
        print(f"{'backups kept':<60} {len(list_backups(paths)):7d}")
        info = [
            (
                "thorough check of a restore candidate",
                lambda: integrity_problems(paths.user_db, thorough=True),
            ),
            ("corpus cache start-up damage check", lambda: corpus_problems(paths)),
        ]
        for name, fn in info:
            print(f"{name:<60} median {_median_ms(fn):7.2f} ms")
    print(f"budget {BUDGET_MS:.0f} ms: {'OVER' if over else 'OK'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
