"""Full-text search on the built corpus."""

from __future__ import annotations

import pytest

from vdesk.search.searcher import QueryError, Searcher


def ids(results) -> list[str]:
    return [h.id for h in results.hits]


def test_phrase_across_a_page_break_with_a_hyphen(searcher: Searcher) -> None:
    # draft-plans-of-action.txt lines 625-627: "money-" / (page break) / "laundering on the part"
    res = searcher.search('"problem of money-laundering on the part of key officials"')
    assert res.total == 1
    hit = res.hits[0]
    assert hit.doc == "draft-plans-of-action"
    assert hit.citation == "Draft plans of action (27 March 2001), para. 65 (f)"
    assert '<b class="match' in hit.snippet


def test_phrase_across_a_marked_page_break_with_a_footnote(searcher: Searcher) -> None:
    # plans-of-action.txt lines 27-33: "non-governmental" / --- / footnote 1 / "organizations, to"
    res = searcher.search('"non-governmental organizations, to consider carefully and implement"')
    assert [h.citation for h in res.hits] == ["ECOSOC res. 2001/47, draft resolution, para. 5"]


def test_stemming_and_field_filters(searcher: Searcher) -> None:
    res = searcher.search("smuggled migrants doc:plans-of-action", limit=100)
    assert res.total > 0
    assert {h.doc for h in res.hits} == {"plans-of-action"}
    res = searcher.search("kind:chapter corruption", limit=100)
    assert {h.kind for h in res.hits} == {"chapter"}
    assert "plans-of-action/annex/chp_II" in ids(res)


def test_doc_alias_in_query(searcher: Searcher) -> None:
    assert ids(searcher.search("restorative doc:VD")) == ids(
        searcher.search("restorative doc:vienna-declaration")
    )


def test_boolean_operators(searcher: Searcher) -> None:
    both = set(ids(searcher.search("firearms AND ammunition", limit=500)))
    either = set(ids(searcher.search("firearms OR ammunition", limit=500)))
    without = set(ids(searcher.search("firearms NOT ammunition", limit=500)))
    assert both and both < either
    assert without.isdisjoint(both)


def test_scope_filter_national_actions(searcher: Searcher) -> None:
    national = searcher.search("legislation", doc="plans-of-action", scope="national", limit=500)
    assert national.total > 0
    assert all("/sec_A/" in h.id for h in national.hits)
    international = searcher.search(
        "legislation", doc="plans-of-action", scope="international", limit=500
    )
    assert all("/sec_B/" in h.id for h in international.hits)


