"""The citation resolver, on the built corpus."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vdesk.corpus.resolver import Resolver, UnknownReference, parse_locator

VD_7D = "vienna-declaration/annex/para_7/subpara_d"
POA_2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"


@pytest.mark.parametrize(
    "typed",
    [
        VD_7D,
        "vienna-declaration 7(d)",
        "vienna-declaration 7 (d)",
        "VD 7 (d)",
        "vd 7d",
        "VD para. 7 (d)",
        "para. 7 (d) of the Vienna Declaration",
        "paragraph 7(d) of the Vienna Declaration",
        "A/RES/55/59, annex, para. 7 (d)",
        "a/res/55/59 annex para 7 (d)",
        "  VD   7  ( d ) ",
    ],
)
def test_forms_of_vienna_7_d(resolver: Resolver, typed: str) -> None:
    assert resolver.resolve(typed) == VD_7D


@pytest.mark.parametrize(
    "typed",
    [
        POA_2A,
        "plans-of-action annex 2(a)",
        "plans-of-action 2 (a)",
        "POA 2 (a)",
        "POA sect. I.A 2(a)",
        "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)",
        "para. 2 (a) of the plans of action",
    ],
)
def test_forms_of_plans_2_a(resolver: Resolver, typed: str) -> None:
    assert resolver.resolve(typed) == POA_2A


def test_citation_of_resolved_nodes(resolver: Resolver, corpus_repo) -> None:
    assert corpus_repo.node(VD_7D).citation == "A/RES/55/59, annex, para. 7 (d)"
    assert corpus_repo.node(POA_2A).citation == "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"


def test_main_text_preferred_for_a_bare_number(resolver: Resolver, corpus_repo) -> None:
    # ECOSOC 2001/47 has operative paragraph 5 and its annex has paragraph 5: the annex wins
    node = corpus_repo.node(resolver.resolve("POA 5"))
    assert node.citation == "ECOSOC res. 2001/47, annex, sect. II, para. 5"
    assert node.text.startswith("In order to implement and follow up the commitments")


def test_chapters_and_documents(resolver: Resolver, corpus_repo) -> None:
    assert resolver.resolve("plans-of-action") == "plans-of-action"
    assert resolver.resolve("the Vienna Declaration") == "vienna-declaration"
    chap = corpus_repo.node(resolver.resolve("POA sect. XV"))
    assert (chap.kind, chap.num, chap.heading) == ("chapter", "XV", "Action on restorative justice")
    assert corpus_repo.node(resolver.resolve("POA chap. XV")).id == chap.id


def test_draft_paragraph_by_number(resolver: Resolver, corpus_repo) -> None:
    node = corpus_repo.node(resolver.resolve("DPOA 81"))
    assert node.text.startswith("Restorative justice is regarded as an alternative mode")
    assert node.citation == "Draft plans of action (27 March 2001), para. 81"


def test_unknown_reference_offers_close_matches(resolver: Resolver) -> None:
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("VD 30")
    # the Declaration has 29 paragraphs; the nearest short forms are offered
    assert err.value.suggestions == ["VD 3", "VD 23", "VD 20", "VD 13", "VD 10"]


def test_ambiguous_reference_lists_candidates(resolver: Resolver) -> None:
    # operative paragraph 1 of draft resolution I exists in section A and in section B
    with pytest.raises(UnknownReference) as err:
        resolver.resolve("ccpcj-2002 draft res. I 1")
    assert "ambiguous" in err.value.reason
    assert err.value.suggestions == [
        "E/2002/30/Rev.1, chap. I, sect. A, draft res. I, para. 1",
        "E/2002/30/Rev.1, chap. I, sect. B, draft res. I, para. 1",
    ]
    assert resolver.resolve("ccpcj-2002 sect. B draft res. I 1").startswith("ccpcj-2002/")


def test_completions(resolver: Resolver) -> None:
    forms = dict(resolver.completions("VD 7", limit=50))
    assert forms["VD 7 (d)"] == VD_7D
    assert resolver.completions("") == []


def test_parse_locator() -> None:
    assert parse_locator("annex, sect. I.A, para. 2 (a)") == [
        "annex",
        "div:i",
        "div:a",
        "para:2",
        "sub:a",
    ]
    assert parse_locator("draft res. IV annex guideline 3") == ["res:iv", "annex", "guideline:3"]
    assert parse_locator("res. 23/1 para. 2 (a) (ii)") == ["res:23/1", "para:2", "sub:a", "sub:ii"]
    assert parse_locator("nonsense words") is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_resolver_never_crashes(resolver: Resolver, text: str) -> None:
    try:
        node_id = resolver.resolve(text)
    except UnknownReference:
        return
    # idempotent: the id itself resolves to the same node
    assert resolver.resolve(node_id) == node_id


def test_every_citation_and_id_resolves_to_its_node(resolver: Resolver, corpus_repo) -> None:
    rows = corpus_repo.all_nodes()
    wrong = [r.citation for r in rows if resolver.resolve(r.citation) != r.id]
    assert wrong == []  # citations are unique, so each one names exactly its node
    assert all(resolver.resolve(r.id) == r.id for r in rows)
