"""Structure of the 2014 Commission report (twenty-third session), chapter I.

Expected values are read off ``corpus/ccpcj-2014.txt``: sections A–D with draft
resolutions I–VI (A), I–III (B), draft decisions I–II (C), resolutions 23/1–23/3 and
decision 23/1 (D); the Model Strategies annex (¶¶1–47 across parts one to three) and the
cultural property guidelines annex (Guideline 1–48); footnotes 1–96 plus two lettered
annex notes. In an outline a paragraph is its num; see ``structure_helpers.outline``.
"""

from __future__ import annotations

import re

import pytest

from tests.unit.structure_helpers import (
    all_strings,
    before_marker,
    below,
    child,
    find_heading,
    item_nums,
    labelled,
    node_at,
    outline,
    para_nums,
    parsed,
    path,
    sub_nums,
    subparagraph_map,
    titles,
    tree_order_problems,
)
from vdesk.corpus.model import Node
from vdesk.documents import get

KEY = "ccpcj-2014"


def nums(first: int, last: int) -> list[str]:
    return [str(n) for n in range(first, last + 1)]


def ch(num: str, first: int, last: int) -> tuple[str, str, list[str]]:
    return ("chapter", num, nums(first, last))


def sec(letter: str, first: int, last: int) -> tuple[str, str, list[str]]:
    return ("section", letter, nums(first, last))


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
MODEL_STRATEGIES = (
    "United Nations Model Strategies and Practical Measures on the Elimination of Violence "
    "against Children in the Field of Crime Prevention and Criminal Justice"
)
RESOLUTIONS = {
    "A": [
        (
            "I",
            "Follow-up to the Twelfth United Nations Congress on Crime Prevention and "
            "Criminal Justice and preparations for the Thirteenth United Nations Congress on "
            "Crime Prevention and Criminal Justice",
        ),
        ("II", "Standard Minimum Rules for the Treatment of Prisoners"),
        ("III", "International cooperation in criminal matters"),
        ("IV", MODEL_STRATEGIES),
        (
            "V",
            "Rule of law, crime prevention and criminal justice in the United Nations "
            "development agenda beyond 2015",
        ),
        (
            "VI",
            "International Guidelines for Crime Prevention and Criminal Justice Responses "
            "with Respect to Trafficking in Cultural Property and Other Related Offences",
        ),
    ],
    "B": [
        ("I", "Strengthening social policies as a tool for crime prevention"),
        (
            "II",
            "Thirteenth United Nations Congress on Crime Prevention and Criminal Justice and "
            "the post-2015 development agenda",
        ),
        ("III", "Strengthening international cooperation in addressing the smuggling of migrants"),
    ],
    "D": [
        (
            "23/1",
            "Strengthening a targeted crime prevention and criminal justice response to "
            "combat illicit trafficking in forest products, including timber",
        ),
        (
            "23/2",
            "Preventing and combating trafficking in human organs and trafficking in persons "
            "for the purpose of organ removal",
        ),
        (
            "23/3",
            "Strengthening the development and implementation of the goAML system as a useful "
            "tool in implementing the United Nations crime prevention and criminal justice "
            "programme",
        ),
    ],
}
OPERATIVE = {
    ("A", "I"): nums(1, 19),
    ("A", "II"): nums(1, 20),
    ("A", "III"): nums(1, 19),
    ("A", "IV"): nums(1, 16),
    ("A", "V"): nums(1, 12),
    ("A", "VI"): nums(1, 12),
    ("B", "I"): nums(1, 9),
    ("B", "II"): nums(1, 2),
    ("B", "III"): nums(1, 28),
    ("D", "23/1"): nums(1, 14),
    ("D", "23/2"): nums(1, 6),
    ("D", "23/3"): nums(1, 5),
}
MODEL_STRATEGIES_ANNEX = [
    ("heading", None, nums(1, 5)),
    ("heading", None, ["6"]),
    ("heading", None, ["7"]),
    ("part", "one", ["8", ch("I", 9, 11), ch("II", 12, 17), ch("III", 18, 18)]),
    (
        "part",
        "two",
        [
            ch("IV", 19, 19),
            ch("V", 20, 21),
            ch("VI", 22, 22),
            ch("VII", 23, 23),
            ch("VIII", 24, 26),
            ch("IX", 27, 27),
            ch("X", 28, 28),
        ],
    ),
    (
        "part",
        "three",
        [
            ch("XI", 29, 31),
            ch("XII", 32, 34),
            ch("XIII", 35, 35),
            ch("XIV", 36, 36),
            ch("XV", 37, 42),
            ch("XVI", 43, 44),
            ch("XVII", 45, 47),
        ],
    ),
]
GUIDELINES_ANNEX = [
    ("heading", None, nums(1, 6)),
    ("chapter", "I", [sec("A", 1, 4), sec("B", 5, 8), sec("C", 9, 11), sec("D", 12, 12)]),
    (
        "chapter",
        "II",
        [
            sec("A", 13, 14),
            sec("B", 15, 19),
            sec("C", 20, 22),
            sec("D", 23, 24),
            sec("E", 25, 28),
            sec("F", 29, 31),
        ],
    ),
    (
        "chapter",
        "III",
        [
            sec("A", 32, 32),
            sec("B", 33, 35),
            sec("C", 36, 38),
            sec("D", 39, 40),
            sec("E", 41, 45),
            sec("F", 46, 47),
        ],
    ),
    ("chapter", "IV", ["48"]),
]


