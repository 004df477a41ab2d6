"""The citation of a passage from one provision to another, on real node pairs."""

from __future__ import annotations

import pytest

from vdesk.domain.range_citation import range_citation

# (first node, last node, the citation of the passage between them)
PAIRS = [
    (
        "vienna-declaration/annex/para_7/subpara_c",
        "vienna-declaration/annex/para_7/subpara_d",
        "A/RES/55/59, annex, para. 7 (c)–(d)",
    ),
    (
        "vienna-declaration/annex/para_7/subpara_d",
        "vienna-declaration/annex/para_8",
        "A/RES/55/59, annex, paras. 7 (d)–8",
    ),
    (
        "vienna-declaration/annex/para_7",
        "vienna-declaration/annex/para_7/subpara_b",
        "A/RES/55/59, annex, para. 7, chapeau–(b)",
    ),
    (
        "vienna-declaration/annex/p_8",
        "vienna-declaration/annex/para_1",
        "A/RES/55/59, annex, “Declare as follows:” to para. 1",
    ),
    (
        "plans-of-action/annex/chp_I/sec_A/para_2/subpara_b",
        "plans-of-action/annex/chp_I/sec_A/para_3/subpara_a",
        "ECOSOC res. 2001/47, annex, sect. I.A, paras. 2 (b)–3 (a)",
    ),
    (  # another section: no range across it, both ends cited
        "plans-of-action/annex/chp_I/sec_A/para_2/subpara_e",
        "plans-of-action/annex/chp_I/sec_B/para_4",
        "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (e) to sect. I.B, para. 4",
    ),
    (
        "plans-of-action/annex/chp_XI/sec_A/para_35/subpara_d/item_i",
        "plans-of-action/annex/chp_XI/sec_A/para_35/subpara_d/item_ii",
        "ECOSOC res. 2001/47, annex, sect. XI.A, para. 35 (d) (i)–(ii)",
    ),
    (
        "ccpcj-2014/chp_I/sec_A/dres_VI/annex/chp_I/sec_A/guideline_1",
        "ccpcj-2014/chp_I/sec_A/dres_VI/annex/chp_I/sec_A/guideline_3/subpara_a",
        "E/2014/30, chap. I, sect. A, draft res. VI, annex, sect. I.A, guidelines 1–3 (a)",
    ),
    (
        "ccpcj-2014/chp_I/sec_A/dres_IV/annex/part_one/chp_II/para_13/subpara_c/item_i",
        "ccpcj-2014/chp_I/sec_A/dres_IV/annex/part_one/chp_II/para_13/subpara_c/item_ii",
        "E/2014/30, chap. I, sect. A, draft res. IV, annex, part one, sect. II, "
        "para. 13 (c) (i)–(ii)",
    ),
    (  # subparagraphs of a draft decision's chapeau, cited after the decision
        "ccpcj-2002/chp_I/sec_C/ddec_I/p_1/subpara_a",
        "ccpcj-2002/chp_I/sec_C/ddec_I/p_1/subpara_b/item_i",
        "E/2002/30/Rev.1, chap. I, sect. C, draft dec. I (a)–(b) (i)",
    ),
    (  # unnumbered paragraphs: both ends
        "ccpcj-2002/chp_I/sec_A/dres_I/p_2",
        "ccpcj-2002/chp_I/sec_A/dres_I/p_3",
        "E/2002/30/Rev.1, chap. I, sect. A, draft res. I, first preambular paragraph "
        "to second preambular paragraph",
    ),
    (  # the report's paragraph, then its draft resolution's
        "ccpcj-2002/chp_I/sec_A/para_1",
        "ccpcj-2002/chp_I/sec_A/dres_I/para_1",
        "E/2002/30/Rev.1, chap. I, sect. A, para. 1 to draft res. I, para. 1",
    ),
    (  # two documents: never one range
        "vienna-declaration/annex/para_29",
        "plans-of-action/dres/para_1",
        "A/RES/55/59, annex, para. 29; ECOSOC res. 2001/47, draft resolution, para. 1",
    ),
]


@pytest.mark.parametrize(("first", "last", "expected"), PAIRS)
def test_range_of_real_provisions(corpus_repo, first, last, expected) -> None:  # type: ignore[no-untyped-def]
    a, b = corpus_repo.node(first), corpus_repo.node(last)
    assert a is not None and b is not None
    assert range_citation(a.citation, b.citation) == expected


def test_one_provision_is_its_own_citation() -> None:
    assert range_citation("A/RES/55/59, annex, para. 7 (c)", "A/RES/55/59, annex, para. 7 (c)") == (
        "A/RES/55/59, annex, para. 7 (c)"
    )


def test_whole_paragraphs() -> None:
    assert range_citation("A/RES/55/59, annex, para. 7", "A/RES/55/59, annex, para. 8") == (
        "A/RES/55/59, annex, paras. 7–8"
    )


def test_a_quoted_part_with_a_comma_is_kept_whole() -> None:
    assert (
        range_citation("X, “Foo, bar”, para. 1", "X, “Foo, baz”, para. 2")
        == "X, “Foo, bar”, para. 1 to “Foo, baz”, para. 2"
    )


def test_subparagraphs_of_a_quoted_chapeau() -> None:
    assert range_citation(
        "E/2002/30/Rev.1, draft dec. I, “The Economic and Social Council,” (a)",
        "E/2002/30/Rev.1, draft dec. I, “The Economic and Social Council,” (b) (i)",
    ) == ("E/2002/30/Rev.1, draft dec. I, “The Economic and Social Council,” (a)–(b) (i)")


def test_second_end_before_the_first_makes_no_range() -> None:
    assert (
        range_citation("A/RES/55/59, annex, para. 7 (c)", "A/RES/55/59, annex, para. 7")
        == "A/RES/55/59, annex, para. 7 (c) to para. 7"
    )


def test_first_and_last_subparagraph_of_every_paragraph(corpus_repo) -> None:  # type: ignore[no-untyped-def]
    """In every document: the first to the last lettered subparagraph of a
    numbered paragraph is "para. N (x)–(y)" after the paragraph's own base."""
    checked = 0
    for doc in ("vienna-declaration", "plans-of-action", "ccpcj-2002", "ccpcj-2014"):
        nodes = corpus_repo.document_nodes(doc)
        for para in nodes:
            if para.kind != "paragraph" or not para.citation.endswith(f"para. {para.ref}"):
                continue
            subs = [n for n in nodes if n.parent_id == para.id and n.kind == "subparagraph"]
            if len(subs) < 2:
                continue
            got = range_citation(subs[0].citation, subs[-1].citation)
            assert got == f"{para.citation} ({subs[0].num})–({subs[-1].num})"
            checked += 1
    assert checked > 40
