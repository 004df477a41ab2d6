"""Parser spot checks on the draft plans of action (plain PDF text)."""

from __future__ import annotations

from vdesk import documents
from vdesk.corpus import parse
from vdesk.corpus.model import Node

DOC = documents.get("draft-plans-of-action")


def tree() -> Node:
    return parse.parse_document(DOC)


def para(root: Node, num: str) -> Node:
    [p] = [n for n in root.walk() if n.kind == "paragraph" and n.num == num]
    return p


def sub(root: Node, num: str, letter: str) -> Node:
    return next(c for c in para(root, num).children if c.num == letter)


def test_displaced_and_embedded_paragraph_numbers() -> None:
    root = tree()
    assert para(root, "1").text.startswith(
        "On 17 April 2000, the Tenth United Nations Congress on the Prevention of Crime"
    )
    assert para(root, "80").text.endswith("in preventing, investigating or prosecuting offences.")
    assert para(root, "81").text.startswith(
        "Restorative justice is regarded as an alternative mode of criminal justice."
    )
    assert (para(root, "80").line, para(root, "81").line) == (766, 766)


def test_inline_and_displaced_letters() -> None:
    root = tree()
    assert sub(root, "6", "a").text.endswith("to permit the work to be carried out;")
    assert sub(root, "6", "b").text.startswith("Corruption. The major political commitment")
    assert sub(root, "6", "c").text.startswith(
        "Trafficking in persons. The plan for action against trafficking in persons calls"
    )
    assert sub(root, "30", "e").text.startswith("The maintenance")
    k = sub(root, "88", "k")
    assert k.text.startswith("Promoting and implementing")


def test_letter_l_printed_as_digit_one() -> None:
    l57 = sub(tree(), "57", "l")
    assert (l57.label, l57.line) == ("(l)", 537)


def test_shared_objectives_are_a_group_of_objectives() -> None:
    root = tree()
    vi = next(c for c in root.children if c.kind == "chapter" and c.num == "VI")
    c = next(x for x in vi.children if x.num == "C")
    [shared] = c.children
    assert (shared.kind, shared.num, shared.label, shared.heading, shared.line) == (
        "section",
        "1-2",
        "",
        None,
        496,
    )
    one, two = shared.children[:2]
    assert (one.label, one.heading) == (
        "Objective 1.",
        "To [adopt,] sign, ratify and implement the Convention and the Firearms "
        "Protocol as soon as possible.",
    )
    assert (two.label, two.heading) == (
        "Objective 2.",
        "To take such other measures as are "
        "appropriate to reduce the incidence of illicit manufacturing of and trafficking in "
        "firearms, their parts and components and ammunition and related criminal activities.",
    )
    assert [(f.num, f.offset, f.in_heading) for f in one.footnotes] == [
        ("31", len(one.heading), True)
    ]
    assert [(f.num, f.offset, f.in_heading) for f in two.footnotes] == [
        ("32", len(two.heading), True)
    ]
    assert [s.num for s in shared.children] == ["1", "2", "1", "2", "3"]
    assert [s.label for s in shared.children] == ["Objective 1.", "Objective 2.", "1.", "2.", "3."]


def test_asterisk_note_of_the_header_is_kept_on_the_document() -> None:
    # on the agenda line that cites it (line 9), as document metadata; not on the title
    root = tree()
    assert [(f.num, f.in_heading) for f in root.footnotes] == [("*", False)]
    assert [(m.name, [(f.num, f.text) for f in m.footnotes]) for m in root.meta] == [
        ("agenda", [("*", "E/CN.7/2001/1.")]),
        ("agenda item", []),
    ]


def test_contents_and_notes_are_not_nodes() -> None:
    root = tree()
    assert [c.heading for c in root.children if c.kind == "heading"] == ["Summary"]
    assert max(n.line or 0 for n in root.walk()) == 948


def test_summary_page_break_across_footer_and_asterisk_note() -> None:
    summary = next(c for c in tree().children if c.heading == "Summary")
    assert "Commitments for United Nations entities that go beyond the core functions" in (
        summary.children[1].text
    )