@pytest.fixture(scope="module")
def doc() -> Node:
    return parsed(KEY)


def section(doc: Node, letter: str) -> Node:
    return path(doc, ("chapter", "I"), ("section", letter))


def resolution(doc: Node, letter: str, num: str) -> Node:
    return child(section(doc, letter), "resolution", num)


def the_annex(res: Node) -> Node:
    annexes = [c for c in res.children if c.kind == "annex"]
    assert len(annexes) == 1
    return annexes[0]


def model_strategies(doc: Node) -> Node:
    return the_annex(resolution(doc, "A", "IV"))


def guidelines(doc: Node) -> Node:
    return the_annex(resolution(doc, "A", "VI"))


def para(node: Node, num: str) -> Node:
    hits = [p for p in below(node, "paragraph") if p.num == num]
    assert len(hits) == 1, f"¶{num} occurs {len(hits)} times"
    return hits[0]


def sub(node: Node, num: str, letter: str) -> Node:
    return child(para(node, num), "subparagraph", letter)


def test_document_node(doc: Node) -> None:
    assert doc.kind == "document"
    assert doc.heading == get(KEY).title


def test_chapter_and_sections(doc: Node) -> None:
    assert titles(doc, "chapter") == [
        (
            "I",
            "Matters calling for action by the Economic and Social Council or brought to its "
            "attention",
        )
    ]
    assert [(c.kind, c.label, c.line) for c in doc.children] == [("chapter", "Chapter I", 3)]
    ch1 = doc.children[0]
    assert titles(ch1, "section") == SECTIONS
    assert [(c.label, c.line) for c in ch1.children] == [
        ("A.", 7),
        ("B.", 1390),
        ("C.", 1574),
        ("D.", 1617),
    ]


def test_section_contents(doc: Node) -> None:
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
        ("resolution", "23/1"),
        ("resolution", "23/2"),
        ("resolution", "23/3"),
        ("decision", "23/1"),
    ]


@pytest.mark.parametrize("letter", ["A", "B", "D"])
def test_resolution_titles(doc: Node, letter: str) -> None:
    assert titles(section(doc, letter), "resolution") == RESOLUTIONS[letter]
    expected = [
        f"Resolution {n}" if letter == "D" else f"Draft resolution {n}"
        for n, _ in RESOLUTIONS[letter]
    ]
    assert [label for label, _ in labelled(section(doc, letter), "resolution")] == expected


def test_resolution_lines(doc: Node) -> None:
    assert [c.line for c in section(doc, "A").children[1:]] == [11, 89, 211, 297, 1047, 1137]
    assert [c.line for c in section(doc, "B").children[1:]] == [1394, 1454, 1472]
    assert [c.line for c in section(doc, "C").children[1:]] == [1578, 1611]
    assert [c.line for c in section(doc, "D").children[1:]] == [1621, 1703, 1757, 1799]


def test_decisions(doc: Node) -> None:
    assert labelled(section(doc, "C"), "decision") == [
        (
            "Draft decision I",
            "Report of the Commission on Crime Prevention and Criminal Justice on its "
            "twenty-third session and provisional agenda for its twenty-fourth session",
        ),
        (
            "Draft decision II",
            "Appointment of members of the Board of Trustees of the United Nations "
            "Interregional Crime and Justice Research Institute",
        ),
    ]
    assert labelled(section(doc, "D"), "decision") == [
        (
            "Decision 23/1",
            "Report of the Board of Trustees of the United Nations Interregional Crime and "
            "Justice Research Institute",
        )
    ]
    d231 = child(section(doc, "D"), "decision", "23/1")
    assert outline(d231) == [None]
    assert d231.children[0].text.startswith(
        "At its 7th meeting, on 15 May 2014, the Commission on Crime Prevention and "
        "Criminal Justice decided to transmit the report of the Board of Trustees"
    )
    dd2 = child(section(doc, "C"), "decision", "II")
    assert outline(dd2) == [None]
    assert dd2.children[0].text == (
        "The Economic and Social Council decides to endorse the reappointment of Stuart "
        "Page (Australia) and the appointment of Carlos Castresana (Spain), Mohammed "
        "Hanzab (Qatar) and Joel Antonio Hernández García (Mexico) to the Board of Trustees "
        "of the United Nations Interregional Crime and Justice Research Institute."
    )


