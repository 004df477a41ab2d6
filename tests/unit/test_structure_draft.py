"""Structure of the draft plans of action (27 March 2001): chapters I–XII, ¶¶1–102.

Expected values are read off ``corpus/draft-plans-of-action.txt`` (plain PDF text,
Unicode superscript markers, endnotes under "Notes", displaced numbers and letters).
Objectives are sections under "C. Objectives" (in VII under "B. Objectives"); the
numbered sub-sections "1. National actions" … are sections under the objective.
"""

from __future__ import annotations

import pytest

from tests.unit.structure_helpers import (
    all_strings,
    ancestry,
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
    subparagraph_map,
    titles,
    tree_order_problems,
)
from vdesk.corpus.model import Node
from vdesk.documents import get

KEY = "draft-plans-of-action"

CHAPTERS = [
    ("I", "Background"),
    ("II", "Summary of the draft Plans of Action"),
    ("III", "Action against transnational organized crime"),
    ("IV", "Action against corruption"),
    ("V", "Action against trafficking in persons and smuggling of migrants"),
    (
        "VI",
        "Action against the illicit manufacturing of and trafficking in firearms, their "
        "parts and components and ammunition",
    ),
    ("VII", "Action against money-laundering"),
    ("VIII", "Action against terrorism"),
    ("IX", "Action on crime prevention"),
    ("X", "Action on witnesses and victims of crime"),
    ("XI", "Action on the treatment of offenders"),
    ("XII", "Action against the criminal misuse of information technologies"),
]
CHAPTER_LINES = [46, 54, 82, 190, 340, 480, 575, 637, 687, 744, 806, 874]


def s(num: str, *children: object) -> tuple[str, str, list[object]]:
    """A section in an expected outline."""
    return ("section", num, list(children))


def actions(national: list[str], international: list[str], impact: list[str] | None):
    """The 1. National actions / 2. International actions / 3. Expected impact sections."""
    out = [s("1", *national), s("2", *international)]
    if impact is not None:
        out.append(s("3", *impact))
    return out


# Chapters whose objectives each have their own sub-sections: the full outline.
OUTLINES: dict[str, list[object]] = {
    "I": ["1", "2", "3"],
    "II": ["4", "5", "6"],
    "III": [
        s("A", "7"),
        s("B", "8", "9"),
        s(
            "C",
            s("1", *actions(["10"], ["11", "12", "13"], ["14", "15"])),
            s("2", *actions(["16", "17"], ["18"], ["19"])),
        ),
    ],
    "IV": [
        s("A", "20"),
        s("B", "21"),
        s(
            "C",
            s("1", *actions(["22"], ["23"], ["24"])),
            s("2", "25", *actions(["26"], ["27"], ["28"])),
            s("3", *actions(["29", "30", "31"], ["32", "33"], ["34"])),
        ),
    ],
    "V": [
        s("A", "35"),
        s("B", "36", "37", "38"),
        s(
            "C",
            s("1", *actions(["39"], ["40", "41"], ["42", "43"])),
            s("2", *actions(["44"], ["45", "46"], ["47", "48"])),
            s("3", *actions(["49"], ["50", "51"], ["52"])),
        ),
    ],
    "VII": [
        s("A", "62"),
        s("B", ("section", None, actions(["63"], ["64", "65"], ["66"]))),
    ],
    "VIII": [
        s("A", "67"),
        s("B", "68"),
        s(
            "C",
            s("1", *actions(["69"], ["70"], None)),
            s("2", *actions(["71"], ["72"], None)),
        ),
    ],
    "X": [
        s("A", "79"),
        s("B", "80", "81"),
        s("C", ("section", None, actions(["82"], ["83", "84"], ["85"]))),
    ],
    "XI": [
        s("A", "86"),
        s("B", "87"),
        s("C", ("section", None, actions(["88"], ["89", "90"], ["91"]))),
    ],
}
# Chapters where two objectives share one set of sub-sections (one objective section).
SHARED: dict[str, tuple[list[object], list[object]]] = {
    "VI": ([s("A", "53"), s("B", "54")], actions(["55", "56", "57"], ["58", "59", "60"], ["61"])),
    "IX": ([s("A", "73"), s("B", "74")], actions(["75"], ["76", "77"], ["78"])),
    "XII": (
        [s("A", "92"), s("B", "93", "94", "95", "96")],
        actions(["97", "98"], ["99", "100"], ["101", "102"]),
    ),
}
OBJECTIVE_TEXTS = {
    ("III", "1"): "To achieve the signature, ratification and entry into force of the "
    "Convention and the protocols thereto as soon as possible.",
    ("III", "2"): "To achieve progressive implementation of the Convention and the "
    "protocols thereto.",
    ("IV", "1"): "To complete preparations for the negotiation of a global instrument "
    "against corruption as quickly as possible.",
    ("IV", "2"): "To develop and adopt a binding global international legal instrument "
    "against corruption and to bring about its signature, ratification and entry into "
    "force.",
    ("IV", "3"): "To identify, develop and implement programmes and measures to prevent "
    "and combat corruption.",
    ("V", "1"): "To make every effort to sign and ratify the Migrants Protocol and the "
    "Trafficking in Persons Protocol so that they enter into force as soon as possible.",
    ("VIII", "1"): "To take effective, resolute and speedy measures with respect to "
    "preventing and combating criminal activities carried out for the purpose of "
    "furthering terrorism.",
    ("VIII", "2"): "To promote universal adherence to international instruments concerned "
    "with the fight against terrorism.",
}
SUB_SECTION_TITLES = {
    "1": ("1.", "National actions"),
    "2": ("2.", "International actions"),
    "3": ("3.", "Expected impact"),
}


