"""Structure of the 2002 Commission report (E/2002/30/Rev.1), chapter I and the start of chapter II.

Expected values are read off ``corpus/ccpcj-2002.txt``: sections A–D of chapter I with
their draft resolutions and decisions, the two annexes, the provisional agenda, and
footnotes 1–38 numbered across the whole file. In an outline a paragraph is its num
(None for preambular and other unnumbered paragraphs); see ``structure_helpers.outline``.
"""

from __future__ import annotations

import re

import pytest

from tests.unit.structure_helpers import (
    all_strings,
    assert_in_order,
    before_marker,
    below,
    child,
    find_heading,
    footnote_texts,
    item_nums,
    labelled,
    node_at,
    outline,
    para_nums,
    parsed,
    path,
    reading_order,
    sub_nums,
    subparagraph_map,
    titles,
    tree_order_problems,
)
from vdesk.corpus.model import Node
from vdesk.documents import get

KEY = "ccpcj-2002"


def nums(first: int, last: int) -> list[str]:
    return [str(n) for n in range(first, last + 1)]


def h(num: str) -> tuple[str, None, list[str]]:
    """An unnumbered heading holding one numbered paragraph."""
    return ("heading", None, [num])


SECTIONS = [
    (
        "A",
        "Draft resolutions to be recommended by the Economic and Social Council for "
        "adoption by the General Assembly",
    ),
    ("B", "Draft resolutions for adoption by the Economic and Social Council"),
    ("C", "Draft decisions for adoption by the Economic and Social Council"),
    ("D", "Matters brought to the attention of the Economic and Social Council"),
]
RESOLUTIONS = {
    "A": [
        (
            "I",
            "International cooperation in the fight against transnational organized crime: "
            "assistance to States in capacity-building with a view to facilitating the "
            "implementation of the United Nations Convention against Transnational Organized "
            "Crime and the Protocols thereto",
        ),
        (
            "II",
            "High-level political conference for the purpose of signing the United Nations "
            "convention against corruption",
        ),
        (
            "III",
            "Follow-up to the plans of action for the implementation of the Vienna "
            "Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first "
            "Century",
        ),
        (
            "IV",
            "Preparations for the Eleventh United Nations Congress on Crime Prevention and "
            "Criminal Justice",
        ),
    ],
    "B": [
        ("I", "Basic principles on the use of restorative justice programmes in criminal matters"),
        ("II", "Action to promote effective crime prevention"),
        (
            "III",
            "Promoting effective measures to deal with the issues of missing children and "
            "sexual abuse or exploitation of children",
        ),
        ("IV", "United Nations standards and norms in crime prevention and criminal justice"),
        (
            "V",
            "International cooperation in the prevention, combating and elimination of "
            "kidnapping and in providing assistance for the victims",
        ),
        (
            "VI",
            "International cooperation, technical assistance and advisory services in crime "
            "prevention and criminal justice",
        ),
        ("VII", "Illicit trafficking in protected species of wild flora and fauna"),
        (
            "VIII",
            "Strengthening international cooperation and technical assistance within the "
            "framework of the activities of the Centre for International Crime Prevention in "
            "preventing and combating terrorism",
        ),
    ],
    "D": [
        (
            "11/1",
            "Symposium entitled “Combating international terrorism: the contribution of the "
            "United Nations”",
        )
    ],
}
DECISIONS = [
    (
        "I",
        "Report of the Commission on Crime Prevention and Criminal Justice on its eleventh "
        "session, provisional agenda and documentation for its twelfth session, and "
        "organization of work and themes for its future sessions",
    ),
    (
        "II",
        "Appointment of members of the Board of Trustees of the United Nations Interregional "
        "Crime and Justice Research Institute",
    ),
]
# Resolution outlines without annexes: (preamble count incl. "The General Assembly,"/
# "The Economic and Social Council,", then the operative paragraphs).
PLAIN = {
    ("A", "I"): [None] * 5 + nums(1, 7),
    ("A", "II"): [None] * 6 + nums(1, 7),
    ("A", "III"): [None] * 7 + nums(1, 4),
    ("A", "IV"): [None] * 6 + nums(1, 14),
    ("B", "V"): [None] * 10 + nums(1, 6),
    ("B", "VI"): [None] * 8 + nums(1, 10),
    ("B", "VII"): [None] * 6 + nums(1, 5),
    ("B", "VIII"): [None] * 11 + nums(1, 10),
    ("B", "III"): [None] * 7
    + [
        ("chapter", "I", [None, None, *nums(1, 4)]),
        ("chapter", "II", [None] * 5),
        ("chapter", "III", [None] * 4),
    ],
    ("B", "IV"): [None] * 8
    + [
        ("chapter", "I", [None, None, *nums(1, 6)]),
        ("chapter", "II", [None, None, "1", "2"]),
        ("chapter", "III", [None, "1", "2"]),
    ],
    ("D", "11/1"): [None] * 9 + nums(1, 5),
}
RESTORATIVE_ANNEX = [
    ("heading", None, [None] * 7),
    ("chapter", "I", nums(1, 5)),
    ("chapter", "II", nums(6, 11)),
    ("chapter", "III", nums(12, 19)),
    ("chapter", "IV", nums(20, 22)),
    ("chapter", "V", ["23"]),
]
GUIDELINES_ANNEX = [
    ("chapter", "I", ["1"]),
    ("chapter", "II", nums(2, 6)),
    ("chapter", "III", [h(str(n)) for n in range(7, 15)]),
    (
        "chapter",
        "IV",
        [
            "15",
            h("16"),
            ("section", "A", [h("17"), h("18"), h("19"), h("20")]),
            ("section", "B", [h("21"), h("22"), h("23")]),
            ("section", "C", ["24", h("25"), h("26"), h("27")]),
        ],
    ),
    ("chapter", "V", [h(str(n)) for n in range(28, 34)]),
]