@pytest.mark.parametrize("key", list(OPERATIVE), ids=lambda k: "-".join(k))
def test_operative_paragraphs(doc: Node, key: tuple[str, str]) -> None:
    res = resolution(doc, *key)
    operative = [c.num for c in res.children if c.kind == "paragraph" and c.num is not None]
    assert operative == OPERATIVE[key]
    # Preambular paragraphs come first, then the operative ones, then any annex.
    kinds = [("annex" if c.kind == "annex" else c.num is not None) for c in res.children]
    assert kinds == sorted(kinds, key=lambda k: {False: 0, True: 1, "annex": 2}[k])


def test_report_paragraphs(doc: Node) -> None:
    report = [s.children[0] for s in doc.children[0].children]
    assert [(p.kind, p.num, p.line) for p in report] == [
        ("paragraph", "1", 9),
        ("paragraph", "2", 1392),
        ("paragraph", "3", 1576),
        ("paragraph", "4", 1619),
    ]
    assert report[0].text == (
        "The Commission on Crime Prevention and Criminal Justice recommends to the "
        "Economic and Social Council the approval of the following draft resolutions for "
        "adoption by the General Assembly:"
    )


def test_model_strategies_annex_outline(doc: Node) -> None:
    annex = model_strategies(doc)
    assert (annex.label, annex.heading, annex.line) == ("Annex", MODEL_STRATEGIES, 405)
    assert outline(annex) == MODEL_STRATEGIES_ANNEX
    assert para_nums(annex) == nums(1, 47)
    assert [(c.heading, c.line) for c in annex.children if c.kind == "heading"] == [
        ("Introduction", 409),
        ("Definitions", 421),
        ("Guiding principles", 457),
    ]
    assert labelled(annex, "part") == [
        (
            "Part one",
            "Prohibiting violence against children, implementing broad prevention measures "
            "and promoting research and data collection",
        ),
        (
            "Part two",
            "Enhancing the ability and capacity of the criminal justice system to respond to "
            "violence against children and protect child victims",
        ),
        (
            "Part three",
            "Preventing and responding to violence against children within the justice system",
        ),
    ]
    assert [c.line for c in annex.children if c.kind == "part"] == [475, 629, 837]


def test_model_strategies_chapter_titles(doc: Node) -> None:
    parts = [c for c in model_strategies(doc).children if c.kind == "part"]
    chapters = [t for p in parts for t in titles(p, "chapter")]
    assert chapters == [
        ("I", "Ensuring the prohibition by law of all forms of violence against children"),
        ("II", "Implementing comprehensive prevention programmes"),
        ("III", "Promoting research and data collection, analysis and dissemination"),
        ("IV", "Establishing effective detection and reporting mechanisms"),
        ("V", "Offering effective protection to child victims of violence"),
        (
            "VI",
            "Ensuring effective investigation and prosecution of incidents of violence "
            "against children",
        ),
        ("VII", "Enhancing cooperation among various sectors"),
        ("VIII", "Improving criminal proceedings in matters involving child victims of violence"),
        ("IX", "Ensuring that sentencing reflects the serious nature of violence against children"),
        ("X", "Strengthening capacity and training of criminal justice professionals"),
        ("XI", "Reducing the number of children in contact with the justice system"),
        ("XII", "Preventing violence associated with law enforcement and prosecution activities"),
        (
            "XIII",
            "Ensuring that deprivation of liberty is used only as a measure of last resort and "
            "for the shortest appropriate period of time",
        ),
        (
            "XIV",
            "Prohibiting torture and other cruel, inhuman or degrading treatment or punishment",
        ),
        ("XV", "Preventing and responding to violence against children in places of detention"),
        (
            "XVI",
            "Detecting, assisting and protecting children who are victims of violence as a "
            "result of their involvement with the justice system as alleged or sentenced "
            "offenders",
        ),
        ("XVII", "Strengthening accountability and oversight mechanisms"),
    ]


