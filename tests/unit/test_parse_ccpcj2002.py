"""Parser spot checks on the 2002 Commission report (plain text, reused labels, agenda)."""

from __future__ import annotations

from vdesk import documents
from vdesk.corpus import parse
from vdesk.corpus.model import Node

DOC = documents.get("ccpcj-2002")


def tree() -> Node:
    return parse.parse_document(DOC)


def section(root: Node, letter: str) -> Node:
    return next(c for c in root.children[0].children if c.kind == "section" and c.num == letter)


def test_report_level_sections_and_chapters() -> None:
    root = tree()
    assert [(c.kind, c.num, c.label, c.line) for c in root.children] == [
        ("chapter", "I", "Chapter I", 3),
        ("chapter", "II", "Chapter II", 1068),
    ]
    assert root.children[0].heading == (
        "Matters calling for action by the Economic and Social Council or brought to its attention"
    )
    assert [(c.num, c.line) for c in root.children[0].children] == [
        ("A", 7),
        ("B", 189),
        ("C", 929),
        ("D", 1032),
    ]


def test_reused_draft_resolution_labels_stay_in_their_sections() -> None:
    root = tree()
    a_dr1 = next(c for c in section(root, "A").children if c.kind == "resolution")
    b_dr1 = next(c for c in section(root, "B").children if c.kind == "resolution")
    assert (a_dr1.label, a_dr1.line) == ("Draft resolution I", 11)
    assert (b_dr1.label, b_dr1.line) == ("Draft resolution I", 193)
    assert (
        b_dr1.heading
        == "Basic principles on the use of restorative justice programmes in criminal matters"
    )


def test_guidelines_annex_letters_are_not_report_sections() -> None:
    b = section(tree(), "B")
    dr2 = next(c for c in b.children if c.kind == "resolution" and c.num == "II")
    annex = next(c for c in dr2.children if c.kind == "annex")
    iv = next(c for c in annex.children if c.kind == "chapter" and c.num == "IV")
    assert [(c.num, c.heading, c.line) for c in iv.children if c.kind == "section"] == [
        ("A", "Organization", 455),
        ("B", "Methods", 499),
        ("C", "Approaches", 542),
    ]


def test_page_break_at_a_sentence_boundary_inside_paragraph_8() -> None:
    b = section(tree(), "B")
    annex = next(n for n in b.children[1].walk() if n.kind == "annex")
    p8 = next(n for n in annex.walk() if n.kind == "paragraph" and n.num == "8")
    assert p8.text.endswith(
        "in a restorative process. Participation of the offender shall not be used as "
        "evidence of admission of guilt in subsequent legal proceedings."
    )


def test_agenda_items_are_paragraphs_with_their_documentation() -> None:
    c = section(tree(), "C")
    agenda = next(n for n in c.walk() if n.kind == "heading")
    assert agenda.heading == (
        "Provisional agenda and documentation for the twelfth session of the Commission on "
        "Crime Prevention and Criminal Justice"
    )
    items = [n for n in agenda.children if n.kind == "paragraph"]
    assert [p.num for p in items] == [str(n) for n in range(1, 12)]
    assert items[1].text == (
        "Adoption of the agenda and organization of work. Documentation Provisional agenda, "
        "annotations and proposed organization of work (Legislative authority: Council "
        "resolution 1992/1 and decision 1997/232 and rules 5 and 7 of the rules of procedure "
        "of the functional commissions of the Council)"
    )


def test_truncated_end_is_kept_as_printed() -> None:
    last = list(tree().walk())[-1]
    assert (last.kind, last.num, last.line) == ("paragraph", "5", 1074)
    assert last.text.endswith("The discussion drew on the experience of")


def test_level_rules_on_a_small_text() -> None:
    # A continued series closes the sibling; "I." after an open "H." is a letter.
    text = (
        "Chapter I\n\nMatters\n\nA. Alpha\n\n1. One.\n\nH. Eta\n\n2. Two.\n\nI. Iota\n\n"
        "3. Three.\n\nB. Beta\n\n4. Four.\n\nChapter II\n\nOther matters\n"
    )
    root = parse.parse_document(DOC, text)

    def outline(n: Node) -> list[object]:
        return [(c.kind, c.num, outline(c)) for c in n.children]

    assert outline(root) == [
        (
            "chapter",
            "I",
            [
                (
                    "section",
                    "A",
                    [
                        ("paragraph", "1", []),
                        ("section", "H", [("paragraph", "2", [])]),
                        ("section", "I", [("paragraph", "3", [])]),
                    ],
                ),
                ("section", "B", [("paragraph", "4", [])]),
            ],
        ),
        ("chapter", "II", []),
    ]