@pytest.fixture(scope="module")
def doc() -> Node:
    return parsed(KEY)


def section(doc: Node, letter: str) -> Node:
    return path(doc, ("chapter", "I"), ("section", letter))


def resolution(doc: Node, letter: str, num: str) -> Node:
    return child(section(doc, letter), "resolution", num)


def decision(doc: Node, num: str) -> Node:
    return child(section(doc, "C"), "decision", num)


def the_annex(res: Node) -> Node:
    annexes = [c for c in res.children if c.kind == "annex"]
    assert len(annexes) == 1
    return annexes[0]


def agenda(doc: Node) -> Node:
    return find_heading(
        decision(doc, "I"),
        "Provisional agenda and documentation for the twelfth session of the Commission on "
        "Crime Prevention and Criminal Justice",
    )


def test_document_node(doc: Node) -> None:
    assert doc.kind == "document"
    assert doc.heading == get(KEY).title


def test_chapters(doc: Node) -> None:
    assert titles(doc, "chapter") == [
        (
            "I",
            "Matters calling for action by the Economic and Social Council or brought to its "
            "attention",
        ),
        (
            "II",
            "Thematic discussion on reform of the criminal justice system: achieving "
            "effectiveness and equity",
        ),
    ]
    assert [c.label for c in doc.children] == ["Chapter I", "Chapter II"]
    assert [c.line for c in doc.children] == [3, 1068]


def test_report_level_outline(doc: Node) -> None:
    ch1 = child(doc, "chapter", "I")
    assert titles(ch1, "section") == SECTIONS
    assert [c.label for c in ch1.children] == ["A.", "B.", "C.", "D."]
    assert [c.line for c in ch1.children] == [7, 189, 929, 1032]
    assert [(c.kind, c.num) for c in section(doc, "A").children] == [
        ("paragraph", "1"),
        *[("resolution", n) for n, _ in RESOLUTIONS["A"]],
    ]
    assert [(c.kind, c.num) for c in section(doc, "B").children] == [
        ("paragraph", "2"),
        *[("resolution", n) for n, _ in RESOLUTIONS["B"]],
    ]
    assert [(c.kind, c.num) for c in section(doc, "C").children] == [
        ("paragraph", "3"),
        ("decision", "I"),
        ("decision", "II"),
    ]
    assert [(c.kind, c.num) for c in section(doc, "D").children] == [
        ("paragraph", "4"),
        ("resolution", "11/1"),
    ]
    ch2 = child(doc, "chapter", "II")
    assert labelled(ch2, "section") == [("A.", "Structure of the debate")]
    assert outline(ch2) == [("section", "A", ["5"])]


