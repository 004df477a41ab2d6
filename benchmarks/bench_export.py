"""Budgets: exporting 10,000 annotations as Markdown <= 1 s; importing a 10,000-note
bundle <= 2 s.

A deterministic bundle of 10,000 annotations (passages of real provisions, spread
over every document, with comments and tags) and 2,000 national notes is imported
into a fresh notes database (validation + merge + one transaction; the medians of
three fresh databases), then the whole store is exported with the "Annotated
excerpts" preset (full text, highlights, comments, national notes, footnotes).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from vdesk.domain.notes import POSITIONS, STATUSES
from vdesk.export import presets
from vdesk.export.markdown import export_markdown
from vdesk.notes.anchoring import doc_texts, make_anchor
from vdesk.notes.bundle import dump_bundle, parse_bundle
from vdesk.notes.merge import import_bundle
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import open_user_db

ANNOTATIONS = 10_000
NATIONAL_NOTES = 2_000
EXPORT_BUDGET_S = 1.0
IMPORT_BUDGET_S = 2.0
COLOURS = ("yellow", "green", "red", "blue", "purple")
BUILD = (
    "import sys; from vdesk.corpus.build import build_corpus; from vdesk.paths import AppPaths; "
    "build_corpus(AppPaths.resolve(sys.argv[1]))"
)
COUNTRIES = ("AT", "DE", "FR", "NG", "BR", "JP", "MX", "ZA")


def make_bundle_obj(corpus: CorpusRepo) -> dict[str, Any]:
    rnd = random.Random(2026)
    rows = [
        r for r in corpus.all_nodes() if r.kind in ("paragraph", "subparagraph", "item") and r.text
    ]
    stamp = "2026-11-23T09:00:00.000000Z"
    annotations = []
    for i in range(ANNOTATIONS):
        row = rnd.choice(rows)
        if i % 10 == 0:
            a = make_anchor(row.id, row.text)
        else:
            start = rnd.randrange(0, max(1, len(row.text) - 20))
            end = min(len(row.text), start + rnd.randint(10, 80))
            a = make_anchor(row.id, row.text, start, end)
        annotations.append(
            {
                "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                "doc": row.doc,
                "anchor": {
                    "node_id": a.node_id,
                    "quote": a.quote,
                    "prefix": a.prefix,
                    "suffix": a.suffix,
                    "start": a.start,
                    "end": a.end,
                },
                "colour": rnd.choice(COLOURS),
                "comment": f"Comment {i}: check *this* against the national law.",
                "tags": rnd.sample(["priority", "legal", "follow-up", "budget"], 2),
                "sensitivity": "shareable",
                "author": "bench",
                "created": stamp,
                "modified": stamp,
            }
        )
    notes = []
    slots = rnd.sample([(r, c) for r in rows for c in COUNTRIES], NATIONAL_NOTES)
    for i, (row, country) in enumerate(slots):  # one note per provision and country
        notes.append(
            {
                "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                "doc": row.doc,
                "node_id": row.id,
                "country": country,
                "status": rnd.choice(STATUSES),
                "position": rnd.choice(POSITIONS),
                "text": f"Note {i}",
                "legal_refs": ["Act 12/2020"],
                "date": "2026-11-01",
                "sensitivity": "shareable",
                "author": "bench",
                "created": stamp,
                "modified": stamp,
            }
        )
    return {
        "format": "vdesk-notes",
        "schema": 1,
        "exported": stamp,
        "author": "bench",
        "app_version": "bench",
        "annotations": annotations,
        "national_notes": notes,
        "colours": [],
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = AppPaths.resolve(Path(tmp) / "corpus")
        # built in another process, as the app finds it: the build's objects would
        # otherwise slow every garbage collection of this one
        subprocess.run(
            [sys.executable, "-c", BUILD, str(Path(tmp) / "corpus")], check=True, timeout=300
        )
        corpus = CorpusRepo(base.corpus_db)
        texts = doc_texts(corpus.all_nodes())
        data = dump_bundle(make_bundle_obj(corpus))
        imports, parses, import_cpu = [], [], []
        repo: SqliteNotesStore | None = None
        for n in range(3):
            paths = AppPaths.resolve(Path(tmp) / f"user{n}")
            engine = open_user_db(paths)
            t0, c0 = time.perf_counter(), time.process_time()
            bundle = parse_bundle(data, ["yellow", "green", "red", "blue", "purple"])
            t1 = time.perf_counter()
            report = import_bundle(engine, bundle, texts)
            t2 = time.perf_counter()
            assert report.added == ANNOTATIONS + NATIONAL_NOTES, report
            parses.append(t1 - t0)
            imports.append(t2 - t0)
            import_cpu.append(time.process_time() - c0)
            if repo is None:
                repo = SqliteNotesStore(engine)
            else:
                engine.dispose()
        assert repo is not None
        options = presets.get("annotated-excerpts").options
        exports, cpu = [], []
        size = 0
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            result = export_markdown(corpus, repo, options=options)
            exports.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            size = len(result.markdown)
        assert result.annotations == ANNOTATIONS, result.annotations
        repo.close()
        corpus.close()
    imp, exp = statistics.median(imports), statistics.median(exports)
    print(
        f"bundle: {len(data) / 1e6:.1f} MB, {ANNOTATIONS} annotations + {NATIONAL_NOTES} national notes"
    )
    print(f"import (validate + merge, one transaction): median {imp:.3f} s "
          f"(of which parsing and validation {statistics.median(parses):.3f} s; CPU time "
          f"{statistics.median(import_cpu):.3f} s); budget {IMPORT_BUDGET_S:.0f} s: "
          f"{'OK' if imp <= IMPORT_BUDGET_S else 'OVER'}")  # fmt: skip
    print(f"export of {result.provisions} provisions, {ANNOTATIONS} annotations "
          f"({size / 1e6:.1f} MB of Markdown): median {exp:.3f} s (CPU time "
          f"{statistics.median(cpu):.3f} s); budget {EXPORT_BUDGET_S:.0f} s: "
          f"{'OK' if exp <= EXPORT_BUDGET_S else 'OVER'}")  # fmt: skip
    return 0 if imp <= IMPORT_BUDGET_S and exp <= EXPORT_BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