@pytest.fixture(scope="module")
def doc() -> Node:
    return parsed(KEY)


def chapter(doc: Node, num: str) -> Node:
    return child(doc, "chapter", num)


def para(doc: Node, num: str) -> Node:
    hits = [p for p in below(doc, "paragraph") if p.num == num]
    assert len(hits) == 1, f"¶{num} occurs {len(hits)} times"
    return hits[0]


def sub(doc: Node, num: str, letter: str) -> Node:
    return child(para(doc, num), "subparagraph", letter)


def objectives(doc: Node, ch: str) -> Node:
    """The "C. Objectives" section (B in chapter VII)."""
    return child(chapter(doc, ch), "section", "B" if ch == "VII" else "C")


def test_document_node(doc: Node) -> None:
    assert doc.kind == "document"
    assert doc.heading == get(KEY).title


def test_chapters(doc: Node) -> None:
    assert titles(doc, "chapter") == CHAPTERS
    assert [label for label, _ in labelled(doc, "chapter")] == [f"{n}." for n, _ in CHAPTERS]
    assert [c.line for c in doc.children if c.kind == "chapter"] == CHAPTER_LINES


def test_paragraphs_1_to_102_once_each(doc: Node) -> None:
    assert para_nums(doc) == [str(n) for n in range(1, 103)]


@pytest.mark.parametrize("num", list(OUTLINES))
def test_chapter_outline(doc: Node, num: str) -> None:
    assert outline(chapter(doc, num)) == OUTLINES[num]


@pytest.mark.parametrize("num", list(SHARED))
def test_chapter_outline_with_shared_objectives(doc: Node, num: str) -> None:
    ch = chapter(doc, num)
    head, shared = SHARED[num]
    c = child(ch, "section", "C")
    assert outline(ch)[:2] == head
    assert [k.kind for k in ch.children] == ["section", "section", "section"]
    assert len(c.children) == 1 and c.children[0].kind == "section"
    # the group holds the two objectives, each its own node, then the shared sub-sections
    assert (c.children[0].num, c.children[0].label) == ("1-2", "")
    assert outline(c.children[0]) == [("section", "1", []), ("section", "2", []), *shared]


def test_section_titles(doc: Node) -> None:
    for num, _ in CHAPTERS[2:]:
        ch = chapter(doc, num)
        expected = [("A.", "Commitments"), ("B.", "Background"), ("C.", "Objectives")]
        if num == "VII":
            expected = [("A.", "Commitments"), ("B.", "Objectives")]
        assert labelled(ch, "section") == expected, num


def test_sub_section_titles(doc: Node) -> None:
    count = 0
    for ch_num, _ in CHAPTERS[2:]:
        for objective in objectives(doc, ch_num).children:
            for sec in objective.children:
                if sec.kind == "section" and not sec.label.startswith("Objective"):
                    assert (sec.label, sec.heading) == SUB_SECTION_TITLES[sec.num or ""]
                    count += 1
    # 16 National actions + 16 International actions + 14 Expected impact.
    assert count == 46


def test_numbered_objectives(doc: Node) -> None:
    for (ch, num), text in OBJECTIVE_TEXTS.items():
        obj = child(objectives(doc, ch), "section", num)
        assert (obj.label, obj.heading) == (f"Objective {num}.", text), (ch, num)


def test_unnumbered_objectives(doc: Node) -> None:
    texts = {
        "VII": "To develop, adopt and implement effective domestic legislation, regulations "
        "and administrative measures to prevent, detect and combat domestic and "
        "transnational money-laundering in cooperation with other States, in accordance "
        "with relevant international instruments.",
        "X": "To develop and promote domestic and international policies that mitigate the "
        "impact of crime on its victims and support the interests and roles of victims in "
        "the criminal justice process.",
        "XI": "To develop and implement national and international policies that reduce the "
        "need for incarceration and the probability of recidivism, in particular in the "
        "case of youthful or juvenile offenders.",
    }
    for ch, text in texts.items():
        obj = child(objectives(doc, ch), "section", None)
        assert (obj.label, obj.heading) == ("Objective.", text), ch


