"""Ids and citations of the parsed corpus."""

from __future__ import annotations

from collections import Counter

import pytest

from vdesk.corpus.build import parse_corpus
from vdesk.corpus.citations import slug
from vdesk.corpus.model import Node


@pytest.fixture(scope="module")
def trees() -> dict[str, Node]:
    return parse_corpus()


def by_id(trees: dict[str, Node]) -> dict[str, Node]:
    return {n.id: n for t in trees.values() for n in t.walk()}


def test_ids_and_citations_are_unique_and_stable(trees: dict[str, Node]) -> None:
    nodes = [n for t in trees.values() for n in t.walk()]
    assert all(n.id and n.citation for n in nodes)
    assert [i for i, c in Counter(n.id for n in nodes).items() if c > 1] == []
    assert [i for i, c in Counter(n.citation for n in nodes).items() if c > 1] == []
    again = [(n.id, n.citation) for t in parse_corpus().values() for n in t.walk()]
    assert again == [(n.id, n.citation) for n in nodes]


@pytest.mark.parametrize(
    ("node_id", "citation"),
    [
        ("vienna-declaration", "A/RES/55/59"),
        ("vienna-declaration/annex/para_7/subpara_d", "A/RES/55/59, annex, para. 7 (d)"),
        ("vienna-declaration/p_1", "A/RES/55/59, “The General Assembly,”"),
        ("vienna-declaration/p_2", "A/RES/55/59, first preambular paragraph"),
        ("vienna-declaration/p_3", "A/RES/55/59, first unnumbered paragraph"),
        (
            "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a",
            "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)",
        ),
        ("plans-of-action/annex/chp_XI", "ECOSOC res. 2001/47, annex, sect. XI"),
        (
            "plans-of-action/annex/chp_XI/sec_A/para_35/subpara_d/item_ii",
            "ECOSOC res. 2001/47, annex, sect. XI.A, para. 35 (d) (ii)",
        ),
        (
            "plans-of-action/dres/p_3",
            "ECOSOC res. 2001/47, draft resolution, second preambular paragraph",
        ),
        ("plans-of-action/dres/para_5", "ECOSOC res. 2001/47, draft resolution, para. 5"),
        (
            "draft-plans-of-action/chp_V/sec_A/para_35/subpara_c",
            "Draft plans of action (27 March 2001), para. 35 (c)",
        ),
        (
            "draft-plans-of-action/chp_III/sec_C",
            "Draft plans of action (27 March 2001), chap. III, sect. C",
        ),
        (
            "ccpcj-2002/chp_I/sec_B/dres_II/annex/chp_IV/sec_A/hdg_government-structures/para_17/subpara_e",
            "E/2002/30/Rev.1, chap. I, sect. B, draft res. II, annex, sect. IV.A, para. 17 (e)",
        ),
        (
            "ccpcj-2014/chp_I/sec_D/res_23-2/para_2/subpara_d",
            "E/2014/30, chap. I, sect. D, res. 23/2, para. 2 (d)",
        ),
        (
            "ccpcj-2014/chp_I/sec_A/dres_VI/annex/chp_II/sec_B/guideline_16/subpara_f",
            "E/2014/30, chap. I, sect. A, draft res. VI, annex, sect. II.B, guideline 16 (f)",
        ),
    ],
)
def test_citations_in_un_practice(trees: dict[str, Node], node_id: str, citation: str) -> None:
    assert by_id(trees)[node_id].citation == citation


def test_slug() -> None:
    assert (
        slug("Human rights/rule of law/culture of lawfulness")
        == "human-rights-rule-of-law-culture-of"
    )
    assert slug("Coopération") == "cooperation"
    assert slug("—") == "untitled"
