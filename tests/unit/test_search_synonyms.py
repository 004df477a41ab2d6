"""The curated synonyms of UN crime-prevention terms (vdesk/search/synonyms.toml)."""

from __future__ import annotations

from whoosh import query

from vdesk.search.analysis import query_forms
from vdesk.search.searcher import Searcher
from vdesk.search.synonyms import Synonyms, load_groups


def test_every_group_is_small_sourced_and_disjoint() -> None:
    groups = load_groups()
    assert len(groups) == 17
    seen: set[tuple[str, ...]] = set()
    for g in groups:
        assert 2 <= len(g.terms) <= 6, g.terms
        assert len(g.source) > 40, g.terms  # says where the equivalence comes from
        for t in g.terms:
            forms = tuple(query_forms(t))
            assert forms not in seen, f"{t!r} is in two groups"
            seen.add(forms)


def test_every_group_names_something_in_the_sources(searcher: Searcher) -> None:
    for g in searcher.synonyms.groups:
        found = [t for t in g.terms if searcher.search(f'"{t}"', limit=1).total]
        assert found, f"no term of {g.terms} is in the corpus"


def test_a_word_is_expanded_to_its_group_weighted_by_length() -> None:
    syn = Synonyms(load_groups())
    q = syn.expand(query.Term("content", "cybercrime"))
    assert q == query.Or(
        [
            query.Term("content", "cybercrime"),
            query.Phrase("content", ["cyber", "crime"], boost=0.5),
            query.Phrase("content", ["comput", "relat", "crime"], boost=1 / 3),
            query.Phrase("content", ["high", "technolog", "crime"], boost=1 / 3),
            query.Phrase("content", ["comput", "crime"], boost=0.5),
            query.Phrase("content", ["crimin", "misus", "of", "inform", "technolog"], boost=0.25),
        ]
    )
    assert syn.alternatives(("xyzzi",)) == ()


def test_cybercrime_finds_the_computer_related_crime_provisions(searcher: Searcher) -> None:
    res = searcher.search("cybercrime", limit=None)
    found = {h.id for h in res.hits}
    # vienna-declaration.txt line 48 (para. 18), plans-of-action.txt lines 435-466 (sect.
    # XI), ccpcj-2002.txt line 157, ccpcj-2014.txt line 1169 (the one "cybercrime")
    assert {
        "vienna-declaration/annex/para_18",
        "plans-of-action/annex/chp_XI",
        "plans-of-action/annex/chp_XI/para_34",
        "plans-of-action/annex/chp_XI/sec_A/para_35/subpara_c",
        "plans-of-action/annex/chp_XI/sec_A/para_35/subpara_d",
        "plans-of-action/annex/chp_XI/sec_A/para_35/subpara_e",
        "plans-of-action/annex/chp_XI/sec_B/para_36/subpara_b",
        "ccpcj-2002/chp_I/sec_A/dres_IV/para_4/subpara_f",
        "ccpcj-2014/chp_I/sec_A/dres_VI/p_9",
        "draft-plans-of-action/chp_XII/sec_A/para_92/subpara_a",
    } <= found
    assert res.total == 23  # chapter XII's shared objectives are two nodes (obj_1, obj_2)
    vd = next(h for h in res.hits if h.id == "vienna-declaration/annex/para_18")
    assert [vd.text[a:b] for a, b in vd.spans] == ["computer-related crime"]
    para_18 = (
        "We decide to develop action-oriented policy recommendations on the prevention and "
        "control of computer-related crime, and we invite the Commission on Crime Prevention "
        "and Criminal Justice to undertake work in this regard, taking into account the "
        "ongoing work in other forums. We also commit ourselves to working towards enhancing "
        "our ability to prevent, investigate and prosecute high-technology and "
        "computer-related crime."
    )
    assert [para_18[a:b] for a, b in searcher.highlight(para_18, res)] == [
        "computer-related crime",
        "computer-related crime",
    ]
    # the reader's word-by-word terms are the user's; highlight() marks the synonyms
    assert res.terms == ("cybercrime",)
    assert ("comput", "relat", "crime") in res.phrases
    # and the other way round: "computer-related crime" finds the one "cybercrime"
    back = {h.id for h in searcher.search("computer-related crime", limit=None).hits}
    assert "ccpcj-2014/chp_I/sec_A/dres_VI/p_9" in back


def test_a_later_name_finds_the_earlier_one(searcher: Searcher) -> None:
    # the Nelson Mandela Rules (2015) are the Standard Minimum Rules for the Treatment of
    # Prisoners of the sources (11 nodes)
    assert searcher.search("Nelson Mandela Rules", limit=1).total == 11
    assert searcher.search('"Standard Minimum Rules for the Treatment of Prisoners"').total == 11


def test_a_quoted_phrase_is_exact_wording(searcher: Searcher) -> None:
    exact = searcher.search('"trafficking in persons"', limit=None)
    loose = searcher.search("trafficking in persons", limit=None)
    assert (exact.total, loose.total) == (64, 72)
    # the 8 more say "trafficking in human beings" (the draft plans, ccpcj-2002)
    extra = {h.id for h in loose.hits} - {h.id for h in exact.hits}
    beings = {h.id for h in searcher.search('"trafficking in human beings"', limit=None).hits}
    assert extra <= beings and len(extra) == 8


def test_unquoted_words_of_a_term_match_it_without_its_function_words(searcher: Searcher) -> None:
    assert (
        searcher.search("smuggling migrants").total
        == searcher.search("smuggling of migrants").total
        == 77
    )
