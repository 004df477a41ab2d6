"""Cross-reference rules, on sentences copied from the sources, and on the built corpus."""

from __future__ import annotations

import pytest

from vdesk.corpus.citations import assign_ids
from vdesk.corpus.model import Node
from vdesk.corpus.xrefs import _Targets, find_in_text, int_to_roman, roman_to_int
from vdesk.documents import BY_KEY


@pytest.fixture(scope="module")
def targets() -> _Targets:
    vienna = Node("document")
    annex = vienna.add(Node("annex", label="Annex"))
    for n in range(1, 30):
        para = annex.add(Node("paragraph", num=str(n), text=f"paragraph {n}"))
        if n == 7:
            for letter in "abcd":
                para.add(Node("subparagraph", num=letter, text=letter))
    assign_ids(vienna, BY_KEY["vienna-declaration"])
    plans = Node("document")
    pannex = plans.add(Node("annex", label="Annex"))
    for n in range(1, 16):
        pannex.add(Node("chapter", num=int_to_roman(n), label=f"{int_to_roman(n)}."))
    assign_ids(plans, BY_KEY["plans-of-action"])
    return _Targets({"vienna-declaration": vienna, "plans-of-action": plans})


def linked(text: str, doc: str, targets: _Targets) -> list[tuple[str, str]]:
    """(target id without document prefix, the linked text) pairs."""
    return [(t.split("/", 1)[1], text[s:e]) for t, s, e in find_in_text(text, doc, targets)]


def test_roman_numerals_round_trip() -> None:
    assert [roman_to_int(int_to_roman(n)) for n in range(1, 40)] == list(range(1, 40))
    assert roman_to_int("XIV") == 14


def test_chapter_intro_lists_paragraphs_of_the_vienna_declaration(targets: _Targets) -> None:
    # plans-of-action.txt line 47
    text = (
        "In order to implement and follow up the commitments undertaken pursuant to paragraphs "
        "5, 6, 7 and 10 of the Vienna Declaration on Crime and Justice: Meeting the Challenges"
    )
    assert linked(text, "plans-of-action", targets) == [
        ("annex/para_5", "5"),
        ("annex/para_6", "6"),
        ("annex/para_7", "7"),
        ("annex/para_10", "10"),
    ]


def test_commitment_in_singular(targets: _Targets) -> None:
    # plans-of-action.txt line 335
    text = "the commitment undertaken in paragraph 25 of the Vienna Declaration to develop"
    assert linked(text, "plans-of-action", targets) == [("annex/para_25", "25")]


def test_parenthetical_paragraphs_in_the_draft(targets: _Targets) -> None:
    # draft-plans-of-action.txt lines 92, 130 and 820
    assert linked(
        "(c) To strengthen the capability of the Centre for International Crime Prevention to "
        "assist States in building such capacity (para. 7 (d));",
        "draft-plans-of-action",
        targets,
    ) == [("annex/para_7/subpara_d", "7 (d)")]
    assert linked(
        "Development Assistance Framework (paras. 10, 13 and 15).", "draft-plans-of-action", targets
    ) == [("annex/para_10", "10"), ("annex/para_13", "13"), ("annex/para_15", "15")]
    assert linked(
        "(para. 28 and Economic and Social Council resolution 2000/14);",
        "draft-plans-of-action",
        targets,
    ) == [("annex/para_28", "28")]


def test_vienna_declaration_in_paragraph_29(targets: _Targets) -> None:
    # draft-plans-of-action.txt line 48
    text = (
        "The Vienna Declaration contains a series of commitments to respond to specific problems "
        "of crime control and crime prevention and, in paragraph 29, invites the Commission"
    )
    assert linked(text, "draft-plans-of-action", targets) == [("annex/para_29", "29")]


def test_resolution_55_59_annex_para_in_a_footnote(targets: _Targets) -> None:
    # ccpcj-2002.txt footnote 30 (line 787)
    text = "General Assembly resolution 55/59, annex, para. 10."
    assert linked(text, "ccpcj-2002", targets) == [("annex/para_10", "10")]


def test_list_of_six_paragraphs_in_the_2002_report(targets: _Targets) -> None:
    # ccpcj-2002.txt line 353
    text = "the commitments undertaken in paragraphs 11, 13, 20, 21, 24 and 25 of the Vienna Declaration,"
    assert [t for t, _ in linked(text, "ccpcj-2002", targets)] == [
        f"annex/para_{n}" for n in (11, 13, 20, 21, 24, 25)
    ]


def test_plans_of_action_sections_with_ranges(targets: _Targets) -> None:
    # ccpcj-2002.txt footnote 22 (line 709)
    text = "General Assembly resolution 56/261, annex, sects. VIII-X and XII-XIV."
    assert [t for t, _ in linked(text, "ccpcj-2002", targets)] == [
        f"annex/chp_{r}" for r in ("VIII", "IX", "X", "XII", "XIII", "XIV")
    ]
    # ccpcj-2002.txt footnote 38 and line 1052
    assert linked(
        "General Assembly resolution 56/261, annex, sect. VII.", "ccpcj-2002", targets
    ) == [("annex/chp_VII", "VII")]
    assert linked(
        "Recalling that section VII of the plans of action for the implementation",
        "ccpcj-2002",
        targets,
    ) == [("annex/chp_VII", "VII")]


@pytest.mark.parametrize(
    ("text", "doc"),
    [
        # another instrument's paragraph: draft-plans-of-action.txt lines 332, 906, notes 4 and 21
        ("(Economic and Social Council resolution 1995/14, para. 6);", "draft-plans-of-action"),
        ("(see General Assembly resolution 55/63, para. 1 (a))", "draft-plans-of-action"),
        ("(A/54/2000, paras. 150-167)", "draft-plans-of-action"),
        ("(art. 6, para. 3)", "draft-plans-of-action"),
        ("(resolution 1998/23, para. 3)", "draft-plans-of-action"),
        # ccpcj-2002.txt line 125 and ccpcj-2014.txt line 27
        (
            "paragraph 2 of General Assembly resolution 56/119, as well as paragraphs 29 and 30 of "
            "the statement of principles and programme of action",
            "ccpcj-2002",
        ),
        ("pursuant to paragraphs 29 and 30 of the statement of principles", "ccpcj-2014"),
        # ccpcj-2002.txt line 343: another annex
        ("paragraphs 14 to 23 of that annex", "ccpcj-2002"),
        # "the Declaration" is the Vienna Declaration only in the plans of action
        ("paragraph 12 of the Declaration", "ccpcj-2014"),
        # A/55/593 contains "55/59"
        ("[on the report of the Third Committee (A/55/593, annex, para. 3)]", "vienna-declaration"),
    ],
)
def test_traps_do_not_link(text: str, doc: str, targets: _Targets) -> None:
    assert linked(text, doc, targets) == []