def test_model_strategies_subparagraphs(doc: Node) -> None:
    assert subparagraph_map(model_strategies(doc)) == {
        "6": list("abcdefghijklmnop"),
        "7": list("abcdefg"),
        "9": list("ab"),
        "10": list("abc"),
        "11": list("abcdefghi"),
        "13": list("abcdef"),
        "14": list("abcde"),
        "15": list("abc"),
        "16": list("abcdefg"),
        "17": list("abc"),
        "18": list("abcdefghijk"),
        "19": list("abcdef"),
        "20": list("abcdefghi"),
        "21": list("abcd"),
        "22": list("abcdefgh"),
        "23": list("abcdefgh"),
        "24": list("abcdefghij"),
        "26": list("abcd"),
        "27": list("abcdefg"),
        "28": list("abcdefghi"),
        "31": list("abcd"),
        "34": list("abcdefghijkl"),
        "35": list("abcde"),
        "36": list("ab"),
        "37": list("abcd"),
        "38": list("abcdefghij"),
        "39": list("abcdefghij"),
        "40": list("abc"),
        "41": list("abcde"),
        "42": list("abcd"),
        "43": list("abcde"),
        "44": list("abc"),
        "47": list("abcdefg"),
    }


def test_roman_items(doc: Node) -> None:
    annex = model_strategies(doc)
    found = {
        f"{p.num}({s.num})": item_nums(s)
        for p in below(annex, "paragraph")
        for s in p.children
        if item_nums(s)
    }
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    assert found == {
        "13(c)": romans,
        "24(e)": romans[:2],
        "24(j)": romans[:5],
        "27(g)": romans[:7],
        "28(h)": romans[:7],
    }
    assert sum(1 for n in doc.walk() if n.kind == "item") == 30
    assert sum(1 for n in doc.walk() if n.kind == "subparagraph") == 242


def test_paragraph_28_romans_then_letter_i(doc: Node) -> None:
    annex = model_strategies(doc)
    p28 = para(annex, "28")
    assert sub_nums(p28) == list("abcdefghi")
    h = child(p28, "subparagraph", "h")
    assert h.text == (
        "To ensure that criminal justice officials and other relevant authorities are "
        "adequately trained in their respective areas of competence:"
    )
    assert [i.text for i in h.children] == [
        "To identify and respond appropriately to the specific needs of child victims of violence;",
        "To receive and treat all child victims of violence respectfully, with a view to "
        "preventing secondary victimization;",
        "To handle complaints confidentially;",
        "To conduct effective investigations of alleged incidents of violence against children;",
        "To interact with child victims in an age-appropriate and child- and "
        "gender-sensitive manner;",
        "To conduct safety assessments and implement risk management measures;",
        "To enforce protection orders;",
    ]
    assert [i.line for i in h.children] == [821, 823, 825, 827, 829, 831, 833]
    letter_i = child(p28, "subparagraph", "i")
    assert letter_i.line == 835
    assert letter_i.children == []
    assert letter_i.text == (
        "To support the development of codes of conduct for criminal justice "
        "professionals that prohibit violence against children, including safe "
        "complaint and referral procedures, and to encourage relevant professional "
        "associations to develop enforceable standards of practice and behaviour."
    )


def test_paragraph_24_letters_and_romans(doc: Node) -> None:
    p24 = para(model_strategies(doc), "24")
    e = child(p24, "subparagraph", "e")
    assert e.text.endswith(
        "except in the following circumstances, as dictated by the best interests of the child:"
    )
    assert [i.text for i in e.children] == [
        "The parent(s) or the legal guardian are the alleged perpetrator(s) of the offence "
        "committed against the child;",
        "The court deems that it is not in the best interests of the child to be accompanied "
        "by his or her parent(s) or legal guardian, including on the basis of credible "
        "concern expressed by the child;",
    ]
    assert child(p24, "subparagraph", "f").text == (
        "To ensure that proceedings relevant to the testimony of the child are explained to "
        "the child and conducted in language that is simple and comprehensible to the child "
        "and that interpretation into language that the child understands is made available;"
    )
    letter_i = child(p24, "subparagraph", "i")
    assert letter_i.line == 749
    assert letter_i.text.startswith("To provide for the use of child-sensitive procedures")
    assert letter_i.children == []
    assert [i.line for i in child(p24, "subparagraph", "j").children] == [753, 755, 757, 759, 761]


def test_bulleted_romans_27_g(doc: Node) -> None:
    g = sub(model_strategies(doc), "27", "g")
    assert g.children[0].text == "Denounce and deter violence against children;"
    assert g.children[-1].text == (
        "Promote the rehabilitation of the perpetrator, including by promoting a sense of "
        "responsibility in offenders and, where appropriate, rehabilitating and "
        "reintegrating perpetrators into the community."
    )


