"""Parser spot checks on the plans of action (Markdown, quoted General Assembly draft)."""

from __future__ import annotations

from vdesk import documents
from vdesk.corpus import parse
from vdesk.corpus.model import Node

DOC = documents.get("plans-of-action")


def tree() -> Node:
    return parse.parse_document(DOC)


def annex_para(root: Node, num: str) -> Node:
    annex = next(n for n in root.walk() if n.kind == "annex")
    return next(n for n in annex.walk() if n.kind == "paragraph" and n.num == num)


def test_resolution_text_is_the_document_body_then_the_annex() -> None:
    root = tree()
    kinds = [(c.kind, c.num) for c in root.children]
    # the Council's formula and "Recommends …", the draft resolution it quotes, the annex
    assert kinds == [
        ("paragraph", None),
        ("paragraph", None),
        ("resolution", None),
        ("annex", None),
    ]
    assert root.children[0].text == "The Economic and Social Council"
    assert root.children[0].italics == [(0, len("The Economic and Social Council"))]
    assert root.children[1].text == (
        "Recommends to the General Assembly the adoption of the following draft resolution:"
    )


def test_heading_level_comes_from_the_label_not_the_markup() -> None:
    # II uses "##" like the document heading; A./B. sit at "#####" in IV.
    annex = next(n for n in tree().walk() if n.kind == "annex")
    ii = next(c for c in annex.children if c.num == "II")
    assert (ii.kind, ii.label, ii.heading, ii.line) == (
        "chapter",
        "II.",
        "Action against corruption",
        97,
    )
    iv = next(c for c in annex.children if c.num == "IV")
    assert [(c.kind, c.num, c.line) for c in iv.children if c.kind == "section"] == [
        ("section", "A", 211),
        ("section", "B", 237),
    ]


def test_letter_i_and_roman_items() -> None:
    root = tree()
    p11 = annex_para(root, "11")
    assert [c.num for c in p11.children] == list("abcdefghi")
    d35 = next(c for c in annex_para(root, "35").children if c.num == "d")
    assert [(c.kind, c.num, c.line) for c in d35.children] == [
        ("item", "i", 453),
        ("item", "ii", 454),
    ]


def test_paragraph_21_has_its_content_after_the_colon() -> None:
    p21 = annex_para(tree(), "21")
    assert p21.text.endswith(
        "will: develop technical cooperation activities to prevent and combat money-laundering "
        "in order to assist requesting States in implementing those activities."
    )
    assert p21.children == []


def test_italic_title_with_a_footnote_inside_a_paragraph() -> None:
    p44 = annex_para(tree(), "44")
    title = (
        "Compendium of United Nations Standards and Norms in Crime Prevention and Criminal Justice"
    )
    start = p44.text.index(title)
    assert p44.italics == [(start, start + len(title))]
    assert [(f.num, f.offset, f.text) for f in p44.footnotes] == [
        (
            "10",
            start + len(title),
            "United Nations publication, Sales No. E.92.IV.1 and corrigendum.",
        )
    ]


def test_three_blank_lines_do_not_split_or_join_subparagraphs() -> None:
    # lines 443-447: (a) and (b) of ¶35 with three blank lines between them.
    p35 = annex_para(tree(), "35")
    a, b = p35.children[:2]
    assert (a.num, a.line, b.num, b.line) == ("a", 443, "b", 447)
    assert a.text.endswith(";")