def test_within_a_chapter(searcher: Searcher) -> None:
    res = searcher.search("victims", within="plans-of-action/annex/chp_IX", limit=500)
    assert res.total > 0
    assert all(h.id.startswith("plans-of-action/annex/chp_IX/") for h in res.hits)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"trafficking in persons', "quotation mark"),
        ("(corruption OR bribery", "parenthesis"),
        ("corruption)", "parenthesis"),
        ("corruption AND", "AND"),
        ("title:crime", "Unknown field"),
        ("doc:nowhere crime", "Unknown document"),
        ("kind:verse crime", "Unknown kind"),
        ("doc: crime", "needs a value"),
        ("   ", "Type something"),
    ],
)
def test_malformed_queries_are_explained(searcher: Searcher, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        searcher.search(query)


def test_match_spans_cover_inflected_forms(searcher: Searcher) -> None:
    res = searcher.search("trafficking")
    assert res.terms == ("traffick",)
    text = "Trafficking in persons and trafficked children"
    spans = searcher.match_spans(text, res.terms)
    assert [text[s:e] for s, e in spans] == ["Trafficking", "trafficked"]


def test_total_counts_only_filtered_matches(searcher: Searcher) -> None:
    everything = searcher.search("restorative justice", limit=1000)
    filtered = searcher.search(
        "restorative justice", doc="plans-of-action", scope="national", limit=1000
    )
    limited = searcher.search(
        "restorative justice", doc="plans-of-action", scope="national", limit=3
    )
    assert filtered.total == len(filtered.hits) < everything.total
    assert limited.total == filtered.total
    assert [h.id for h in limited.hits] == [h.id for h in filtered.hits[:3]]


def test_function_words_do_not_narrow_a_search(searcher: Searcher) -> None:
    # "in" is in most nodes: leaving it out of the AND changes nothing that matters,
    # while a meaningful frequent word ("crime") is kept
    assert (
        searcher.search("trafficking in persons").total
        == searcher.search("trafficking persons").total
    )
    assert searcher.search("crime prevention").total < searcher.search("prevention").total
    assert (
        searcher.search('"trafficking in persons"').total
        <= searcher.search("trafficking in persons").total
    )


# Queries the cached evaluator answers itself: its documents, order and scores must be
# Whoosh's own for the same parsed query (the 24 benchmark queries and harder shapes).
EVALUATED = [
    "trafficking in persons",
    '"trafficking in persons"',
    "money-laundering",
    '"Centre for International Crime Prevention"',
    "corruption AND convention",
    '"restorative justice" doc:vienna-declaration',
    "victims OR witnesses",
    "firearms NOT ammunition",
    "victims NOT (children OR women)",
    'trafficking AND NOT "trafficking in persons"',
    "crime OR justice OR prevention OR prison",
    '"of the" AND "crime prevention"',
    "technical assistance kind:subparagraph",
    "scope:national AND victims",
    '"persons trafficking"',
    "crime prevention doc:ccpcj-2002",
]


@pytest.mark.parametrize("text", EVALUATED)
def test_evaluator_ranks_and_scores_like_whoosh(searcher: Searcher, text: str) -> None:
    q = searcher._drop_common_words(searcher.parse(text))
    ours = searcher._evaluator.scores(q)
    assert ours is not None
    mine = [(d, round(s, 9)) for d, s in sorted(ours.items(), key=lambda i: (-i[1], i[0]))]
    theirs = [(h.docnum, round(h.score, 9)) for h in searcher._searcher.search(q, limit=None)]
    assert mine == theirs


@pytest.mark.parametrize("text", ["train* judges", "NOT crime", "victims OR NOT crime", "smuggl~"])
def test_queries_the_evaluator_leaves_to_whoosh(searcher: Searcher, text: str) -> None:
    q = searcher._drop_common_words(searcher.parse(text))
    assert searcher._evaluator.scores(q) is None
    res = searcher.search(text, limit=5)
    whoosh = searcher._searcher.search(q, limit=None)
    assert res.total == whoosh.scored_length() > 0
    assert ids(res) == [h["id"] for h in whoosh[:5]]


def test_filters_apply_to_evaluated_queries(searcher: Searcher) -> None:
    res = searcher.search('"trafficking in persons"', doc="plans-of-action", limit=100)
    assert res.total == len(res.hits) > 0
    assert {h.doc for h in res.hits} == {"plans-of-action"}
    everywhere = searcher.search('"trafficking in persons"', limit=500)
    assert ids(res) == [i for i in ids(everywhere) if i.startswith("plans-of-action/")]


def test_evaluator_tables_stay_within_their_postings_budget(built_paths, monkeypatch) -> None:
    from vdesk.search import evaluate

    monkeypatch.setattr(evaluate, "MAX_POSTINGS", 600)
    small = Searcher(built_paths.index_dir)

    def kept() -> list[tuple[str, bytes, int]]:
        tables = small._evaluator._tables.items()
        return [(kind, word, len(t)) for (kind, (_field, word)), t in tables]

    try:
        for text in EVALUATED:  # answers are Whoosh's while words come and go
            q = small._drop_common_words(small.parse(text))
            ours = small._evaluator.scores(q)
            assert ours is not None
            assert small._evaluator.postings_kept == sum(n for *_, n in kept())
            assert small._evaluator.postings_kept <= 600 or len(kept()) == 1
            mine = [(d, round(s, 9)) for d, s in sorted(ours.items(), key=lambda i: (-i[1], i[0]))]
            theirs = [(h.docnum, round(h.score, 9)) for h in small._searcher.search(q, limit=None)]
            assert mine == theirs
        small._evaluator._tables.clear()
        small._evaluator._kept = 0
        small.search("trafficking in persons")
        assert kept() == [("scores", b"traffick", 208), ("scores", b"person", 100)]
        small.search("victims OR witnesses")  # 187 + 45 more: within 600, nothing dropped
        assert kept() == [
            ("scores", b"traffick", 208),
            ("scores", b"person", 100),
            ("scores", b"victim", 187),
            ("scores", b"wit", 45),
        ]
        small.search("persons OR corruption")  # "person" used again; "traffick" goes first
        assert kept() == [
            ("scores", b"victim", 187),
            ("scores", b"wit", 45),
            ("scores", b"person", 100),
            ("scores", b"corrupt", 109),
        ]
        assert small._evaluator.postings_kept == 441
    finally:
        small.close()


def test_evaluator_keeps_positions_as_ascending_tuples(searcher: Searcher) -> None:
    searcher.search('"trafficking in persons"')
    tables = [t for (kind, _), t in searcher._evaluator._tables.items() if kind == "positions"]
    assert tables
    for table in tables:
        for positions in table.values():
            assert type(positions) is tuple
            assert list(positions) == sorted(set(positions))