def test_lettered_annex_note_in_13_f(doc: Node) -> None:
    annex = model_strategies(doc)
    f = sub(annex, "13", "f")
    assert f.text == (
        "To be guided by the Guidelines for the Prevention of Crime and play a leading role "
        "in developing effective crime prevention strategies and in creating and maintaining "
        "institutional frameworks for their implementation and review."
    )
    assert [(n.num, n.text) for n in f.footnotes] == [
        ("a", "Economic and Social Council resolution 2002/13, annex.")
    ]
    assert before_marker(f, "a") == "To be guided by the Guidelines for the Prevention of Crime"
    # Page break 575 -> 579 with the note between: ¶16 is one paragraph and cites nothing.
    p16 = para(annex, "16")
    assert p16.text == (
        "Broad public education and awareness campaigns are required. Member States, in "
        "cooperation with educational institutions, non-governmental organizations, "
        "relevant professional associations and the media, are urged, as appropriate and "
        "while taking into consideration relevant international human rights instruments:"
    )
    assert p16.footnotes == []


def test_guidelines_annex_outline(doc: Node) -> None:
    annex = guidelines(doc)
    assert (annex.label, annex.line) == ("Annex", 1207)
    assert annex.heading == (
        "International Guidelines for Crime Prevention and Criminal Justice Responses with "
        "respect to Trafficking in Cultural Property and Other Related Offences"
    )
    assert outline(annex) == GUIDELINES_ANNEX
    assert (annex.children[0].heading, annex.children[0].line) == ("Introduction", 1211)
    assert titles(annex, "chapter") == [
        ("I", "Prevention strategies"),
        ("II", "Criminal justice policies"),
        ("III", "Cooperation"),
        ("IV", "Scope of application"),
    ]
    assert [labelled(c, "section") for c in annex.children if c.kind == "chapter"] == [
        [
            ("A.", "Information and data collection"),
            ("B.", "The role of cultural institutions and the private sector"),
            ("C.", "Monitoring"),
            ("D.", "Education and public awareness"),
        ],
        [
            ("A.", "International legal texts"),
            ("B.", "Criminal and administrative offences"),
            ("C.", "Criminal and administrative sanctions"),
            ("D.", "Corporate liability"),
            ("E.", "Seizure and confiscation"),
            ("F.", "Investigations"),
        ],
        [
            ("A.", "Jurisdiction"),
            ("B.", "Judicial cooperation in criminal matters"),
            ("C.", "Extradition"),
            ("D.", "International cooperation for purposes of seizure and confiscation"),
            ("E.", "International cooperation among law enforcement and investigating authorities"),
            ("F.", "Return, restitution or repatriation"),
        ],
        [],
    ]


def test_guideline_labels(doc: Node) -> None:
    annex = guidelines(doc)
    chapters = [c for c in annex.children if c.kind == "chapter"]
    guideline_nodes = [p for c in chapters for p in below(c, "paragraph")]
    assert [p.label for p in guideline_nodes] == [f"Guideline {n}." for n in range(1, 49)]
    assert [p.num for p in guideline_nodes] == nums(1, 48)
    g48 = guideline_nodes[-1]
    assert g48.line == 1388
    assert subparagraph_map(annex) == {"6": list("abcd"), "3": list("abcdef"), "16": list("abcdef")}


def test_guideline_14_and_its_lettered_note(doc: Node) -> None:
    annex = guidelines(doc)
    g14 = path(annex, ("chapter", "II"), ("section", "A"), ("paragraph", "14"))
    assert g14.text == (
        "In bilateral cooperation, States may consider making use of the model treaty for "
        "the prevention of crimes that infringe on the cultural heritage of peoples in the "
        "form of movable property."
    )
    assert [(f.num, f.offset) for f in g14.footnotes] == [("a", len(g14.text))]
    assert g14.footnotes[0].text == (
        "Eighth United Nations Congress on the Prevention of Crime and the Treatment of "
        "Offenders, Havana, 27 August-7 September 1990: report prepared by the Secretariat "
        "(United Nations publication, Sales No. E.91.IV.2), chap. I, sect. B.1, annex."
    )
    g16 = path(annex, ("chapter", "II"), ("section", "B"), ("paragraph", "16"))
    assert g16.text == "States should consider criminalizing, as serious offences, acts such as:"
    assert [s.text for s in g16.children] == [
        "Trafficking in cultural property;",
        "Illicit export and illicit import of cultural property;",
        "Theft of cultural property (or consider elevating the offence of ordinary theft to a "
        "serious offence when it involves cultural property);",
        "Looting of archaeological and cultural sites, and/or illicit excavation;",
        "Conspiracy or participation in an organized criminal group for trafficking in "
        "cultural property and related offences;",
        "Laundering, as referred to in article 6 of the Organized Crime Convention, of "
        "trafficked cultural property.",
    ]


