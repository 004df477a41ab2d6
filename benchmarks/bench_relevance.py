"""Relevance report over the delegate queries of tests/unit/relevance_queries.py.

For each query: the rank of each provision that must come first, and over the set:
precision at 5 (the share of the first five hits that are provisions the set names, over
the queries' possible best: min(5, named)) and success at k (every named provision in the
first k). Budget: success at k for every query, as the unit test requires.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.unit.relevance_queries import QUERIES  # noqa: E402
from vdesk.corpus.build import build_corpus  # noqa: E402
from vdesk.paths import AppPaths  # noqa: E402
from vdesk.search.searcher import Searcher  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.resolve(Path(tmp))
        build_corpus(paths)
        searcher = Searcher(paths.index_dir)
        precision: list[float] = []
        failed = 0
        for query, must, k in QUERIES:
            hits = [h.id for h in searcher.search(query, limit=max(k, 50)).hits]
            ranks = [hits.index(m) + 1 if m in hits else None for m in must]
            in_five = sum(1 for r in ranks if r is not None and r <= 5)
            precision.append(in_five / min(5, len(must)))
            ok = all(r is not None and r <= k for r in ranks)
            failed += not ok
            shown = ", ".join("-" if r is None else str(r) for r in ranks)
            print(f"{'ok ' if ok else 'BAD'} {query!r:45} ranks {shown} (must be <= {k})")
        searcher.close()
    print(f"{len(QUERIES)} queries; precision at 5 {statistics.mean(precision):.2f}")
    print(f"success at k: {len(QUERIES) - failed}/{len(QUERIES)}: {'OK' if not failed else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