def test_report_paragraph_numbers_run_across_chapters(doc: Node) -> None:
    report = [
        c.num
        for ch in doc.children
        for sec in ch.children
        for c in sec.children
        if c.kind == "paragraph"
    ]
    assert report == ["1", "2", "3", "4", "5"]
    assert child(section(doc, "A"), "paragraph", "1").text == (
        "The Commission on Crime Prevention and Criminal Justice recommends to the "
        "Economic and Social Council the approval of the following draft resolutions "
        "for adoption by the General Assembly:"
    )


@pytest.mark.parametrize("letter", ["A", "B", "D"])
def test_resolution_titles(doc: Node, letter: str) -> None:
    sec = section(doc, letter)
    assert titles(sec, "resolution") == RESOLUTIONS[letter]
    expected_labels = [
        f"Resolution {n}" if letter == "D" else f"Draft resolution {n}"
        for n, _ in RESOLUTIONS[letter]
    ]
    assert [label for label, _ in labelled(sec, "resolution")] == expected_labels


def test_resolution_lines(doc: Node) -> None:
    assert [c.line for c in section(doc, "A").children[1:]] == [11, 47, 83, 111]
    assert [c.line for c in section(doc, "B").children[1:]] == [
        193, 335, 607, 677, 751, 797, 845, 877
    ]  # fmt: skip
    assert [c.line for c in section(doc, "C").children[1:]] == [933, 1026]
    assert resolution(doc, "D", "11/1").line == 1036


def test_decision_titles(doc: Node) -> None:
    assert titles(section(doc, "C"), "decision") == DECISIONS
    assert [label for label, _ in labelled(section(doc, "C"), "decision")] == [
        "Draft decision I",
        "Draft decision II",
    ]


@pytest.mark.parametrize(("key"), list(PLAIN), ids=lambda k: "-".join(k))
def test_resolution_outline(doc: Node, key: tuple[str, str]) -> None:
    assert outline(resolution(doc, *key)) == PLAIN[key]


def test_restorative_justice_resolution_and_annex(doc: Node) -> None:
    res = resolution(doc, "B", "I")
    assert outline(res)[:14] == [None] * 8 + nums(1, 6)
    annex = the_annex(res)
    assert [c.kind for c in res.children][-1] == "annex"
    assert (annex.label, annex.heading, annex.line) == (
        "Annex",
        "Basic principles on the use of restorative justice programmes in criminal matters",
        229,
    )
    assert outline(annex) == RESTORATIVE_ANNEX
    preamble = annex.children[0]
    assert (preamble.heading, preamble.label, preamble.line) == ("Preamble", "", 233)
    assert titles(annex, "chapter") == [
        ("I", "Use of terms"),
        ("II", "Use of restorative justice programmes"),
        ("III", "Operation of restorative justice programmes"),
        ("IV", "Continuing development of restorative justice programmes"),
        ("V", "Saving clause"),
    ]
    # The footnote block 247-253 sits between two preambular paragraphs.
    assert [p.line for p in preamble.children] == [235, 237, 239, 241, 243, 245, 255]
    assert preamble.children[-1].text == (
        "Recognizing that the use of restorative justice does not prejudice the right of "
        "States to prosecute alleged offenders,"
    )


def test_guidelines_annex(doc: Node) -> None:
    annex = the_annex(resolution(doc, "B", "II"))
    assert (annex.heading, annex.line) == ("Guidelines for the Prevention of Crime", 381)
    assert outline(annex) == GUIDELINES_ANNEX
    assert titles(annex, "chapter") == [
        ("I", "Introduction"),
        ("II", "Conceptual frame of reference"),
        ("III", "Basic principles"),
        ("IV", "Organization, methods and approaches"),
        ("V", "International cooperation"),
    ]
    iv = child(annex, "chapter", "IV")
    # The annex's own A./B./C. are sections of chapter IV, not report-level sections.
    assert labelled(iv, "section") == [
        ("A.", "Organization"),
        ("B.", "Methods"),
        ("C.", "Approaches"),
    ]
    assert [(c.label, c.heading) for c in iv.children if c.kind == "heading"] == [
        ("", "Community involvement")
    ]
    assert [c.heading for c in child(annex, "chapter", "III").children] == [
        "Government leadership",
        "Socio-economic development and inclusion",
        "Cooperation/partnerships",
        "Sustainability/accountability",
        "Knowledge base",
        "Human rights/rule of law/culture of lawfulness",
        "Interdependency",
        "Differentiation",
    ]
    assert [c.heading for c in child(iv, "section", "A").children] == [
        "Government structures",
        "Training and capacity-building",
        "Supporting partnerships",
        "Sustainability",
    ]
    assert [c.heading for c in child(iv, "section", "B").children] == [
        "Knowledge base",
        "Planning interventions",
        "Support evaluation",
    ]
    assert [c.heading for c in child(iv, "section", "C").children if c.kind == "heading"] == [
        "Social development",
        "Situational",
        "Prevention of organized crime",
    ]
    assert [c.heading for c in child(annex, "chapter", "V").children] == [
        "Standards and norms",
        "Technical assistance",
        "Networking",
        "Links between transnational and local crime",
        "Prioritizing crime prevention",
        "Dissemination",
    ]