def test_shared_objectives_are_their_own_nodes(doc: Node) -> None:
    """Objectives 1 and 2 of chapters VI, IX and XII share their sub-sections; each is
    a node of its own (lines 496-497, 699-700, 896-898), with its label and text."""
    expected = {
        "VI": (
            "To [adopt,] sign, ratify and implement the Convention and the Firearms "
            "Protocol as soon as possible.",
            "To take such other measures as are appropriate to reduce the incidence of "
            "illicit manufacturing of and trafficking in firearms, their parts and components "
            "and ammunition and related criminal activities.",
        ),
        "IX": (
            "To promote and develop initiatives at the local, national and international "
            "levels that recognize the importance of crime prevention and incorporate "
            "effective crime prevention elements.",
            "To share information about successful and innovative crime prevention "
            "initiatives between Member States, with a view to applying such initiatives in "
            "other countries or at the international level, as appropriate.",
        ),
        "XII": (
            "To prevent and control all forms of criminal misuse of information "
            "technologies, in close cooperation with the telecommunication, computer and "
            "Internet industries.",
            "To develop and disseminate policy, legal, technical and other expertise and "
            "information that will assist countries at all stages of legal, social and "
            "economic development in controlling computer-related crime in order to ensure "
            "that security concerns do not become an obstacle to bridging the digital divide "
            "between developed and developing countries.",
        ),
    }
    for ch, (first, second) in expected.items():
        group = objectives(doc, ch).children[0]
        one, two = group.children[:2]
        assert [(o.kind, o.num, o.label, o.heading, o.children) for o in (one, two)] == [
            ("section", "1", "Objective 1.", first, []),
            ("section", "2", "Objective 2.", second, []),
        ], ch
        assert group.heading is None and group.text == ""


def test_subparagraph_letters(doc: Node) -> None:
    assert subparagraph_map(doc) == {
        "6": list("abcdefghij"),
        "7": list("abcd"),
        "10": list("abcd"),
        "13": list("ab"),
        "17": list("abcde"),
        "18": list("abcdefghi"),
        "20": list("abcde"),
        "22": list("abcd"),
        "23": list("abc"),
        "26": list("abcde"),
        "27": list("abcd"),
        "28": list("abcde"),
        "30": list("abcdef"),
        "31": list("abcdef"),
        "33": list("abcdef"),
        "35": list("abcdef"),
        "44": list("abcdefghijk"),
        "46": list("abcde"),
        "48": list("abcde"),
        "49": list("abcdefgh"),
        "51": list("ab"),
        "53": list("ab"),
        "57": list("abcdefghijkl"),
        "59": list("abcdefghi"),
        "61": list("abcd"),
        "62": list("abc"),
        "63": list("abcdefgh"),
        "65": list("abcdefgh"),
        "67": list("ab"),
        "69": list("abc"),
        "70": list("abcd"),
        "75": list("abcde"),
        "77": list("abcd"),
        "78": list("abcd"),
        "79": list("abcdefg"),
        "82": list("abcde"),
        "84": list("abcd"),
        "86": list("abcdef"),
        "88": list("abcdefghijkl"),
        "90": list("abc"),
        "92": list("ab"),
        "98": list("abcde"),
        "100": list("abcd"),
    }
    assert sum(1 for n in doc.walk() if n.kind == "subparagraph") == 231


def test_roman_items(doc: Node) -> None:
    items = {
        f"{ancestry(doc, n)[-2][1]}({n.num})": item_nums(n)
        for n in doc.walk()
        if n.kind == "subparagraph" and item_nums(n)
    }
    assert items == {
        "7(d)": ["i", "ii", "iii"],
        "57(k)": ["i", "ii", "iii", "iv"],
        "98(b)": ["i", "ii", "iii", "iv"],
        "98(d)": ["i", "ii", "iii"],
    }
    assert sum(1 for n in doc.walk() if n.kind == "item") == 14
    # Letter (i) after (h) stays a letter.
    for num in ("6", "18", "44", "57", "59", "88"):
        assert item_nums(sub(doc, num, "h")) == [], num


def test_roman_items_7_d(doc: Node) -> None:
    d = sub(doc, "7", "d")
    assert d.text == "Consistent with the Convention:"
    assert [i.text for i in d.children] == [
        "To incorporate crime prevention into national strategies;",
        "To enhance donor cooperation in crime prevention;",
        "To intensify cooperation on Convention matters (para. 7).",
    ]
    assert [i.line for i in d.children] == [96, 98, 100]


def test_inline_roman_98_b(doc: Node) -> None:
    b = sub(doc, "98", "b")
    assert [i.text for i in b.children[:2]] == [
        "The adjustment of rules of evidence to ensure that computer evidence can be "
        "preserved, authenticated and used in criminal proceedings;",
        "The adoption or amendment of provisions dealing with the national and "
        "international tracing of communications;",
    ]
    assert b.children[2].text == (
        "The adoption or amendment of provisions governing the conduct of domestic and "
        "cross-border electronic searches;"
    )


def test_57_k_ii_joined_across_the_page_break(doc: Node) -> None:
    ii = child(sub(doc, "57", "k"), "item", "ii")
    assert ii.text == (
        "Related offences such as tampering with firearm markings and violations of "
        "licensing or authorization requirements for the import, export or transit of "
        "firearms and related items;"
    )


def test_letter_l_printed_as_1(doc: Node) -> None:
    assert sub(doc, "57", "l").text == (
        "The preparation and dissemination of periodic national reports on the efforts "
        "of each State to reduce offences related to illicit manufacturing and "
        "trafficking and on the results achieved. The reports should contain "
        "information on such things as the methods used for identifying and tracing "
        "firearms, import/export and in-transit licensing or authorization regimes and "
        "border control measures."
    )
    assert sub(doc, "57", "l").line == 537
    assert sub(doc, "88", "l").text == (
        "Promoting the re-education and rehabilitation of children and young people who "
        "are in conflict with the law by encouraging, where appropriate, the use of "
        "mediation, conflict resolution conciliation and other methods of restorative "
        "justice as alternatives to judicial proceedings and custodial-based sanctions "
        "(resolution 1999/28, para. 8)."
    )