def test_section_b_closes_the_guidelines_annex(doc: Node) -> None:
    # Line 1390 "B. Draft resolutions ..." comes right after Guideline 48.
    b = section(doc, "B")
    assert b.line == 1390
    assert b.heading == "Draft resolutions for adoption by the Economic and Social Council"
    iv = path(guidelines(doc), ("chapter", "IV"))
    assert [(c.kind, c.num) for c in iv.children] == [("paragraph", "48")]
    assert [label for label, _ in labelled(section(doc, "B"), "resolution")] == [
        "Draft resolution I",
        "Draft resolution II",
        "Draft resolution III",
    ]


def test_draft_decision_i_and_agenda(doc: Node) -> None:
    dec = child(section(doc, "C"), "decision", "I")
    agenda = find_heading(
        dec,
        "Provisional agenda for the twenty-fourth session of the Commission on Crime "
        "Prevention and Criminal Justice",
    )
    assert agenda.kind == "heading"
    assert agenda.line == 1588
    agenda_ids = {id(n) for n in agenda.walk()}
    subs = [n for n in dec.walk() if n.kind == "subparagraph" and id(n) not in agenda_ids]
    assert [(s.num, s.text) for s in subs] == [
        (
            "a",
            "Takes note of the report of the Commission on Crime Prevention and Criminal "
            "Justice on its twenty-third session;",
        ),
        (
            "b",
            "Reaffirms Commission decision 21/1 of 27 April 2012 and takes note of Commission "
            "decision 22/2 of 26 April 2013;",
        ),
        ("c", "Approves the provisional agenda for the twenty-fourth session set out below."),
    ]
    council = [n for n in dec.walk() if n.text == "The Economic and Social Council:"]
    assert len(council) == 1 and council[0].line == 1582
    assert para_nums(agenda) == nums(1, 11)
    items = [p for p in below(agenda, "paragraph") if p.num is not None]
    assert [p.line for p in items] == [
        1590,
        1591,
        1592,
        1596,
        1597,
        1604,
        1605,
        1606,
        1607,
        1608,
        1609,
    ]
    assert items[0].text == "Election of officers."
    assert items[9].text == "Other business."
    assert (
        items[10].text == "Adoption of the report of the Commission on its twenty-fourth session."
    )
    assert subparagraph_map(agenda) == {"3": list("abc"), "5": list("abcde")}
    assert [s.text for s in items[2].children] == [
        "Work of the working group on improving the governance and financial situation of "
        "the United Nations Office on Drugs and Crime;",
        "Directives on policy and budgetary issues for the United Nations crime prevention "
        "and criminal justice programme;",
        "Working methods of the Commission.",
    ]
    assert child(items[4], "subparagraph", "e").text.startswith(
        "Other activities in support of the work of the United Nations Office on Drugs and Crime"
    )


def test_resolution_23_2_subparagraphs_across_a_footnote_block(doc: Node) -> None:
    res = resolution(doc, "D", "23/2")
    assert subparagraph_map(res) == {"2": list("abcd")}


def test_footnote_in_a_resolution_title(doc: Node) -> None:
    res = resolution(doc, "D", "23/3")
    assert [(f.num, f.in_heading) for f in res.footnotes] == [("93", True)]
    assert (
        before_marker(res, "93") == "Strengthening the development and implementation of the goAML"
    )
    assert res.footnotes[0].text.startswith(
        "The goAML system, a standard software system available for financial intelligence "
        "units, is a product of the Information and Technology Service"
    )


def test_inline_references_not_split(doc: Node) -> None:
    res = resolution(doc, "D", "23/1")
    hits = [n for n in res.walk() if "paragraphs 7 (h), (i) and (j) of the instrument" in n.text]
    assert len(hits) == 1 and hits[0].kind == "paragraph" and hits[0].children == []


def test_page_break_with_ten_footnotes_inside_a_sentence(doc: Node) -> None:
    res = resolution(doc, "A", "II")
    hits = [n for n in res.children if n.line == 109]
    assert len(hits) == 1
    text = hits[0].text
    assert (
        "the Basic Principles on the Use of Force and Firearms by Law Enforcement Officials, "
        "the United Nations Standard Minimum Rules for the Administration of Juvenile "
        "Justice (the Beijing Rules), the United Nations Rules for the Protection of "
        "Juveniles Deprived of their Liberty,"
    ) in text
    assert [f.num for f in hits[0].footnotes] == [str(n) for n in [12, 12, *range(13, 26)]]


