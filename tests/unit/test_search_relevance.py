"""Delegate queries: the provisions each must find among its first hits."""

from __future__ import annotations

import pytest

from vdesk.search.searcher import Searcher

from .relevance_queries import QUERIES


def test_the_set_is_large_enough_and_each_query_is_once() -> None:
    assert len(QUERIES) >= 30
    assert len({q for q, _m, _k in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(("query", "must", "k"), QUERIES, ids=[q for q, _m, _k in QUERIES])
def test_the_provisions_that_must_come_first(
    searcher: Searcher, query: str, must: tuple[str, ...], k: int
) -> None:
    first = [h.id for h in searcher.search(query, limit=k).hits]
    missing = [m for m in must if m not in first]
    assert not missing, f"{query!r}: not in the first {k}: {missing}"
