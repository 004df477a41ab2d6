"""Citations by general rules: preambular paragraphs by where they stand, ordinals to
any number, opening formulas, decisions cited by their letters, report symbols from
the profiles. Expected values are checked against the source lines quoted."""

from __future__ import annotations

import pytest

from vdesk.corpus.build import parse_corpus
from vdesk.corpus.citations import ordinal_word
from vdesk.corpus.model import Node
from vdesk.documents import get


@pytest.fixture(scope="module")
def nodes() -> dict[str, Node]:
    return {n.id: n for t in parse_corpus().values() for n in t.walk()}


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "first"),
        (11, "eleventh"),
        (20, "twentieth"),
        (21, "twenty-first"),
        (22, "twenty-second"),
        (30, "thirtieth"),
        (43, "forty-third"),
        (99, "ninety-ninth"),
        (100, "one hundredth"),
        (101, "one hundred and first"),
        (120, "one hundred and twentieth"),
    ],
)
def test_ordinals_to_any_number(n: int, word: str) -> None:
    assert ordinal_word(n) == word


def test_no_ordinal_below_one() -> None:
    with pytest.raises(ValueError):
        ordinal_word(0)


D2002_V = "ccpcj-2002/chp_I/sec_B/dres_V"
D2014_V = "ccpcj-2014/chp_I/sec_A/dres_V"


@pytest.mark.parametrize(
    ("node_id", "citation"),
    [
        # ccpcj-2002 l. 757-775: nine preambular paragraphs; l. 767 "Also convinced" is
        # the sixth, and the three after it are the seventh to ninth
        (f"{D2002_V}/p_2", "E/2002/30/Rev.1, chap. I, sect. B, draft res. V, first preambular paragraph"),
        (f"{D2002_V}/p_7", "E/2002/30/Rev.1, chap. I, sect. B, draft res. V, sixth preambular paragraph"),
        (f"{D2002_V}/p_8", "E/2002/30/Rev.1, chap. I, sect. B, draft res. V, seventh preambular paragraph"),
        (f"{D2002_V}/p_10", "E/2002/30/Rev.1, chap. I, sect. B, draft res. V, ninth preambular paragraph"),
        # ccpcj-2014 l. 1049-1107: "Strongly determined" (l. 1057) is the third of
        # twenty-two preambular paragraphs; "Convinced that respect" (l. 1107) the last
        (f"{D2014_V}/p_4", "E/2014/30, chap. I, sect. A, draft res. V, third preambular paragraph"),
        (f"{D2014_V}/p_5", "E/2014/30, chap. I, sect. A, draft res. V, fourth preambular paragraph"),
        (f"{D2014_V}/p_21", "E/2014/30, chap. I, sect. A, draft res. V, twentieth preambular paragraph"),
        (f"{D2014_V}/p_22", "E/2014/30, chap. I, sect. A, draft res. V, twenty-first preambular paragraph"),
        (f"{D2014_V}/p_23", "E/2014/30, chap. I, sect. A, draft res. V, twenty-second preambular paragraph"),
        # an operative paragraph printed without a number (ccpcj-2002 l. 663 "Calls upon")
        (
            "ccpcj-2002/chp_I/sec_B/dres_III/chp_II/p_4",
            "E/2002/30/Rev.1, chap. I, sect. B, draft res. III, sect. II, fourth preambular paragraph",
        ),
        (
            "ccpcj-2002/chp_I/sec_B/dres_III/chp_II/p_5",
            "E/2002/30/Rev.1, chap. I, sect. B, draft res. III, sect. II, first unnumbered paragraph",
        ),
        # the Commission's own opening formula is quoted (ccpcj-2002 l. 1040, 2014 l. 1625)
        (
            "ccpcj-2002/chp_I/sec_D/res_11-1/p_1",
            "E/2002/30/Rev.1, chap. I, sect. D, res. 11/1, “The Commission on Crime Prevention and Criminal Justice,”",
        ),
        (
            "ccpcj-2014/chp_I/sec_D/res_23-1/p_1",
            "E/2014/30, chap. I, sect. D, res. 23/1, “The Commission on Crime Prevention and Criminal Justice,”",
        ),
        ("ccpcj-2014/chp_I/sec_D/res_23-1/p_2", "E/2014/30, chap. I, sect. D, res. 23/1, first preambular paragraph"),
    ],
)  # fmt: skip
def test_preambular_paragraphs_by_where_they_stand(
    nodes: dict[str, Node], node_id: str, citation: str
) -> None:
    assert nodes[node_id].citation == citation


