"""Cross-references inside a document ("paragraph 16 above", "subparagraphs 35 (c) and
(d) above", "guideline 16"), to a whole part of a document ("resolution 55/59, annex")
and the sentence-initial "Paragraph 14 of the Vienna Declaration", on the built corpus.
Each expected link is checked against the source line quoted."""

from __future__ import annotations

import pytest

from vdesk.corpus.build import parse_corpus
from vdesk.corpus.model import Node
from vdesk.corpus.xrefs import Xref, extract

Corpus = tuple[dict[str, Node], list[Xref]]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    trees = parse_corpus()
    return {n.id: n for t in trees.values() for n in t.walk()}, extract(trees)


def links(corpus: Corpus, source: str) -> list[tuple[str, str, str | None]]:
    """(target, linked text, footnote) of every link from ``source``."""
    nodes, xrefs = corpus
    out = []
    for x in xrefs:
        if x.source_id != source:
            continue
        node = nodes[x.source_id]
        text = (
            node.text
            if x.in_footnote is None
            else next(f.text for f in node.footnotes if f.num == x.in_footnote)
        )
        out.append((x.target_id, text[x.start : x.end], x.in_footnote))
    return out


POA35 = "plans-of-action/annex/chp_XI/sec_A/para_35"
G2014 = "ccpcj-2014/chp_I/sec_A/dres_VI/annex"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # plans-of-action.txt l. 456: "the measures referred to in subparagraphs 35 (c) and (d) above"
        (f"{POA35}/subpara_e", [(f"{POA35}/subpara_c", "35 (c)", None), (f"{POA35}/subpara_d", "(d)", None)]),
        # ccpcj-2014.txt l. 291: operative paragraph 17 of draft res. III cites its paragraph 16
        (
            "ccpcj-2014/chp_I/sec_A/dres_III/para_17",
            [("ccpcj-2014/chp_I/sec_A/dres_III/para_16", "16", None)],
        ),
        # ccpcj-2002.txt l. 649: section I of draft res. III numbers its own paragraphs
        (
            "ccpcj-2002/chp_I/sec_B/dres_III/chp_I/para_3",
            [("ccpcj-2002/chp_I/sec_B/dres_III/chp_I/para_1", "1", None)],
        ),
        # ccpcj-2014.txt l. 1356: "the offences against cultural property enumerated in guideline 16"
        (f"{G2014}/chp_III/sec_C/guideline_36", [(f"{G2014}/chp_II/sec_B/guideline_16", "16", None)]),
    ],
)  # fmt: skip
def test_internal_references(
    corpus, source: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert links(corpus, source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # draft-plans-of-action.txt l. 17 and 48: "(General Assembly resolution 55/59, annex)"
        ("draft-plans-of-action/hdg_summary/p_1", [("vienna-declaration/annex", "resolution 55/59, annex", None)]),
        (
            "draft-plans-of-action/chp_I/para_1",
            [
                ("vienna-declaration/annex", "resolution 55/59, annex", None),
                # "… and, in paragraph 29, invites" (an existing rule)
                ("vienna-declaration/annex/para_29", "29", None),
            ],
        ),
        # plans-of-action.txt l. 31 and 57: notes 1 and 2 "Resolution 55/59, annex."
        ("plans-of-action/dres/p_2", [("vienna-declaration/annex", "Resolution 55/59, annex", "1")]),
        # ccpcj-2002.txt l. 787: note 30 "General Assembly resolution 55/59, annex, para. 10."
        # links the paragraph only, not the annex as well
        ("ccpcj-2002/chp_I/sec_B/dres_V/p_9", [("vienna-declaration/annex/para_10", "10", "30")]),
    ],
)  # fmt: skip
def test_document_level_references(
    corpus, source: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert links(corpus, source) == expected


def test_sentence_initial_paragraph_of_the_vienna_declaration(corpus: Corpus) -> None:
    # draft-plans-of-action.txt l. 976 and 982, notes 21 and 26: "Paragraph 14 of the Vienna
    # Declaration makes specific reference …"; "Paragraph 1 of that article" (l. 984) is not
    src21 = "draft-plans-of-action/chp_V/sec_C/obj_2/sec_1/para_44/subpara_e"
    src26 = "draft-plans-of-action/chp_V/sec_C/obj_3/sec_1/para_49/subpara_e"
    assert ("vienna-declaration/annex/para_14", "14", "21") in links(corpus, src21)
    assert ("vienna-declaration/annex/para_14", "14", "26") in links(corpus, src26)
    _nodes, xrefs = corpus
    note28 = [x for x in xrefs if x.in_footnote == "28" and x.source_id.startswith("draft-plans")]
    assert note28 == []


def _tree() -> Node:
    from vdesk.corpus.citations import assign_ids
    from vdesk.documents import BY_KEY

    root = Node("document")
    for name in ("I", "II"):
        sect = root.add(Node("chapter", num=name, label=f"{name}."))
        for n in ("1", "2", "3"):
            sect.add(Node("paragraph", num=n, label=f"{n}.", text=f"text {name} {n}"))
    assign_ids(root, BY_KEY["ccpcj-2002"])
    return root


def test_internal_reference_traps() -> None:
    from vdesk.corpus.xrefs import _Internal

    root = _tree()
    first, second = (c for c in root.children)
    internal = _Internal(root)
    p3 = first.children[2]
    # the nearest division that holds the number decides: section I's paragraph 1
    assert internal.find(p3, "as in paragraph 1 above") == [(first.children[0].id, 16, 17)]
    # "above" never links forward, "below" never backward
    assert internal.find(first.children[0], "see paragraph 3 above") == []
    assert internal.find(first.children[0], "see paragraph 3 below") == [(p3.id, 14, 15)]
    # a number the nearest division does not hold, and that two divisions above hold:
    # refused, not guessed
    assert internal.find(second.children[0], "see paragraph 9 above") == []
    loose = root.add(Node("paragraph", text="paragraph 2 above"))
    loose.id = "ccpcj-2002/p_1"
    assert _Internal(root).find(loose, loose.text) == []