def test_displaced_paragraph_number_1(doc: Node) -> None:
    p1 = para(doc, "1")
    assert ancestry(doc, p1) == (("chapter", "I"), ("paragraph", "1"))
    assert p1.line == 48
    assert p1.text == (
        "On 17 April 2000, the Tenth United Nations Congress on the Prevention of Crime "
        "and the Treatment of Offenders adopted the Vienna Declaration on Crime and "
        "Justice: Meeting the Challenges of the Twenty-first Century (General Assembly "
        "resolution 55/59, annex). The Vienna Declaration contains a series of "
        "commitments to respond to specific problems of crime control and crime "
        "prevention and, in paragraph 29, invites the Commission for Crime Prevention "
        "and Criminal Justice to design specific measures for the implementation of and "
        "follow-up to those commitments. (The Vienna Declaration makes specific "
        "provision for implementation time-lines or deadlines, but imposes no overall "
        "deadline. The general time-frame envisaged in the present document is "
        "2001-2005. Where more specific references to timing appear in the Declaration "
        "or other documents providing legislative authority, these have been set out in "
        "the text.)"
    )
    # Note 1 has no marker in the notes list; it belongs to the Congress citation.
    assert [f.num for f in p1.footnotes] == ["1"]
    assert before_marker(p1, "1").endswith("the Treatment of Offenders")
    assert p1.footnotes[0].text == (
        "See Tenth United Nations Congress on the Prevention of Crime and the Treatment "
        "of Offenders, Vienna, 10-17 April 2000: report prepared by the Secretariat "
        "(United Nations publication, Sales No. E.00.IV.8)."
    )


def test_paragraph_81_embedded_in_line_766(doc: Node) -> None:
    p80, p81 = para(doc, "80"), para(doc, "81")
    assert p80.text == (
        "The protection and support of victims and witnesses is recognized as an "
        "important basic element of overall crime prevention and crime control "
        "strategies. Support measures reduce the impact of crime on those most directly "
        "affected and are essential to preserving and protecting the role of victims "
        "and witnesses in the criminal justice process, in particular with respect to "
        "organized crime and specific offences such as trafficking in persons, where "
        "intimidation or retaliation may be used against those who cooperate with "
        "States in preventing, investigating or prosecuting offences."
    )
    assert p80.footnotes == []
    assert p81.text == (
        "Restorative justice is regarded as an alternative mode of criminal justice. It "
        "is defined as a unique response to crime, to be distinguished from both "
        "rehabilitative and retributive responses. It assumes a process whereby all the "
        "parties with a stake in a specific offence come together to resolve "
        "collectively how to deal with the aftermath of the offence and its "
        "implications for the future."
    )
    assert [(f.num, f.offset) for f in p81.footnotes] == [("42", len(p81.text))]
    assert p81.line == 766


def test_paragraph_6_displaced_and_inline_letters(doc: Node) -> None:
    assert sub(doc, "6", "a").text == (
        "Transnational organized crime. States are urged to make every effort to sign "
        "and ratify the United Nations Convention against Transnational Organized Crime "
        '("the Convention") and the protocols thereto (General Assembly resolution '
        "55/25, annexes I-III) by the end of 2002 and to implement them as quickly as "
        "possible. The Centre for International Crime Prevention is requested to "
        "support that process before and after ratification and to support the "
        "Conference of States Parties to the Convention. States are also called upon to "
        "provide increased resources to permit the work to be carried out;"
    )
    assert sub(doc, "6", "b").text == (
        "Corruption. The major political commitment of States is to take enhanced "
        "international action against corruption, through existing instruments, a new "
        "binding global legal instrument against corruption and other measures. The "
        "Plan of Action against corruption incorporates mandates embodied both in the "
        "Vienna Declaration and recent resolutions of the General Assembly and sets out "
        "a course of action for States and the Centre leading to the negotiation, "
        "adoption, ratification and implementation of a global instrument. More general "
        "measures against corruption are also listed;"
    )
    assert sub(doc, "6", "c").text == (
        "Trafficking in persons. The plan for action against trafficking in persons "
        "calls for the ratification and implementation of the Protocol to Prevent, "
        "Suppress and Punish Trafficking in Persons, Especially Women and Children, "
        "supplementing the United Nations Convention against Transnational Organized "
        'Crime (the "Trafficking in Persons Protocol"), as quickly as possible. It also '
        "commits Member States to take further action against trafficking and more "
        "immediate steps to address those problems in the context of the global "
        "programme against trafficking in persons and calls upon them to provide "
        "voluntary contributions to support the Programme. The political commitment is "
        "to achieve a significant reduction in criminal offences relating to "
        "trafficking by 2005;"
    )
    e = sub(doc, "6", "e")
    assert e.text == (
        "Trafficking in firearms. The major actions called for in this section also "
        "relate to the signature, ratification and implementation of the Convention and "
        "its Protocol against the Illicit Manufacturing of and Trafficking in Firearms, "
        'Their Parts and Components and Ammunition (the "Firearms Protocol"). At the '
        "time of preliminary consultations on the draft Plans of Action, the text of "
        "the Protocol had not been finalized and the consultations were held on the "
        "basis of an interim text based on elements of the Protocol that had been "
        "finalized or had at that point enjoyed substantial support in the "
        "negotiations. The Protocol was finalized by the Ad Hoc Committee on the "
        "Elaboration of a Convention against Transnational Organized Crime at the "
        "conclusion of its twelfth session, on 2 March 2001, and the present text of "
        "the draft Plans of Action is based on that text. The political commitment is "
        "to achieve a significant reduction in illicit manufacturing and trafficking by "
        "2005;"
    )
    assert e.italics == [(0, len("Trafficking in firearms"))]
    assert before_marker(e, "2").endswith("is based on that text.")