def test_footnote_attachment(doc: Node) -> None:
    cited = [(f.num, n.kind, n.num, n.line) for n in doc.walk() for f in n.footnotes]
    assert cited == [
        ("1", "paragraph", None, 25),
        ("2", "paragraph", None, 33),
        ("3", "paragraph", None, 33),
        ("4", "paragraph", "1", 37),
        ("5", "paragraph", "4", 51),
        ("6", "paragraph", "5", 53),
        ("7", "paragraph", "6", 55),
        ("8", "paragraph", "15", 79),
        ("9", "paragraph", None, 95),
        ("10", "paragraph", None, 105),
        ("11", "paragraph", None, 107),
        ("12", "paragraph", None, 109),
        ("12", "paragraph", None, 109),
        ("13", "paragraph", None, 109),
        ("14", "paragraph", None, 109),
        ("15", "paragraph", None, 109),
        ("16", "paragraph", None, 109),
        ("17", "paragraph", None, 109),
        ("18", "paragraph", None, 109),
        ("19", "paragraph", None, 109),
        ("20", "paragraph", None, 109),
        ("21", "paragraph", None, 109),
        ("22", "paragraph", None, 109),
        ("23", "paragraph", None, 109),
        ("24", "paragraph", None, 109),
        ("25", "paragraph", None, 109),
        ("26", "paragraph", None, 133),
        ("27", "paragraph", "1", 157),
        ("28", "paragraph", "3", 161),
        ("29", "paragraph", "4", 163),
        ("10", "paragraph", "4", 163),
        ("30", "paragraph", "9", 173),
        ("31", "paragraph", "12", 187),
        ("32", "paragraph", "12", 187),
        ("24", "paragraph", "16", 195),
        ("21", "paragraph", "16", 195),
        ("23", "paragraph", "17", 203),
        ("15", "paragraph", "19", 207),
        ("33", "paragraph", None, 217),
        ("34", "paragraph", None, 217),
        ("35", "paragraph", None, 217),
        ("36", "paragraph", None, 243),
        ("37", "paragraph", None, 245),
        ("38", "paragraph", None, 245),
        ("33", "paragraph", "2", 261),
        ("34", "paragraph", "2", 261),
        ("35", "paragraph", "2", 261),
        ("39", "paragraph", None, 303),
        ("40", "paragraph", None, 303),
        ("40", "paragraph", None, 303),
        ("41", "paragraph", None, 303),
        ("42", "paragraph", None, 305),
        ("43", "paragraph", None, 305),
        ("44", "paragraph", None, 305),
        ("45", "paragraph", None, 305),
        ("46", "paragraph", None, 305),
        ("47", "paragraph", None, 305),
        ("48", "paragraph", None, 305),
        ("49", "paragraph", None, 305),
        ("50", "paragraph", None, 305),
        ("51", "paragraph", None, 305),
        ("52", "paragraph", None, 305),
        ("53", "paragraph", None, 305),
        ("54", "paragraph", None, 305),
        ("55", "paragraph", None, 337),
        ("56", "paragraph", None, 341),
        ("57", "paragraph", None, 341),
        ("58", "paragraph", None, 341),
        ("59", "paragraph", "3", 373),
        ("a", "subparagraph", "f", 553),
        ("60", "paragraph", None, 1055),
        ("61", "paragraph", None, 1061),
        ("62", "paragraph", None, 1079),
        ("63", "paragraph", None, 1081),
        ("64", "paragraph", None, 1081),
        ("65", "paragraph", None, 1081),
        ("66", "paragraph", None, 1145),
        ("67", "paragraph", None, 1145),
        ("68", "paragraph", None, 1147),
        ("69", "paragraph", None, 1147),
        ("70", "paragraph", None, 1147),
        ("70", "paragraph", None, 1147),
        ("71", "paragraph", None, 1147),
        ("72", "paragraph", None, 1165),
        ("a", "paragraph", "14", 1285),
        ("73", "paragraph", None, 1408),
        ("74", "paragraph", None, 1412),
        ("75", "paragraph", None, 1412),
        ("76", "paragraph", None, 1412),
        ("77", "paragraph", None, 1412),
        ("78", "paragraph", None, 1412),
        ("79", "paragraph", None, 1412),
        ("80", "paragraph", None, 1496),
        ("81", "paragraph", "5", 1520),
        ("80", "paragraph", "5", 1520),
        ("82", "paragraph", "23", 1560),
        ("83", "paragraph", None, 1627),
        ("84", "paragraph", None, 1627),
        ("85", "paragraph", None, 1631),
        ("86", "paragraph", None, 1637),
        ("83", "paragraph", "1", 1671),
        ("84", "paragraph", "6", 1683),
        ("87", "paragraph", "7", 1685),
        ("88", "paragraph", None, 1711),
        ("89", "paragraph", None, 1715),
        ("90", "paragraph", None, 1715),
        ("91", "paragraph", None, 1717),
        ("92", "paragraph", None, 1721),
        ("93", "resolution", "23/3", 1757),
        ("94", "paragraph", None, 1765),
        ("95", "paragraph", None, 1765),
        ("96", "paragraph", None, 1765),
    ]