def test_subparagraph_letters(doc: Node) -> None:
    assert subparagraph_map(resolution(doc, "A", "IV")) == {
        "3": list("abcd"),
        "4": list("abcdefghij"),
    }
    assert subparagraph_map(the_annex(resolution(doc, "B", "I"))) == {
        "12": list("abcde"),
        "13": list("abc"),
    }
    assert subparagraph_map(the_annex(resolution(doc, "B", "II"))) == {
        "6": list("abcd"),
        "17": list("abcde"),
        "18": list("abcd"),
        "19": list("abc"),
        "20": list("abc"),
        "21": list("abcdefg"),
        "22": list("abcde"),
        "23": list("abcd"),
        "25": list("abcd"),
        "26": list("abcde"),
        "27": list("abc"),
    }
    # A.IV 4 (i) follows (h) and is a letter.
    assert item_nums(child(below_para(resolution(doc, "A", "IV"), "4"), "subparagraph", "h")) == []
    assert sum(1 for n in doc.walk() if n.kind == "subparagraph") == 79
    assert sum(1 for n in doc.walk() if n.kind == "item") == 2


def below_para(node: Node, num: str) -> Node:
    hits = [p for p in below(node, "paragraph") if p.num == num]
    assert len(hits) == 1, f"¶{num} occurs {len(hits)} times under {node.heading}"
    return hits[0]


def test_bulleted_subparagraphs_lose_their_bullets(doc: Node) -> None:
    annex = the_annex(resolution(doc, "B", "II"))
    p17 = below_para(annex, "17")
    assert [s.text for s in p17.children] == [
        "Establishing centres or focal points with expertise and resources;",
        "Establishing a crime prevention plan with clear priorities and targets;",
        "Establishing linkages and coordination between relevant government agencies or "
        "departments;",
        "Fostering partnerships with non-governmental organizations, the business, private "
        "and professional sectors and the community;",
        "Seeking the active participation of the public in crime prevention by informing it "
        "of the need for and means of action and its role.",
    ]
    assert [s.line for s in p17.children] == [461, 462, 463, 464, 465]
    p18 = below_para(annex, "18")
    assert p18.children[0].text == (
        "Providing professional development for senior officials in relevant agencies;"
    )
    assert child(below_para(annex, "26"), "subparagraph", "d").text == (
        "Target “hardening” without impinging upon the quality of the built environment or "
        "limiting free access to public space;"
    )


def test_draft_decision_i(doc: Node) -> None:
    dec = decision(doc, "I")
    agenda_ids = {id(n) for n in agenda(doc).walk()}
    subs = [n for n in dec.walk() if n.kind == "subparagraph" and id(n) not in agenda_ids]
    assert [s.num for s in subs] == ["a", "b", "c"]
    assert subs[0].text == (
        "Takes note of the report of the Commission on Crime Prevention and Criminal "
        "Justice on its eleventh session;"
    )
    b = subs[1]
    assert item_nums(b) == ["i", "ii"]
    assert [i.line for i in b.children] == [943, 945]
    assert b.children[0].text == (
        'For the twelfth session, in 2003: "Trafficking in human beings, especially women '
        'and children";'
    )
    assert subs[2].text == (
        "Approves the provisional agenda and documentation for the twelfth session of the "
        "Commission set out below."
    )
    council = [n for n in dec.walk() if n.text == "The Economic and Social Council,"]
    assert len(council) == 1 and council[0].kind == "paragraph" and council[0].line == 937