@pytest.mark.parametrize(
    ("num", "letter", "start"),
    [
        ("30", "e", "The maintenance or establishment of institutions and structures"),
        ("51", "b", "Make increasing use of the Office for Drug Control and Crime Prevention"),
        ("57", "c", "The establishment of licensing rules and procedures for legitimate"),
        ("59", "d", "Provide assistance to signatories of the Convention and the Firearms"),
        ("63", "h", "Support and participate in projects or programmes to train officials"),
        ("70", "d", "In cooperation with Member States, take appropriate measures"),
        ("88", "k", "Promoting and implementing good prison practice in conformity"),
    ],
)
def test_inline_letters_split(doc: Node, num: str, letter: str, start: str) -> None:
    node = sub(doc, num, letter)
    assert node.text.startswith(start)
    previous = sub(doc, num, chr(ord(letter) - 1))
    assert f"({letter})" not in previous.text
    assert previous.text.endswith(";")


def test_scrambled_word_order_repaired(doc: Node) -> None:
    assert para(doc, "8").text == (
        "The Ad Hoc Committee on the Elaboration of a Convention against Transnational "
        "Organized Crime, established by the General Assembly in its resolution 53/111 "
        "of 9 December 1998, has completed the Convention and the protocols dealing "
        "with trafficking in persons, smuggling of migrants and the illicit "
        "manufacturing of and trafficking in firearms, opening the way for the "
        "signature, ratification and implementation of those instruments by Member "
        "States. The Ad Hoc Committee was requested by the Assembly in its resolution "
        "54/127 of 17 December 1999 to consider whether to develop an international "
        "instrument on the illicit manufacturing of and trafficking in explosives by "
        "criminals. Complete implementation of those instruments will be a complex "
        "process for most countries, involving the adoption of legislative, "
        "administrative and other measures, both domestically and in cooperation with "
        "other countries."
    )
    assert [f.num for f in para(doc, "8").footnotes] == ["5", "6"]
    p21 = para(doc, "21")
    assert p21.text == (
        "Corruption is now seen as a major obstacle to political and social stability, "
        "sustainable development, the rule of law and democratic government. Good "
        "governance and the establishment of adequate standards for such services as "
        "health, education and protection of the environment require integrity, "
        "transparency and trust between Governments and their people. That trust and "
        "the ability of Governments to set and implement their policies in an effective "
        "manner are seriously eroded or compromised by corruption. Governmental and "
        "judicial corruption deprive individuals of fairness, justice and the "
        "mechanisms that protect basic rights and hold state agencies legally "
        "accountable. Erosion of legal standards also compromises the ability of "
        "criminal laws and justice systems to control corruption itself. Corruption and "
        "the development of criminal justice measures to combat and eradicate it have "
        "been the subject of consideration by the General Assembly on several recent "
        "occasions."
    )
    assert [(f.num, f.offset) for f in p21.footnotes] == [("11", len(p21.text))]
    assert para(doc, "50").text.endswith(
        "through the institutions' frameworks for cooperation with recipient countries, "
        "for example, the United Nations Development Assistance Framework. Such actions "
        "should be taken with sensitivity to the needs and aspirations of legitimate "
        "migrants and with a view to combating the smuggling of migrants and not "
        "migration itself (paras. 10, 13 and 15)."
    )
    assert para(doc, "64").text == (
        "Collectively, States will promote increased international cooperation and "
        "coordination in devising ways and means of preventing and combating "
        "money-laundering. This will be done through specialized agencies and other "
        "entities of the United Nations system, international financial institutions "
        "and other relevant bodies. States that are members of such institutions will, "
        "through their membership, promote ways and means of preventing and combating "
        "money-laundering through their own technical cooperation programmes and "
        "through the institutions' frameworks for cooperation with recipient countries, "
        "for example, the United Nations Development Assistance Framework (paras. 10, "
        "13 and 15)."
    )


