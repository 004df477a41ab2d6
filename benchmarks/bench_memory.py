"""Budget: peak memory (max RSS) of the desktop app, notes store open, <= 140 MiB.

Starts the real main window on a built corpus in a fresh process, attaches the
user's notes store as the app does (``open_notes`` then ``attach_notes``; the
store holds ``ANNOTATIONS`` annotations and ``NATIONAL_NOTES`` national notes,
spread over the provisions as in bench_notes.py, so pages show highlights and
the notes panels have rows), opens every chapter-level page of every document,
filters the tree, runs searches and opens their first hits, builds the
go-to-citation resolver, then reports the process's peak resident set size
(``ru_maxrss``, the kernel's VmHWM).

    python benchmarks/bench_memory.py
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

BUDGET_MIB = 140
ANNOTATIONS = 400
NATIONAL_NOTES = 100

CHILD = textwrap.dedent(
    """
    import resource, sys
    from vdesk.paths import AppPaths
    from vdesk.qt.app import make_application, open_main_window, open_notes
    from vdesk.qt.settings import Settings

    from PySide6.QtCore import QEvent

    app = make_application(sys.argv[:1])

    def settle():
        # what returning to the event loop does: paint, then delete what deleteLater() left
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    paths = AppPaths.resolve(sys.argv[1])
    window, repo, searcher = open_main_window(paths, Settings(paths.settings_file))
    window.resize(1280, 800)
    window.restore_state()
    window.show()
    settle()
    notes = open_notes(paths, window)
    assert notes is not None, "the notes store did not open"
    window.attach_notes(notes)
    settle()
    after_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pages = 0
    for row in repo.all_nodes():
        if row.kind in ("chapter", "section", "annex", "resolution", "document"):
            window.open_node(row.id)
            settle()
            pages += 1
    for text in ("crime", "action", "victims", ""):
        window.tree.filter_edit.setText(text)
        window.tree.apply_filter_now()
        settle()
    window.show_search()
    for q in ("trafficking in persons", "restorative justice", "crime", "corruption"):
        window.search_panel.query_edit.setText(q)
        window.search_panel.run_search()
        window.search_panel.open_row(0)
        settle()
    window.resolver()  # the go-to-citation resolver, built on first use
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"RESULT {after_start} {peak} {pages}", flush=True)
    window.close()
    notes.close()
    searcher.close()
    repo.close()
    import os
    os._exit(0)
    """
)


def main() -> int:
    os.environ.setdefault(
        "QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb"
    )
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_notes import _fill

    from vdesk.corpus.build import ensure_corpus
    from vdesk.paths import AppPaths
    from vdesk.store.corpus_db import CorpusRepo
    from vdesk.store.notes.sqlite import SqliteNotesStore

    base = Path(tempfile.mkdtemp(prefix="vdesk-bench-")) / "home"
    paths = AppPaths.resolve(base)
    paths.ensure()
    ensure_corpus(paths)
    corpus, store = CorpusRepo(paths.corpus_db), SqliteNotesStore.open(paths)
    _fill(store, corpus, random.Random(7), ANNOTATIONS, NATIONAL_NOTES)
    store.close()
    corpus.close()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(base)], capture_output=True, text=True, timeout=600
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        print(proc.stderr, file=sys.stderr)
        return 2
    after_start, peak, pages = (int(v) for v in line.split()[1:])
    mib = 1024  # ru_maxrss is in KiB on Linux
    print(
        f"platform: {os.environ['QT_QPA_PLATFORM']}; notes store: {ANNOTATIONS} annotations, "
        f"{NATIONAL_NOTES} national notes"
    )
    print(f"peak RSS after start, notes store open:         {after_start / mib:.1f} MiB")
    print(f"peak RSS after {pages} pages, filters, searches, resolver: {peak / mib:.1f} MiB")
    ok = peak / mib <= BUDGET_MIB
    print(f"budget <= {BUDGET_MIB} MiB -> {'OK' if ok else 'OVER BUDGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