def test_provisional_agenda(doc: Node) -> None:
    items = agenda(doc)
    assert items.kind == "heading"
    assert items.line == 949
    assert para_nums(items) == nums(1, 11)
    starts = {
        "1": "Election of officers.",
        "2": "Adoption of the agenda and organization of work.",
        "3": "Thematic discussion: “Trafficking in human beings, especially women and children”.",
        "4": "Work of the Centre for International Crime Prevention.",
        "5": "International cooperation in combating transnational crime:",
        "6": "Strengthening international cooperation and technical assistance in preventing "
        "and combating terrorism.",
        "7": "Use and application of United Nations standards and norms in crime prevention "
        "and criminal justice.",
        "8": "Preparations for the Eleventh United Nations Congress on Crime Prevention and "
        "Criminal Justice.",
        "9": "Strategic management and programme questions.",
        "10": "Provisional agenda for the thirteenth session of the Commission.",
        "11": "Adoption of the report of the Commission on its twelfth session.",
    }
    numbered = [p for p in below(items, "paragraph") if p.num is not None]
    for p in numbered:
        assert p.text.startswith(starts[p.num or ""]), p.num
    assert subparagraph_map(items) == {"3": list("abc"), "5": list("abcd")}
    item3 = numbered[2]
    assert [s.text for s in item3.children] == [
        "Trends in trafficking in human beings",
        "Investigating and prosecuting cases on trafficking in human beings: national and "
        "international law enforcement cooperation and assistance",
        "Awareness-raising and social intervention: victim support and the role of civil society",
    ]
    item5 = numbered[4]
    starts5 = [
        "Convention against Transnational Organized Crime and the Protocols thereto;",
        "Negotiation of an international convention against corruption;",
        "Preventing and combating kidnapping;",
        "Illicit trafficking in protected species of wild flora and fauna.",
    ]
    assert len(item5.children) == 4
    for sub, start in zip(item5.children, starts5, strict=True):
        assert sub.text.startswith(start), sub.num
    # The placeholders and the documentation lines survive somewhere under the agenda.
    under = " ".join(all_strings(items))
    assert "Council resolution 2002/... [E/CN.15/2002/L.11, operative paragraph 6]" in under
    assert "(Legislative authority: Commission resolution 7/1)" in under
    assert "Documentation*" not in under


def test_agenda_documentation_stays_with_its_sub_item(doc: Node) -> None:
    # Item 5 (lines 973-989): each sub-item is followed by its own documentation.
    items = agenda(doc)
    item5 = next(p for p in below(items, "paragraph") if p.num == "5")
    assert_in_order(
        reading_order(items),
        [
            "Convention against Transnational Organized Crime and the Protocols thereto;",
            "Report of the Secretary-General on the United Nations Convention against "
            "Transnational Organized Crime",
            "(Legislative authority: Assembly resolution 56/120)",
            "Negotiation of an international convention against corruption;",
            "Report of the Secretary-General on the work of the Ad Hoc Committee for the "
            "Negotiation of a Convention against Corruption",
            "Preventing and combating kidnapping;",
            "Report of the Secretary-General on measures to strengthen international "
            "cooperation in the prevention, combating and elimination of kidnapping",
            "Illicit trafficking in protected species of wild flora and fauna.",
            "Report of the Secretary-General on illicit trafficking in protected species of "
            "wild flora and fauna",
            "Strengthening international cooperation and technical assistance in preventing "
            "and combating terrorism.",
        ],
    )
    assert item5.line == 973


def test_agenda_documentation_heading_not_left_dangling(doc: Node) -> None:
    # "Documentation" introduces a list: it is never left dangling at the end of a text.
    items = agenda(doc)
    assert [n.text for n in items.walk() if n.text.endswith(("Documentation", "Sub-themes:"))] == []


def test_draft_decision_ii(doc: Node) -> None:
    dec = decision(doc, "II")
    assert outline(dec) == [None]
    assert dec.children[0].text.startswith(
        "The Economic and Social Council decides to endorse the appointment, by the "
        "Commission on Crime Prevention and Criminal Justice at its eleventh"
    )