def test_page_break_joins(doc: Node) -> None:
    # 318 -> 320: split at a sentence boundary, still one paragraph.
    assert para(doc, "32").text == (
        "States will promote increased international cooperation and coordination in "
        "devising ways and means of preventing and combating corruption. Collectively, "
        "this will be done through specialized agencies and other entities of the "
        "United Nations system, international financial institutions and other relevant "
        "bodies. States that are members of such institutions will, through their "
        "membership, promote ways and means of preventing and combating corruption "
        "through their own technical cooperation programmes and through the "
        "institutions' frameworks for cooperation with recipient countries, for "
        "example, the United Nations Development Assistance Framework (paras. 10, 13 "
        "and 15)."
    )
    # 625 -> 627: "money-" / "laundering" rejoins without a space.
    assert sub(doc, "65", "f").text == (
        "Undertake efforts to raise awareness of the nature, scope and seriousness of "
        "the problem of money-laundering on the part of key officials and the general "
        "public;"
    )
    assert para(doc, "76").text == (
        "Collectively, States will promote increased international cooperation and "
        "coordination in devising ways and means of preventing crime. This will be done "
        "through specialized agencies and other entities of the United Nations system, "
        "international financial institutions and other relevant bodies. States that "
        "are members of such institutions will, through their membership, promote ways "
        "and means of crime prevention through their own technical cooperation "
        "programmes and through the institutions' frameworks for cooperation with "
        "recipient countries, for example, the United Nations Development Assistance "
        "Framework (paras. 10, 13 and 15)."
    )
    assert para(doc, "101").text == (
        "By the year 2005, ongoing discussions about the nature, extent and evolution "
        "of computer-related crime should have expanded to include all States. Steps "
        "will have been taken towards the development of a universal approach to areas "
        "such as research, criminal offences, investigative powers, other procedural "
        "measures and international cooperation."
    )
    assert sub(doc, "13", "b").text == (
        "Providing expertise and assistance to States, upon request and subject to the "
        "availability of resources, both before and after they ratify the instruments."
    )


@pytest.mark.parametrize(
    ("num", "letter", "fragment"),
    [
        ("10", "c", "provide pre- and post-ratification assistance"),
        ("22", "d", "intergovernmental open-ended expert group"),
        ("26", "a", "intergovernmental open-ended expert group"),
        ("30", "f", "expertise in anti-corruption measures"),
        ("31", "b", "international anti-corruption measures"),
        ("31", "c", "cooperation in anti-corruption matters"),
        ("62", "c", "global programme against money-laundering and"),
        ("63", "g", "global programme against money-laundering and"),
        ("69", "a", "between anti-terrorist agencies"),
        ("69", "a", "between counter-terrorist agencies"),
        ("75", "b", "governmental and non-governmental monitoring"),
    ],
)
def test_lost_hyphens_restored(doc: Node, num: str, letter: str, fragment: str) -> None:
    assert fragment in sub(doc, num, letter).text


def test_lost_hyphens_restored_in_paragraphs(doc: Node) -> None:
    assert "becoming a haven for money-laundering by foreign" in para(doc, "63").text
    assert "internationally accepted anti-money-laundering standards" in para(doc, "63").text
    assert "relevant non-governmental organizations" in para(doc, "60").text
    assert "commercial and non-commercial communications" in para(doc, "94").text
    assert "public- and private-sector control" in para(doc, "97").text
    assert "against computer-related crime and offenders" in sub(doc, "100", "c").text
    merged = ("postratification", "openended", "anticorruption", "moneylaundering",
              "nongovernmental", "antiterrorist", "counterterrorist", "noncommercial",
              "privatesector", "crossborder", "computerrelated")  # fmt: skip
    assert [w for text in all_strings(doc) for w in merged if w in text.lower()] == []


def test_summary(doc: Node) -> None:
    summary = find_heading(doc, "Summary")
    assert summary.kind == "heading"
    assert summary.label == ""
    assert [(c.kind, c.num) for c in summary.children] == [("paragraph", None)] * 3
    first, second, third = summary.children
    assert first.text.startswith(
        "The present draft Plans of Action for the Implementation of the Vienna "
        "Declaration on Crime and Justice"
    )
    # 19 -> 25 across the running footer (21) and the asterisk note (23).
    assert second.text == (
        "The primary focus of the draft Plans of Action is on the commitment of Member "
        "States, individually and collectively, to take effective measures against the "
        "crime problems set out in the Vienna Declaration and elsewhere. Each section "
        "has been divided into national actions and international actions, with "
        "emphasis on the former. Generally, matters set out as international actions "
        "involve commitments for the Centre for International Crime Prevention of the "
        "Office for Drug Control and Crime Prevention or other United Nations entities, "
        "while those described as national actions are matters for Member States. "
        "Commitments for United Nations entities that go beyond the core functions "
        "financed through regular budgets are contingent on the availability of "
        "adequate resources through voluntary contributions."
    )
    # The inline list (a) ... (i) of the summary is not split into subparagraphs.
    assert third.text.startswith(
        "The draft Plans of Action call for action in the following major areas: (a) "
        "transnational organized crime; (b) corruption;"
    )
    assert third.text.endswith("and (i) criminal misuse of information technologies.")
    assert third.children == []


