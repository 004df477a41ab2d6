"""Budgets: the resolver, p95 <= 5 ms per typed form; the go-to completion list,
p95 <= 16 ms per keystroke.

Resolves every form of tests/data/reference-forms.tsv (refusals included: their
suggestions are part of the cost), every node's citation and id, and times
``Resolver.completions`` (what the go-to dialog calls on each edit) for every
prefix of every typed form, as if typed character by character.

    python benchmarks/bench_resolver.py
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

RESOLVE_BUDGET_MS = 5.0
KEYSTROKE_BUDGET_MS = 16.0
TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "reference-forms.tsv"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _forms() -> list[str]:
    lines = TABLE.read_text(encoding="utf-8").split("\n")
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


def main() -> int:
    from vdesk.corpus.build import ensure_corpus
    from vdesk.corpus.resolver import Resolver, UnknownReference
    from vdesk.paths import AppPaths
    from vdesk.store.corpus_db import CorpusRepo

    paths = AppPaths.resolve(Path(tempfile.mkdtemp(prefix="vdesk-bench-")) / "home")
    paths.ensure()
    ensure_corpus(paths)
    repo = CorpusRepo(paths.corpus_db)
    started = time.perf_counter()
    resolver = Resolver(repo)
    built_ms = (time.perf_counter() - started) * 1000
    typed = _forms()
    rows = repo.all_nodes()

    def timed(texts: list[str]) -> list[float]:
        out = []
        for text in texts:
            t = time.perf_counter()
            with contextlib.suppress(UnknownReference):  # a refusal is timed too
                resolver.resolve(text)
            out.append((time.perf_counter() - t) * 1000)
        return out

    timed(typed)  # warm up
    form_ms = timed(typed) + timed(typed)
    citation_ms = timed([r.citation for r in rows])
    keystroke_ms = []
    for text in typed:
        for end in range(1, len(text) + 1):
            t = time.perf_counter()
            resolver.completions(text[:end], 20)
            keystroke_ms.append((time.perf_counter() - t) * 1000)
    repo.close()

    p95_form, p95_key = _p95(form_ms), _p95(keystroke_ms)
    print(f"resolver built in {built_ms:.0f} ms over {len(rows)} nodes")
    print(
        f"typed forms ({len(typed)} x 2): median {statistics.median(form_ms):.2f} ms, "
        f"p95 {p95_form:.2f} ms, max {max(form_ms):.2f} ms (budget p95 <= {RESOLVE_BUDGET_MS} ms)"
    )
    print(
        f"node citations ({len(rows)}): median {statistics.median(citation_ms):.2f} ms, "
        f"p95 {_p95(citation_ms):.2f} ms"
    )
    print(
        f"completions ({len(keystroke_ms)} keystrokes): median "
        f"{statistics.median(keystroke_ms):.2f} ms, p95 {p95_key:.2f} ms, "
        f"max {max(keystroke_ms):.2f} ms (budget p95 <= {KEYSTROKE_BUDGET_MS} ms)"
    )
    ok = p95_form <= RESOLVE_BUDGET_MS and p95_key <= KEYSTROKE_BUDGET_MS
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