def test_footnote_texts(doc: Node) -> None:
    texts: dict[str, set[str]] = {}
    for n in doc.walk():
        for f in n.footnotes:
            texts.setdefault(f.num, set()).add(f.text)
    assert sorted(texts, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0)) == [
        *nums(1, 96),
        "a",
    ]
    assert texts["a"] == {
        "Economic and Social Council resolution 2002/13, annex.",
        "Eighth United Nations Congress on the Prevention of Crime and the Treatment of "
        "Offenders, Havana, 27 August-7 September 1990: report prepared by the Secretariat "
        "(United Nations publication, Sales No. E.91.IV.2), chap. I, sect. B.1, annex.",
    }
    assert texts["1"] == {"General Assembly resolution 46/152, annex."}
    assert texts["12"] == {"General Assembly resolution 2200 A (XXI), annex."}
    assert texts["19"] == {
        "Eighth United Nations Congress on the Prevention of Crime and the Treatment of "
        "Offenders, Havana, 27 August-7 September 1990: report prepared by the Secretariat "
        "(United Nations publication, Sales No. E.91.IV.2), chap. I, sect. B.2, annex."
    }
    assert texts["45"] == {"Economic and Social Council resolution 1997/30, annex."}
    assert texts["70"] == {"Ibid., vol. 249, No. 3511."}
    assert texts["80"] == {"United Nations, Treaty Series, vol. 2241, No. 39574."}
    assert texts["96"] == {"Ibid., vol. 2349, No. 42146."}


def test_no_markup_or_definitions_left(doc: Node) -> None:
    superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    assert [t for t in all_strings(doc) if any(c in t for c in superscripts)] == []
    assert [t for t in all_strings(doc) if "^a" in t or "*" in t or "  " in t] == []
    assert [t for t in all_strings(doc) if t != t.strip() or t.startswith("- ")] == []


# Page breaks inside a sentence (footnote blocks often in between): (last line before the
# break, first line after it, the words around the break as they read once joined).
PAGE_BREAKS = [
    (25, 27, "congresses, pursuant to paragraphs 29 and"),
    (95, 101, "faith in fundamental human rights, in"),
    (109, 131, "United Nations Standard Minimum Rules for"),
    (139, 155, "to the topic “Role of the"),
    (195, 201, "Prisoners and Non-custodial Measures for Women"),
    (249, 257, "States, intergovernmental organizations, non-governmental organizations and"),
    (305, 335, "for the Effective Implementation of the"),
    (395, 397, "in the areas of crime prevention"),
    (485, 487, "provisions that justify, allow for or"),
    (575, 579, "institutions, non-governmental organizations, relevant professional associations"),
    (663, 665, "as restraining or barring orders in"),
    (741, 743, "simple and comprehensible to the child"),
    (843, 845, "to ensure that any conduct not"),
    (935, 937, "and accordingly provide appropriate protection and"),
    (1009, 1011, "implicated in violence against or ill-treatment"),
    (1081, 1089, "and the United Nations Convention against"),
    (1111, 1115, "regard, giving due consideration to the"),
    (1177, 1181, "resolution, can be considered by Member"),
    (1412, 1426, "Model Strategies and Practical Measures on"),
    (1444, 1448, "upon the Organization, upon request by"),
    (1466, 1468, "respecting the process established by the"),
    (1512, 1516, "migration and paying special attention to"),
    (1554, 1556, "combat the smuggling of migrants through"),
    (1627, 1629, "and eradicate illicit international trafficking in"),
    (1641, 1651, "systems, addressing different forms and manifestations"),
    (1671, 1673, "Convention against Transnational Organized Crime, where"),
    (1765, 1769, "effects of illicit financial flows resulting"),
    (1785, 1793, "the development, implementation and maintenance of"),
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
    assert checked == 162