def test_footnote_attachment(doc: Node) -> None:
    one_vi, two_vi = objectives(doc, "VI").children[0].children[:2]

    def cited_by(n: Node) -> object:
        if n is one_vi:
            return "objective 1 of VI"
        if n is two_vi:
            return "objective 2 of VI"
        steps = ancestry(doc, n)
        return steps[-2:] if n.kind == "subparagraph" else steps[-1]

    where = [(f.num, cited_by(n)) for n in doc.walk() for f in n.footnotes if f.num != "*"]

    def p(n: str) -> tuple[str, str]:
        return ("paragraph", n)

    def sp(n: str, letter: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return (("paragraph", n), ("subparagraph", letter))

    assert where == [
        ("1", p("1")),
        ("2", sp("6", "e")),
        ("3", sp("6", "f")),
        ("4", sp("6", "j")),
        ("5", sp("7", "a")),
        ("5", p("8")),
        ("6", p("8")),
        ("7", sp("18", "c")),
        ("8", sp("18", "g")),
        ("9", sp("20", "a")),
        ("10", sp("20", "b")),
        ("11", p("21")),
        ("12", sp("23", "a")),
        ("13", sp("23", "b")),
        ("14", sp("23", "c")),
        ("15", sp("31", "f")),
        ("16", sp("33", "e")),
        ("17", sp("35", "c")),
        ("18", p("37")),
        ("19", ("section", "1")),
        ("20", sp("44", "d")),
        ("21", sp("44", "e")),
        ("22", sp("44", "f")),
        ("23", sp("44", "g")),
        ("24", p("46")),
        ("25", sp("49", "d")),
        ("26", sp("49", "e")),
        ("27", sp("49", "f")),
        ("28", sp("49", "g")),
        ("29", p("51")),
        ("30", ("chapter", "VI")),
        ("31", "objective 1 of VI"),
        ("32", "objective 2 of VI"),
        ("33", p("59")),
        ("34", sp("59", "d")),
        ("35", sp("62", "a")),
        ("36", ("section", None)),
        ("37", ("section", "2")),
        ("38", p("72")),
        ("39", p("77")),
        ("40", sp("77", "a")),
        ("41", sp("79", "g")),
        ("42", p("81")),
        ("43", sp("82", "a")),
        ("44", sp("82", "b")),
        ("45", p("84")),
        ("46", p("88")),
        ("47", sp("88", "b")),
        ("48", sp("88", "k")),
        ("49", ("chapter", "XII")),
        ("50", sp("92", "a")),
        ("4", p("96")),
        ("51", p("100")),
    ]


def test_footnotes_in_headings(doc: Node) -> None:
    vi, xii = chapter(doc, "VI"), chapter(doc, "XII")
    assert [(f.num, f.offset, f.in_heading) for f in vi.footnotes] == [
        ("30", len(vi.heading or ""), True)
    ]
    assert [(f.num, f.offset, f.in_heading) for f in xii.footnotes] == [
        ("49", len(xii.heading or ""), True)
    ]
    v1 = child(objectives(doc, "V"), "section", "1")
    assert [(f.num, f.offset, f.in_heading) for f in v1.footnotes] == [
        ("19", len(v1.heading or ""), True)
    ]
    vii = child(objectives(doc, "VII"), "section", None)
    assert [(f.num, f.in_heading) for f in vii.footnotes] == [("36", True)]
    viii2 = child(objectives(doc, "VIII"), "section", "2")
    assert [f.num for f in viii2.footnotes] == ["37"]
    assert (
        before_marker(viii2, "37") == "To promote universal adherence to international instruments"
    )
    shared = objectives(doc, "VI").children[0]
    one, two = shared.children[:2]
    assert shared.footnotes == []
    assert [(f.num, f.offset, f.in_heading) for f in one.footnotes] == [
        ("31", len(one.heading or ""), True)
    ]
    assert [(f.num, f.offset, f.in_heading) for f in two.footnotes] == [
        ("32", len(two.heading or ""), True)
    ]
    assert (one.heading or "").endswith("Firearms Protocol as soon as possible.")
    assert (two.heading or "").endswith("and related criminal activities.")


def test_stray_punctuation_after_markers_dropped(doc: Node) -> None:
    p46 = para(doc, "46")
    assert p46.text == "The Centre for International Crime Prevention will:"
    assert [(f.num, f.offset) for f in p46.footnotes] == [("24", len(p46.text))]
    a = sub(doc, "62", "a")
    assert a.text == (
        "To develop, adopt and implement broad regimes and appropriate mechanisms to "
        "combat laundering of the proceeds of crime (para. 17);"
    )
    assert [(f.num, f.offset) for f in a.footnotes] == [("35", len(a.text))]


def test_latex_and_plain_digit_markers(doc: Node) -> None:
    d = sub(doc, "49", "d")
    assert d.text.endswith("placed in jeopardy in the course of being smuggled;")
    assert "$" not in d.text and "rm" not in d.text.split()[-1]
    assert [(f.num, f.offset) for f in d.footnotes] == [("25", len(d.text))]
    assert d.footnotes[0].text == (
        "See the Migrants Protocol, article 16, paragraphs 1 and 2, dealing with basic "
        "rights and protection from violence, as well as articles 6, paragraph 3, and 16, "
        "paragraph 3, which call for measures relating to smuggling activities that "
        "endanger lives, safety or human dignity."
    )


def test_footnote_texts(doc: Node) -> None:
    texts = footnote_texts(doc)
    assert sorted((k for k in texts if k != "*"), key=int) == [str(n) for n in range(1, 52)]
    assert texts["2"] == (
        "As at 1 April 2001, adoption of the Protocol by the General Assembly was still "
        "pending (see the report of the Ad Hoc Committee on its twelfth session "
        "(A/55/383/Add.2))."
    )
    # Note 7 is split by a blank line (958 -> 960).
    assert texts["7"].endswith(
        "(e.g. the International Criminal Police Organization (Interpol) and Europol) and "
        "data providers in the different countries. The principal mechanism would be the "
        "United Nations Transnational Organized Crime Assessment Survey."
    )
    assert texts["10"] == (
        "This is a preparatory step to the development of an international instrument."
    )
    assert texts["16"] == (
        "For the text of the original manual, see International Review of Criminal "
        "Policy, 1993, Nos. 41-42."
    )
    assert texts["35"] == (
        "See also the Naples Political Declaration and Global Action Plan against "
        "Organized Transnational Crime (A/49/748, annex, chap. I, sect. A)."
    )
    assert texts["38"] == (
        "The Office of Legal Affairs is responsible for legal and normative matters "
        "regarding terrorism."
    )
    assert texts["51"] == (
        "This will be done in cooperation with the institutes of the United Nations Crime "
        "Prevention and Criminal Justice Programme network and other intergovernmental and "
        "relevant non-governmental organizations."
    )


def test_no_notes_or_contents_left_in_the_body(doc: Node) -> None:
    assert [n for n in doc.walk() if n.heading in ("Notes", "Contents")] == []
    assert [n for n in doc.walk() if n.line is not None and n.line >= 950] == []
    for bad in ("|", "V.01-82215", "^{", "$", "Χ", "  ", "*"):
        assert [t for t in all_strings(doc) if bad in t] == [], bad
    assert [t for t in all_strings(doc) if t != t.strip()] == []
    superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    assert [t for t in all_strings(doc) if any(c in t for c in superscripts)] == []


def test_path_reads_like_the_outline(doc: Node) -> None:
    p57 = path(
        doc,
        ("chapter", "VI"),
        ("section", "C"),
    ).children[0]
    national = next(c for c in p57.children if c.label == "1.")
    assert [c.num for c in national.children] == ["55", "56", "57"]
    assert path(doc, ("chapter", "IV"), ("section", "C"), ("section", "2")).children[0].num == "25"


def test_shared_objective_sections_pinned(doc: Node) -> None:
    """Two objectives sharing one set of sub-sections: a group numbered 1-2 that prints
    nothing of its own, on the first objective's line, holding both objectives."""
    for ch, line in {"VI": 496, "IX": 699, "XII": 896}.items():
        shared = objectives(doc, ch).children[0]
        assert (shared.num, shared.label, shared.heading, shared.line) == ("1-2", "", None, line)
        assert [(c.label, c.line) for c in shared.children[:2]] == [
            ("Objective 1.", line),
            ("Objective 2.", line + (2 if ch == "XII" else 1)),
        ], ch
        assert [c.label for c in shared.children[2:]] == ["1.", "2.", "3."], ch


def test_asterisk_note_of_the_header_kept_on_the_document(doc: Node) -> None:
    # line 9: "Item 5 of the provisional agenda*": the note is the agenda line's, kept
    # with it as document metadata, not on the report's title
    assert [(f.num, f.text, f.offset, f.in_heading) for f in doc.footnotes] == [
        ("*", "E/CN.7/2001/1.", len("Item 5 of the provisional agenda"), False)
    ]
    assert doc.text == (
        "Item 5 of the provisional agenda\nFollow-up to the Tenth United Nations Congress on "
        "the Prevention of Crime and the Treatment of Offenders"
    )
    [agenda, title] = doc.meta
    assert (agenda.name, agenda.text, agenda.line) == (
        "agenda",
        "Item 5 of the provisional agenda",
        9,
    )
    assert [(f.num, f.text, f.offset) for f in agenda.footnotes] == [
        ("*", "E/CN.7/2001/1.", len(agenda.text))
    ]
    assert (title.name, title.line) == ("agenda item", 9)
    assert title.text == (
        "Follow-up to the Tenth United Nations Congress on the Prevention of Crime and the "
        "Treatment of Offenders"
    )


# Page breaks (none marked): (last line before the break, first line after it, the words
# around the break as they read once joined). 318 -> 320 falls at a sentence boundary
# inside ¶32; 625 -> 627 splits "money-" / "laundering".
PAGE_BREAKS = [
    (19, 25, "Nations entities that go beyond the"),
    (68, 70, "basis of an interim text based"),
    (136, 138, "the availability of resources, both before"),
    (318, 320, "and combating corruption. Collectively, this will"),
    (529, 531, "of licensing or authorization requirements for"),
    (625, 627, "problem of money-laundering on the"),
    (649, 651, "some cases relationships between criminal activities"),
    (718, 720, "will be done through specialized agencies"),
    (788, 790, "coordination in devising ways and means"),
    (944, 946, "as research, criminal offences, investigative powers,"),
]


@pytest.mark.parametrize(("before", "after", "joined"), PAGE_BREAKS, ids=str)
def test_page_break_joined(doc: Node, before: int, after: int, joined: str) -> None:
    node = node_at(doc, before)
    assert joined in node.text
    assert node_at(doc, after) is node


def test_tree_follows_the_source_order_and_labels(doc: Node) -> None:
    assert (
        tree_order_problems(
            # 496, 699, 896: a group of objectives starts on its first objective's line
            doc,
            frozenset({62, 298, 474, 496, 509, 549, 607, 675, 699, 766, 854, 896, 910}),
        )
        == []
    )