def test_page_break_at_a_sentence_boundary_joins_paragraph_8(doc: Node) -> None:
    annex = the_annex(resolution(doc, "B", "I"))
    p8 = below_para(annex, "8")
    assert p8.text == (
        "The victim and the offender should normally agree on the basic facts of a case "
        "as the basis for their participation in a restorative process. Participation "
        "of the offender shall not be used as evidence of admission of guilt in "
        "subsequent legal proceedings."
    )
    assert below_para(annex, "19").text == (
        "Facilitators shall possess a good understanding of local cultures and "
        "communities and, where appropriate, receive initial training before taking up "
        "facilitation duties."
    )
    assert child(below_para(annex, "13"), "subparagraph", "a").text == (
        "Subject to national law, the victim and the offender should have the right "
        "to consult with legal counsel concerning the restorative process and, where "
        "necessary, to translation and/or interpretation. Minors should, in addition, "
        "have the right to the assistance of a parent or guardian;"
    )


def test_page_breaks_with_footnote_blocks(doc: Node) -> None:
    res = resolution(doc, "A", "IV")
    preamble = [c for c in res.children if c.kind == "paragraph" and c.num is None]
    assert preamble[1].text == (
        "Recalling its resolution 56/119 of 19 December 2001 on the role, function, "
        "periodicity and duration of the United Nations congresses on the prevention of "
        "crime and the treatment of offenders,"
    )
    assert preamble[1].line == 117
    iv2 = path(resolution(doc, "B", "IV"), ("chapter", "I"), ("paragraph", "2"))
    assert iv2.text == (
        "Takes note of the reports of the Secretary-General on the implementation of "
        "the United Nations Declaration against Corruption and Bribery in International "
        "Commercial Transactions, the report of the Secretary-General on the "
        "implementation of the United Nations Declaration on Crime and Public "
        "Security, and the report of the Secretary-General on the implementation of "
        "the International Code of Conduct for Public Officials and considers the "
        "first cycle of gathering information on the use and application of the United "
        "Nations standards and norms in crime prevention and criminal justice to have "
        "been completed;"
    )
    assert iv2.italics == [(0, len("Takes note"))]
    assert [f.num for f in iv2.footnotes] == ["25", "26", "27"]
    assert before_marker(iv2, "27").endswith("International Code of Conduct for Public Officials")
    a4 = child(resolution(doc, "B", "V"), "paragraph", "4")
    assert a4.text == (
        "Exhorts Member States that have not already done so, in furtherance of "
        "the fight against kidnapping, to strengthen their measures against "
        "money-laundering and to provide international cooperation and mutual "
        "assistance through the tracing, detection, freezing and confiscation of "
        "proceeds of kidnapping, in order to undermine the structure of organized "
        "criminal groups;"
    )
    b4 = child(resolution(doc, "B", "I"), "paragraph", "4")
    assert b4.text == (
        "Calls upon Member States that have adopted restorative justice practices to "
        "make information about those practices available to other States upon request;"
    )


def test_unnumbered_operative_paragraphs_of_b_iii(doc: Node) -> None:
    ii = path(resolution(doc, "B", "III"), ("chapter", "II"))
    assert ii.heading == "Measures against child prostitution"
    assert ii.children[-1].text == (
        "Calls upon Member States to take immediate steps to provide for the effective "
        "and proportional punishment, under their domestic law, of persons who procure "
        "or obtain the sexual services of children."
    )
    assert ii.children[-1].line == 663
    iii = path(resolution(doc, "B", "III"), ("chapter", "III"))
    assert iii.heading == (
        "Time limits for penal proceedings in cases involving the sexual abuse or "
        "exploitation of children"
    )
    assert iii.children[-1].text.startswith(
        "Calls upon Member States to make every effort to ensure, in conformity with "
        "domestic legislation"
    )


def test_truncated_final_paragraph_kept_as_is(doc: Node) -> None:
    p5 = path(doc, ("chapter", "II"), ("section", "A"), ("paragraph", "5"))
    assert p5.text == (
        "At its 2nd and 3rd meetings, on 16 and 17 April 2002, the Commission on Crime "
        "Prevention and Criminal Justice considered item 3 of its agenda. In line with "
        "the consultations held during the intersessional meetings of the Commission, "
        "three sub-themes had been selected for the thematic discussion: (a) reforming "
        "juvenile justice; (b) integrated criminal justice reforms, with particular "
        "emphasis on prosecutors, courts and prisons; and (c) strengthening "
        "international criminal justice cooperation. Following past practice, the "
        "thematic discussion was structured to facilitate an interactive dialogue among "
        "Member States. The discussion drew on the experience of"
    )
    assert p5.children == []
    assert p5.line == 1074


