"""National notes at scale: what they cost the window.

With a large store (5,000 annotations and 3,000 national notes over the plans of
action, ten countries), measures:
  * keystroke search, "Include my notes" off and on (key event to list repainted);
  * the national notes panel following the reader (open a provision, panel filled);
  * the implementation dashboard's recount for one country (numbers, chart, table).

    python benchmarks/bench_national_notes.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    "trafficking in persons",
    "restorative justice",
    "money-laundering doc:POA",
    "witness protection",
    "juvenile justice",
    "criminal code",
]
COUNTRIES = ("AT", "FR", "NG", "KE", "BR", "IN", "JP", "MX", "ZA", "DE")
WORDS = ("criminal", "code", "amendment", "witness", "protection", "prosecutor", "training",
         "regional", "cooperation", "victims", "support", "money-laundering", "reporting",
         "juvenile", "justice", "reform", "prison", "alternatives")  # fmt: skip


def p(values: list[float], q: float) -> float:
    ms = sorted(v * 1000 for v in values)
    return ms[max(0, round(q * len(ms)) - 1)]


def main() -> int:
    os.environ.setdefault(
        "QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb"
    )
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    from vdesk.corpus.build import ensure_corpus
    from vdesk.domain.notes import Anchor, Annotation, NationalNote
    from vdesk.paths import AppPaths
    from vdesk.qt.app import make_application, open_main_window
    from vdesk.qt.settings import Settings
    from vdesk.store.notes.sqlite import SqliteNotesStore

    app = make_application(sys.argv[:1])
    paths = AppPaths.resolve(Path(tempfile.mkdtemp(prefix="vdesk-bench-")) / "home")
    paths.ensure()
    ensure_corpus(paths)
    settings = Settings(paths.settings_file)
    settings.default_country = "AT"
    window, repo, searcher = open_main_window(paths, settings)
    notes = SqliteNotesStore.open(paths)
    rng = random.Random(7)
    nodes = [
        r.id
        for r in repo.document_nodes("plans-of-action")
        if r.kind in ("paragraph", "subparagraph", "item")
    ]
    now = "2026-11-23T10:00:00Z"
    anns = [
        Annotation(
            f"a{i:05d}",
            "plans-of-action",
            Anchor(rng.choice(nodes)),
            "yellow",
            " ".join(rng.choices(WORDS, k=12)),
            (),
            "personal",
            "",
            now,
            now,
        )
        for i in range(5000)
    ]
    national = [
        NationalNote(
            f"n{i:05d}",
            "plans-of-action",
            rng.choice(nodes),
            COUNTRIES[i % len(COUNTRIES)],
            rng.choice(("implemented", "in_progress", "not_started", "not_applicable")),
            "no_position",
            " ".join(rng.choices(WORDS, k=20)),
            ("Criminal Code, s. 1",),
            "2026-01-01",
            "personal",
            "",
            now,
            now,
        )
        for i in range(3000)
    ]
    notes.restore_many(anns, national)
    window.attach_notes(notes)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.show_search()
    panel = window.search_panel
    assert panel is not None
    edit = panel.query_edit

    def type_queries() -> list[float]:
        times = []
        for query in QUERIES:
            edit.clear()
            app.processEvents()
            for ch in query:
                started = time.perf_counter()
                app.sendEvent(
                    edit, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
                )
                panel.run_search()
                panel.results.viewport().repaint()
                times.append(time.perf_counter() - started)
        return times

    type_queries()  # warm caches
    off = type_queries()
    panel.own_check.setChecked(True)
    on = type_queries()
    panel.own_check.setChecked(False)

    feature = window.national_notes
    opened = []
    for node in nodes[:200]:
        started = time.perf_counter()
        window.open_node(node)
        opened.append(time.perf_counter() - started)
    panel_only = []
    for node in nodes[:200]:
        window.open_node(node)
        started = time.perf_counter()
        feature.refresh()
        panel_only.append(time.perf_counter() - started)

    feature.show_dashboard()
    dash = feature.dashboard
    assert dash is not None
    recount = []
    for code in COUNTRIES * 3:
        dash.country_combo.set_code(code)
        started = time.perf_counter()
        dash.refresh()
        dash.chart.repaint()
        recount.append(time.perf_counter() - started)

    print(f"store: {len(anns)} annotations, {len(national)} national notes")
    print(
        f"keystroke search, my notes off: p50 {statistics.median(off) * 1000:.1f} ms, "
        f"p95 {p(off, 0.95):.1f} ms ({len(off)} keystrokes)"
    )
    print(
        f"keystroke search, my notes on:  p50 {statistics.median(on) * 1000:.1f} ms, "
        f"p95 {p(on, 0.95):.1f} ms"
    )
    print(
        f"open a provision (reader + panel): p50 {statistics.median(opened) * 1000:.1f} ms, "
        f"p95 {p(opened, 0.95):.1f} ms; the panel's share: p50 "
        f"{statistics.median(panel_only) * 1000:.1f} ms, p95 {p(panel_only, 0.95):.1f} ms"
    )
    print(
        f"dashboard recount + chart paint: p50 {statistics.median(recount) * 1000:.1f} ms, "
        f"p95 {p(recount, 0.95):.1f} ms"
    )
    dash.close()
    window.close()
    notes.close()
    searcher.close()
    repo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
