"""Budget: a full corpus build (parse, ids, cross-references, database, index) <= 3 s.

Reports the median of several full builds into fresh directories, with the parse
step alone beside it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from vdesk.corpus import build
from vdesk.paths import AppPaths

RUNS = 5
BUDGET_S = 3.0


def main() -> int:
    totals, parses = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(RUNS):
            t0 = time.perf_counter()
            build.parse_corpus()
            parses.append(time.perf_counter() - t0)
            paths = AppPaths.resolve(Path(tmp) / f"run{i}")
            report = build.build_corpus(paths)
            totals.append(report.seconds)
    med = statistics.median(totals)
    print(
        f"full build: median {med:.3f} s over {RUNS} runs (min {min(totals):.3f}, max {max(totals):.3f})"
    )
    print(f"  parse + ids alone: median {statistics.median(parses):.3f} s")
    print(
        f"  {report.nodes} nodes, {report.footnotes} footnote refs, {report.xrefs} xrefs, {report.indexed} indexed"
    )
    print(f"budget {BUDGET_S:.1f} s: {'OK' if med <= BUDGET_S else 'OVER'}")
    return 0 if med <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