def test_footnote_attachment(doc: Node) -> None:
    cited = [(f.num, n.kind, n.num, n.line) for n in doc.walk() for f in n.footnotes]
    assert cited == [
        ("1", "paragraph", "1", 27),
        ("2", "paragraph", "2", 29),
        ("3", "paragraph", "2", 29),
        ("1", "paragraph", "4", 33),
        ("4", "paragraph", None, 61),
        ("5", "paragraph", None, 61),
        ("6", "paragraph", "1", 103),
        ("7", "paragraph", "1", 131),
        ("8", "paragraph", None, 203),
        ("9", "paragraph", None, 209),
        ("10", "paragraph", None, 213),
        ("11", "paragraph", None, 213),
        ("12", "paragraph", None, 353),
        ("13", "paragraph", None, 357),
        ("14", "paragraph", "3", 393),
        ("15", "paragraph", None, 613),
        ("16", "paragraph", None, 613),
        ("17", "paragraph", None, 613),
        ("18", "paragraph", None, 613),
        ("19", "paragraph", None, 615),
        ("20", "paragraph", None, 617),
        ("15", "paragraph", None, 655),
        ("21", "paragraph", None, 657),
        ("22", "paragraph", None, 693),
        ("23", "paragraph", None, 697),
        ("24", "paragraph", "1", 705),
        ("25", "paragraph", "2", 707),
        ("26", "paragraph", "2", 707),
        ("27", "paragraph", "2", 707),
        ("28", "paragraph", "1", 743),
        ("29", "paragraph", None, 769),
        ("30", "paragraph", None, 773),
        ("31", "paragraph", "2", 779),
        ("32", "paragraph", None, 803),
        ("33", "paragraph", "1", 817),
        ("34", "paragraph", None, 857),
        ("35", "paragraph", None, 857),
        ("36", "paragraph", "1", 865),
        ("36", "paragraph", "2", 867),
        ("37", "paragraph", "1", 905),
        ("38", "paragraph", "3", 909),
    ]


def test_footnote_texts(doc: Node) -> None:
    texts = footnote_texts(doc)
    assert sorted(texts, key=int) == nums(1, 38)
    assert texts["1"] == "E/CN.15/2002/10."
    assert texts["6"] == "General Assembly resolution 56/261, annex."
    assert texts["7"] == (
        "See Official Records of the Economic and Social Council, 2002, Supplement No. 10 "
        "(E/2002/30/Rev.1), part one, chap. IV."
    )
    assert texts["14"] == (
        "See Compendium of United Nations Standards and Norms in Crime Prevention and "
        "Criminal Justice (United Nations publication, Sales No. E.92.IV.1 and corrigendum)."
    )
    assert texts["15"] == "General Assembly resolution 44/25, annex."
    assert texts["27"] == "E/CN.15/2002/6/Add.1 and 3."
    assert texts["30"] == "General Assembly resolution 55/59, annex, para. 10."
    assert texts["38"] == "General Assembly resolution 56/261, annex, sect. VII."


def test_no_footnote_definitions_or_markup_left(doc: Node) -> None:
    superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    assert [t for t in all_strings(doc) if any(c in t for c in superscripts)] == []
    assert [t for t in all_strings(doc) if "*" in t or "  " in t or t != t.strip()] == []
    assert [t for t in all_strings(doc) if t.startswith("- ")] == []


def test_italic_operative_verbs(doc: Node) -> None:
    p1 = child(resolution(doc, "A", "I"), "paragraph", "1")
    assert p1.italics == [(0, len("Takes note with appreciation"))]
    assert p1.text.startswith("Takes note with appreciation of the report of the Secretary-General")
    assert [(f.num, f.offset) for f in p1.footnotes] == [("1", len(p1.text))]
    assert sub_nums(p1) == []