def test_no_ordinal_prints_as_a_number(nodes: dict[str, Node]) -> None:
    assert [n.citation for n in nodes.values() if "no. " in n.citation] == []


DEC = "ccpcj-2002/chp_I/sec_C/ddec_I/p_1"


@pytest.mark.parametrize(
    ("node_id", "citation"),
    [
        # ccpcj-2002: "The Economic and Social Council," then (a) Takes note, (b) Decides
        # with items (i) and (ii), (c) Approves
        (f"{DEC}/subpara_a", "E/2002/30/Rev.1, chap. I, sect. C, draft dec. I (a)"),
        (f"{DEC}/subpara_b/item_ii", "E/2002/30/Rev.1, chap. I, sect. C, draft dec. I (b) (ii)"),
        (f"{DEC}/subpara_c", "E/2002/30/Rev.1, chap. I, sect. C, draft dec. I (c)"),
        (
            DEC,
            "E/2002/30/Rev.1, chap. I, sect. C, draft dec. I, “The Economic and Social Council,”",
        ),
    ],
)
def test_decisions_cited_by_their_letters(
    nodes: dict[str, Node], node_id: str, citation: str
) -> None:
    assert nodes[node_id].citation == citation


def test_no_citation_goes_through_a_quoted_formula_to_a_letter(nodes: dict[str, Node]) -> None:
    assert [c for n in nodes.values() if "” (" in (c := n.citation)] == []


def test_report_symbols_from_the_profiles(nodes: dict[str, Node]) -> None:
    # the 2002 report prints its symbol (ccpcj-2002 l. 169: "E/2002/30/Rev.1")
    assert get("ccpcj-2002").symbol == "E/2002/30/Rev.1"
    assert nodes["ccpcj-2002"].citation == "E/2002/30/Rev.1"
    # the 2014 report does not: its symbol is supplied with its basis
    p2014 = get("ccpcj-2014")
    assert (p2014.symbol, p2014.cite_as) == ("E/2014/30", "E/2014/30")
    assert p2014.symbol_basis is not None and "E/2012/30" in p2014.symbol_basis
    assert "E/2014/30" not in p2014.read()
    assert "E/2012/30" in p2014.read()
    assert nodes["ccpcj-2014/chp_I/sec_A"].citation == "E/2014/30, chap. I, sect. A"
    # a symbol printed in the source needs no basis
    assert get("ccpcj-2002").symbol_basis is None


DPOA = "Draft plans of action (27 March 2001)"


@pytest.mark.parametrize(
    ("node_id", "citation"),
    [
        # lines 496-497: two objectives printed in a row share "1. National actions" …
        ("draft-plans-of-action/chp_VI/sec_C/obj_1-2", f"{DPOA}, chap. VI, sect. C, objectives 1 and 2"),
        ("draft-plans-of-action/chp_VI/sec_C/obj_1-2/obj_1", f"{DPOA}, chap. VI, sect. C, objective 1"),
        ("draft-plans-of-action/chp_VI/sec_C/obj_1-2/obj_2", f"{DPOA}, chap. VI, sect. C, objective 2"),
        (
            "draft-plans-of-action/chp_VI/sec_C/obj_1-2/sec_1",
            f"{DPOA}, chap. VI, sect. C, objectives 1 and 2, sect. 1",
        ),
        ("draft-plans-of-action/chp_IX/sec_C/obj_1-2/obj_2", f"{DPOA}, chap. IX, sect. C, objective 2"),
        (
            "draft-plans-of-action/chp_XII/sec_C/obj_1-2/sec_3",
            f"{DPOA}, chap. XII, sect. C, objectives 1 and 2, sect. 3",
        ),
        # paragraphs under a group keep their continuous numbers (line 501: para. 55)
        ("draft-plans-of-action/chp_VI/sec_C/obj_1-2/sec_1/para_55", f"{DPOA}, para. 55"),
        # objectives not shared are unchanged
        ("draft-plans-of-action/chp_III/sec_C/obj_1", f"{DPOA}, chap. III, sect. C, objective 1"),
        ("draft-plans-of-action/chp_VII/sec_B/obj", f"{DPOA}, chap. VII, sect. B, objective"),
    ],
)  # fmt: skip
def test_objectives_are_their_own_nodes(
    nodes: dict[str, Node], node_id: str, citation: str
) -> None:
    assert nodes[node_id].citation == citation


