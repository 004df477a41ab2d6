"""The resolver keeps resolving what the citation rules changed: the quoted draft
resolution of ECOSOC res. 2001/47 (adopted as 56/261), the 2014 report by its symbol
(and by the name it was cited by before), objectives of a group, decision letters."""

from __future__ import annotations

import pytest

from vdesk.corpus.resolver import Resolver

DRAFT_5 = "plans-of-action/dres/para_5"


@pytest.mark.parametrize(
    ("typed", "node_id"),
    [
        ("ECOSOC res. 2001/47, draft resolution, para. 5", DRAFT_5),
        ("res. 56/261, para. 5", DRAFT_5),
        ("POA res. 56/261 para 5", DRAFT_5),
        # named by the adopted number alone: the draft's paragraphs, the annex when named
        ("resolution 56/261, para. 5", DRAFT_5),
        ("para. 5 of resolution 56/261", DRAFT_5),
        ("56/261 5", DRAFT_5),
        ("resolution 56/261, annex, para. 5", "plans-of-action/annex/chp_II/para_5"),
        ("resolution 56/261, annex, sect. VIII", "plans-of-action/annex/chp_VIII"),
        ("56/261", "plans-of-action"),
        ("ECOSOC res. 2001/47, draft resolution, second preambular paragraph", "plans-of-action/dres/p_3"),
        # a bare number still prefers the annex of the plans
        ("POA 5", "plans-of-action/annex/chp_II/para_5"),
        ("E/2014/30, chap. I, sect. D, res. 23/2, para. 2 (d)", "ccpcj-2014/chp_I/sec_D/res_23-2/para_2/subpara_d"),
        ("E/2014/30 res. 23/2 2 (d)", "ccpcj-2014/chp_I/sec_D/res_23-2/para_2/subpara_d"),
        (
            "CCPCJ report, 23rd session, chap. I, sect. D, res. 23/2, para. 2 (d)",
            "ccpcj-2014/chp_I/sec_D/res_23-2/para_2/subpara_d",
        ),
        ("DPOA chap. VI objective 2", "draft-plans-of-action/chp_VI/sec_C/obj_1-2/obj_2"),
        ("DPOA chap. XII objective 1", "draft-plans-of-action/chp_XII/sec_C/obj_1-2/obj_1"),
        (
            "Draft plans of action (27 March 2001), chap. IX, sect. C, objectives 1 and 2, sect. 2",
            "draft-plans-of-action/chp_IX/sec_C/obj_1-2/sec_2",
        ),
        ("ccpcj-2002 draft dec. I (b) (ii)", "ccpcj-2002/chp_I/sec_C/ddec_I/p_1/subpara_b/item_ii"),
        (
            "E/2002/30/Rev.1, chap. I, sect. C, draft dec. I (b) (ii)",
            "ccpcj-2002/chp_I/sec_C/ddec_I/p_1/subpara_b/item_ii",
        ),
    ],
)  # fmt: skip
def test_changed_citations_resolve(resolver: Resolver, typed: str, node_id: str) -> None:
    assert resolver.resolve(typed) == node_id