# Page breaks (footnote blocks often in between): (last line before the break, first line
# after it, the words around the break as they read once joined). 275 -> 277 falls at a
# sentence boundary inside annex ¶8 and must still join.
PAGE_BREAKS = [
    (19, 21, "entry into force and implementation of"),
    (57, 59, "preventing and combating corrupt practices and"),
    (99, 101, "challenges of the twenty-first century in"),
    (117, 121, "and duration of the United Nations"),
    (203, 205, "in particular the United Nations Declaration"),
    (221, 223, "practices to make information about those"),
    (275, 277, "a restorative process. Participation of the"),
    (301, 303, "process and, where necessary, to translation"),
    (319, 321, "and communities and, where appropriate, receive"),
    (371, 377, "elements of their transferability and making"),
    (419, 421, "including those addressing employment, education, health,"),
    (583, 585, "Power (resolution 40/34, annex), the Guidelines"),
    (619, 633, "applying the Convention on the Rights"),
    (693, 695, "on witnesses and victims of crime,"),
    (707, 719, "International Code of Conduct for Public"),
    (769, 771, "the intention of adopting more effective"),
    (783, 791, "to provide international cooperation and mutual"),
    (821, 827, "World Bank and other international, regional"),
    (837, 839, "and criminal justice, with a view"),
    (871, 873, "preventing, combating and eradicating illicit trafficking"),
]


@pytest.mark.parametrize(("before", "after", "joined"), PAGE_BREAKS, ids=str)
def test_page_break_joined(doc: Node, before: int, after: int, joined: str) -> None:
    node = node_at(doc, before)
    assert joined in node.text
    assert node_at(doc, after) is node


def test_tree_follows_the_source_order_and_labels(doc: Node) -> None:
    assert tree_order_problems(doc, frozenset()) == []


def test_italic_operative_verbs_everywhere(doc: Node) -> None:
    """Every "N. *Verb* ..." line of the source is a paragraph N whose italics cover the verb."""
    lines = get(KEY).read().split("\n")
    checked = 0
    for number, line in enumerate(lines, start=1):
        m = re.match(r"(\d+)\. \*([^*]+)\*", line)
        if m is None:
            continue
        node = node_at(doc, number)
        assert (node.kind, node.num, node.line) == ("paragraph", m[1], number)
        assert node.text.startswith(m[2] + " ")
        assert node.italics[:1] == [(0, len(m[2]))], number
        checked += 1
    assert checked == 94


def test_agenda_item_texts_pinned(doc: Node) -> None:
    """Documentation and legislative-authority lines are part of the item (or sub-item) text."""
    numbered = {p.num: p for p in below(agenda(doc), "paragraph") if p.num is not None}
    assert numbered["1"].text == (
        "Election of officers. (Legislative authority: rule 15 of the rules of procedure of "
        "the functional commissions of the Economic and Social Council and decision 1/101 of "
        "the Commission on Crime Prevention and Criminal Justice)"
    )
    assert numbered["2"].text == (
        "Adoption of the agenda and organization of work. Documentation Provisional agenda, "
        "annotations and proposed organization of work (Legislative authority: Council "
        "resolution 1992/1 and decision 1997/232 and rules 5 and 7 of the rules of procedure "
        "of the functional commissions of the Council)"
    )
    assert numbered["3"].text == (
        "Thematic discussion: “Trafficking in human beings, especially women and children”. "
        "Sub-themes: Documentation Report of the Secretary-General on trafficking in human "
        "beings (Legislative authority: Council resolution 1999/51)"
    )
    assert numbered["5"].text == "International cooperation in combating transnational crime:"
    assert [s.text for s in numbered["5"].children] == [
        "Convention against Transnational Organized Crime and the Protocols thereto; "
        "Documentation Report of the Secretary-General on the United Nations Convention "
        "against Transnational Organized Crime (Legislative authority: Assembly resolution "
        "56/120)",
        "Negotiation of an international convention against corruption; Documentation Report "
        "of the Secretary-General on the work of the Ad Hoc Committee for the Negotiation of a "
        "Convention against Corruption (Legislative authority: Assembly resolution 57/... "
        "[E/CN.15/2002/L.9])",
        "Preventing and combating kidnapping; Documentation Report of the Secretary-General on "
        "measures to strengthen international cooperation in the prevention, combating and "
        "elimination of kidnapping and in providing assistance for the victims (Legislative "
        "authority: Council resolution 2002/... [E/CN.15/2002/L.11, operative paragraph 6])",
        "Illicit trafficking in protected species of wild flora and fauna. Documentation "
        "Report of the Secretary-General on illicit trafficking in protected species of wild "
        "flora and fauna (Legislative authority: Council resolution 2002/... "
        "[E/CN.15/2002/L.14, operative paragraph 6])",
    ]
    assert numbered["11"].text == "Adoption of the report of the Commission on its twelfth session."