def test_no_citation_has_an_empty_component(nodes: dict[str, Node]) -> None:
    assert [
        c for n in nodes.values() if (c := n.citation).endswith(" ") or ", ," in c or " ," in c
    ] == []
    assert [n.id for n in nodes.values() if "sec_objective" in n.id] == []


@pytest.mark.parametrize(
    ("node_id", "citation"),
    [
        # plans-of-action.txt l. 7-9: the Council's own text
        ("plans-of-action/p_1", "ECOSOC res. 2001/47, “The Economic and Social Council”"),
        ("plans-of-action/p_2", "ECOSOC res. 2001/47, first unnumbered paragraph"),
        # l. 11-39: the draft resolution it recommends, quoted
        ("plans-of-action/dres", "ECOSOC res. 2001/47, draft resolution"),
        ("plans-of-action/dres/p_1", "ECOSOC res. 2001/47, draft resolution, “The General Assembly,”"),
        ("plans-of-action/dres/p_2", "ECOSOC res. 2001/47, draft resolution, first preambular paragraph"),
        ("plans-of-action/dres/p_4", "ECOSOC res. 2001/47, draft resolution, third preambular paragraph"),
        ("plans-of-action/dres/para_1", "ECOSOC res. 2001/47, draft resolution, para. 1"),
        ("plans-of-action/dres/para_8", "ECOSOC res. 2001/47, draft resolution, para. 8"),
        # l. 41: the annex of the plans stays the document's
        ("plans-of-action/annex", "ECOSOC res. 2001/47, annex"),
    ],
)  # fmt: skip
def test_the_quoted_draft_resolution_is_cited_as_such(
    nodes: dict[str, Node], node_id: str, citation: str
) -> None:
    assert nodes[node_id].citation == citation


def test_the_council_has_no_numbered_paragraph_of_its_own(nodes: dict[str, Node]) -> None:
    root = nodes["plans-of-action"]
    assert [c.id for c in root.children if c.kind == "paragraph" and c.num] == []
    assert get("plans-of-action").adopted_as == "56/261"


def test_non_provisions_are_document_metadata(nodes: dict[str, Node]) -> None:
    # vienna-declaration.txt l. 12-13: the record of adoption
    vd = nodes["vienna-declaration"]
    assert [(m.name, m.text) for m in vd.meta] == [
        ("meeting", "81st plenary meeting"),
        ("date", "4 December 2000"),
    ]
    assert get("vienna-declaration").date == "2000-12-04"  # the same date, in the profile
    assert "vienna-declaration/p_4" not in nodes and "vienna-declaration/p_5" not in nodes
    texts = [n.text for n in nodes.values() if n.kind == "paragraph"]
    assert [t for t in texts if "plenary meeting" in t and len(t) < 30] == []
    # draft-plans-of-action.txt l. 9: the agenda note (E/CN.7/2001/1) is the agenda line's
    dpoa = nodes["draft-plans-of-action"]
    assert [f.in_heading for f in dpoa.footnotes] == [False]
    assert dpoa.text[: dpoa.footnotes[0].offset] == "Item 5 of the provisional agenda"
